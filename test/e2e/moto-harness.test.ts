// The test harness around moto_server, not moto itself. The e2e tests run the CLI with spawnSync, which stops
// the test process's event loop for the whole run; moto must keep answering meanwhile, however much it logs.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { type Moto, startMoto } from '../support/moto.ts';

// werkzeug logs ~90 bytes per request; 2,000 requests are three times what a 64 KiB pipe holds.
const REQUESTS = 2000;

describe('moto harness', () => {
  let moto: Moto;
  before(async () => {
    moto = await startMoto();
  });
  after(async () => {
    await moto.stop();
  });

  it(`answers ${REQUESTS} requests from a child run with spawnSync (its request log never blocks it)`, () => {
    const script = `
      for (let i = 0; i < ${REQUESTS}; i++) {
        const response = await fetch(process.argv[1] + '/moto-api/config', { signal: AbortSignal.timeout(10000) });
        if (!response.ok) throw new Error('request ' + i + ': ' + response.status);
        await response.arrayBuffer();
      }
      console.log('done');`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script, moto.endpoint], {
      encoding: 'utf8',
      timeout: 180_000,
    });
    assert.equal(run.stdout.trim(), 'done', `moto stopped answering: ${run.stderr || run.error?.message}`);
  });
});
