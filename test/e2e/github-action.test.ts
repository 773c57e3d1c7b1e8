// The action's shell steps run as a GitHub runner runs them (bash, GITHUB_ACTION_PATH, RUNNER_TEMP,
// GITHUB_OUTPUT, inputs in env), against an account `stateward apply` built on moto: a clean account passes,
// findings leave a valid SARIF for the upload and fail the job only in the last step, and an error stops the
// job at once.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { action } from '../action/action-file.ts';
import { sarifValidator } from '../audit/sarif-schema.ts';
import { ACCOUNT, appliedAccount } from '../audit/support/account.ts';
import { editTrust } from '../audit/support/sdk.ts';
import type { AwsClients } from '../support/aws.ts';
import { childEnv } from '../support/aws-env.ts';
import { ROOT } from '../support/cli.ts';
import { type Moto, TEST_REGION } from '../support/moto.ts';

interface StepRun {
  code: number;
  stderr: string;
  outputs: Record<string, string>;
}

/** One `run` step of action.yml in bash as GitHub runs it (`bash --noprofile --norc -eo pipefail`), with the runner's variables and the step's env filled from `inputs`. */
function runStep(moto: Moto, name: string, inputs: Record<string, string>, cwd: string): StepRun {
  const step = action.runs.steps.find((s) => s.name === name);
  assert.ok(step?.run, `action.yml has no run step named ${name}`);
  const runnerTemp = mkdtempSync(join(tmpdir(), 'stateward-runner-'));
  const outputFile = join(runnerTemp, 'github-output');
  writeFileSync(outputFile, '');
  const stepEnv = Object.fromEntries(
    Object.entries(step.env ?? {}).map(([key, value]) => [
      key,
      value.replace(
        /\$\{\{ inputs\.([\w-]+) \}\}/,
        (_, input: string) => inputs[input] ?? action.inputs[input]?.default ?? '',
      ),
    ]),
  );
  const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run], {
    cwd,
    encoding: 'utf8',
    env: {
      ...childEnv(moto.env),
      AWS_REGION: TEST_REGION,
      NO_COLOR: '1',
      GITHUB_ACTION_PATH: ROOT,
      RUNNER_TEMP: runnerTemp,
      GITHUB_OUTPUT: outputFile,
      ...stepEnv,
    },
  });
  const outputs = Object.fromEntries(
    readFileSync(outputFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
  return { code: result.status ?? -1, stderr: result.stderr, outputs };
}

describe('the GitHub Action on moto', () => {
  let moto: Moto;
  let aws: AwsClients;
  let config: { dir: string; file: string };
  before(async () => ({ moto, aws, config } = await appliedAccount()));
  after(async () => moto?.stop());

  it('a clean account: the audit step succeeds and leaves a valid SARIF in its own category; the job does not fail', () => {
    const audit = runStep(moto, 'Audit the account', { config: config.file }, config.dir);
    assert.equal(audit.code, 0, audit.stderr);
    assert.equal(audit.outputs['exit-code'], '0');
    const sarif = JSON.parse(readFileSync(audit.outputs['sarif-file']!, 'utf8'));
    assert.equal(sarifValidator()(sarif), true);
    assert.equal(sarif.runs[0].automationDetails.id, `stateward/audit/${ACCOUNT}/`);
    assert.deepEqual(sarif.runs[0].results, []);
  });

  it('findings: the audit step still succeeds so the SARIF is uploaded, then the last step fails the job', async () => {
    await editTrust(aws, 'tf-web', (doc) => {
      doc.Statement[0]!.Condition = {
        StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
        StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:acme/*' },
      };
    });
    const audit = runStep(moto, 'Audit the account', { config: config.file }, config.dir);
    assert.equal(audit.code, 0, audit.stderr);
    assert.equal(audit.outputs['exit-code'], '2');
    const sarif = JSON.parse(readFileSync(audit.outputs['sarif-file']!, 'utf8'));
    assert.equal(sarifValidator()(sarif), true);
    assert.ok(sarif.runs[0].results.some((r: { ruleId: string }) => r.ruleId === 'SW-TRUST-002'));
    const fail = runStep(moto, 'Fail on audit findings', {}, config.dir);
    assert.equal(fail.code, 2);
  });

  it('an error (a config path that does not exist) fails the audit step itself, with stateward’s message', () => {
    const audit = runStep(moto, 'Audit the account', { config: 'no/such/stateward.yaml' }, config.dir);
    assert.equal(audit.code, 1);
    assert.equal(audit.outputs['exit-code'], '1');
    assert.match(audit.stderr, /no\/such\/stateward\.yaml/);
  });
});
