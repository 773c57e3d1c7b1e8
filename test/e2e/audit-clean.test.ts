// audit on an account built by `stateward apply` (on moto): no findings, exit 0, in every output format.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { auditJson, prepareAccount, statewardIn, writeAuditConfig } from '../audit/support/account.ts';
import { awsClients } from '../support/aws.ts';
import { type Moto, startMoto } from '../support/moto.ts';

describe('audit of a clean account', () => {
  let moto: Moto;
  let config: { dir: string; file: string };

  before(async () => {
    moto = await startMoto();
    await prepareAccount(awsClients(moto));
    config = writeAuditConfig();
    const applied = await statewardIn(moto, ['-c', config.file, 'apply', '--auto-approve']);
    assert.equal(applied.code, 0, applied.stderr + applied.stdout);
  });
  after(async () => moto?.stop());

  it('without a config it finds the three state buckets and roles and reports nothing: exit 0', async () => {
    const run = await auditJson(moto);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(run.findings, []);
  });

  it('with the config (found as ./stateward.yaml) it also reports nothing', async () => {
    const run = await auditJson(moto, [], { cwd: config.dir });
    assert.equal(run.code, 0, run.stderr);
    assert.equal((JSON.parse(run.stdout) as { config?: string }).config, 'stateward.yaml');
    assert.deepEqual(run.findings, []);
  });

  it('the table says so in words', async () => {
    const run = await statewardIn(moto, ['audit']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /No findings/);
  });
});
