// Ctrl-C during apply, as users meet it, against moto: the fault proxy holds a request so the signal lands
// while a call is in flight. apply starts nothing new, lets the call settle, prints what was applied and
// what was not started, and exits 130; the next apply converges and the plan after it is empty.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import * as IAM from '@aws-sdk/client-iam';
import { startStateward, stateward, statewardInTerminal, writeConfig } from '../aws/e2e-cli.ts';
import { awsClients } from '../support/aws.ts';
import { type FaultProxy, startFaultProxy } from '../support/fault-proxy.ts';
import { type Moto, startMoto } from '../support/moto.ts';

describe('apply interrupted by a signal, against moto', () => {
  let moto: Moto;
  let proxy: FaultProxy;

  before(async () => {
    moto = await startMoto();
    const aws = awsClients(moto);
    for (const UserName of ['alice', 'bob']) await aws.iam.send(new IAM.CreateUserCommand({ UserName }));
    proxy = await startFaultProxy({ target: moto.endpoint, seed: 1, rate: 0 });
  });
  after(async () => {
    await proxy?.stop();
    await moto?.stop();
  });

  /** Every AWS endpoint pointed at the proxy. */
  const throughProxy = () =>
    Object.fromEntries(
      Object.keys(moto.env)
        .filter((k) => k.startsWith('AWS_ENDPOINT_URL'))
        .map((k) => [k, proxy.endpoint]),
    );

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`${signal} mid-apply: the call in flight settles, nothing new starts, a summary, exit 130; the next apply converges`, async () => {
      const names = signal === 'SIGINT' ? ['red', 'green', 'blue'] : ['red', 'green', 'blue', 'cyan', 'teal'];
      const config = writeConfig(names.map((name) => ({ name })));
      // The first versioning write waits at the proxy: by then some changes are done, many not yet started.
      proxy.hold(({ method, url }) => method === 'PUT' && /[?&]versioning\b/.test(url));
      const run = startStateward(moto, ['-c', config, 'apply', '--auto-approve'], { env: throughProxy() });
      for (let waited = 0; proxy.held === 0; waited += 20) {
        assert.ok(waited < 60_000, 'apply never reached a versioning write');
        await sleep(20);
      }
      run.child.kill(signal);
      await sleep(500);
      proxy.release();
      const interrupted = await run.done;

      assert.equal(interrupted.code, 130, interrupted.stderr);
      assert.match(interrupted.stderr, new RegExp(`${signal}: starting no further change`));
      const summary = /Apply interrupted \((SIG\w+)\): (\d+) applied, 0 failed, 0 skipped, (\d+) not started\./.exec(
        interrupted.stdout,
      );
      assert.ok(summary, interrupted.stdout);
      assert.equal(summary[1], signal);
      assert.ok(Number(summary[2]) > 0 && Number(summary[3]) > 0, summary[0]);
      const notStarted = [...interrupted.stdout.matchAll(/^ {2}not started {2}(\S+)$/gm)].map((m) => m[1]);
      assert.equal(notStarted.length, Number(summary[3]));
      assert.match(interrupted.stdout, /^ {2}done {9}bucket\/tfstate-\w+-\d+\/versioning$/m, 'the held call settled');

      const plan = await stateward(moto, ['-c', config, 'plan', '--json']);
      const pending = (JSON.parse(plan.stdout) as { changes: Array<{ id: string }> }).changes.map((c) => c.id);
      assert.deepEqual(pending.sort(), [...notStarted].sort(), 'exactly what was not started is still to do');

      const again = await stateward(moto, ['-c', config, 'apply', '--auto-approve', '-q']);
      assert.equal(again.code, 0, again.stderr);
      assert.match(again.stdout, /^Apply complete: \d+ applied, 0 failed, 0 skipped\.\n$/, 'apply -q: one line');
      const converged = await stateward(moto, ['-c', config, 'plan', '--detailed-exitcode']);
      assert.equal(converged.code, 0, converged.stdout);
    });
  }

  it('Ctrl-C at a terminal, with the live progress list: the same summary and exit 130, not 127', async () => {
    const config = writeConfig(['red', 'green', 'blue', 'cyan', 'teal', 'plum'].map((name) => ({ name })));
    proxy.hold(({ method, url }) => method === 'PUT' && /[?&]versioning\b/.test(url));
    // Released a moment after the first versioning write is held, so the interrupt lands while it is in flight.
    const releasing = (async () => {
      while (proxy.held === 0) await sleep(20);
      await sleep(1000);
      proxy.release();
    })();
    // Ctrl-C typed once the progress list shows a versioning write started: the terminal sends SIGINT.
    const interrupted = await statewardInTerminal(
      moto,
      ['-c', config, 'apply', '--auto-approve'],
      '/versioning',
      '\x03',
      throughProxy(),
    );
    await releasing;
    assert.equal(interrupted.code, 130, interrupted.stdout);
    assert.match(interrupted.stdout, /SIGINT: starting no further change/);
    assert.match(
      interrupted.stdout,
      /Apply interrupted \(SIGINT\): \d+ applied, 0 failed, 0 skipped, [1-9]\d* not started\./,
    );
    const again = await stateward(moto, ['-c', config, 'apply', '--auto-approve', '-q']);
    assert.equal(again.code, 0, again.stderr);
    assert.equal((await stateward(moto, ['-c', config, 'plan', '--detailed-exitcode'])).code, 0);
  });
});
