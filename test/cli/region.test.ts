// --region may only repeat the config's region: any other region is refused before an AWS call is made
// (the endpoint below answers nothing, so an attempted call would fail differently).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCli } from '../support/cli.ts';

const NOWHERE = { AWS_ENDPOINT_URL: 'http://127.0.0.1:9', AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'y' };

for (const command of ['plan', 'apply', 'audit', 'locks']) {
  test(`${command} --region other than the config's is refused with the fix, before any AWS call`, () => {
    const args = [command, '-c', 'examples/stateward.yaml', '--region', 'us-east-1'];
    const refused = runCli(command === 'locks' ? [...args, '--project', 'proxmox'] : args, { env: NOWHERE });
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /\[CLI_REGION_MISMATCH\] --region us-east-1 differs from the region eu-west-1/);
    assert.match(refused.stderr, /Drop --region/);
  });
}

test("--region equal to the config's region is accepted (the command goes on to call AWS)", () => {
  const run = runCli(['plan', '-c', 'examples/stateward.yaml', '--region', 'eu-west-1'], { env: NOWHERE });
  assert.equal(run.code, 1);
  assert.doesNotMatch(run.stderr, /CLI_REGION_MISMATCH/);
  assert.match(run.stderr, /AWS_/);
});
