// verify as users run it: the matrix in the terminal, the same cells in --json, exit 2 on a violation.

import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../support/cli.ts';

test('verify passes offline on the example config and prints the matrix', () => {
  const { code, stdout } = runCli(['verify', '-c', 'examples/stateward.yaml']);
  assert.equal(code, 0, stdout);
  assert.match(stdout, /^verify: the generated documents, (\d+) cells, 0 violations/);
  for (const role of ['tf-proxmox', 'tf-network', 'tf-unifi', 'tf-dns'])
    assert.match(stdout, new RegExp(`^${role}$`, 'm'));
  assert.match(stdout, /who may assume it/);
  assert.match(stdout, /what each actor can do\s+read\s+plan\s+apply\s+new\s+ws\+\s+ws-\s+unlock/);
});

test('--json is versioned and holds the same cells the table counts', () => {
  const text = runCli(['verify', '-c', 'examples/stateward.yaml']);
  const json = runCli(['verify', '-c', 'examples/stateward.yaml', '--json']);
  assert.equal(json.code, 0);
  const report = JSON.parse(json.stdout);
  assert.equal(report.version, 2);
  assert.equal(report.source, 'generated');
  assert.equal(report.pairs, 'connected');
  const cells = report.projects.reduce(
    (n: number, p: { trust: unknown[]; operations: unknown[] }) => n + p.trust.length + p.operations.length,
    0,
  );
  assert.equal(Number(/(\d+) cells/.exec(text.stdout)![1]), cells);
  assert.deepEqual(report.violations, []);
});

test('other projects that no statement connects are counted in one line, and --all-pairs evaluates each', () => {
  const connected = runCli(['verify', '-c', 'examples/stateward.yaml', '-p', 'unifi']);
  assert.equal(connected.code, 0, connected.stdout);
  // unifi's role reaches only its own bucket: proxmox is the sample, network and dns are counted.
  assert.match(connected.stdout, /role\/tf-unifi → proxmox:proxmox\/terraform.tfstate/);
  assert.doesNotMatch(connected.stdout, /role\/tf-unifi → dns:/);
  assert.match(
    connected.stdout,
    /not shown: this role on 2 other projects' states, and 1 other project's roles on these states; no Allow statement connects them, so all are denied \(--all-pairs evaluates each\)/,
  );
  const all = runCli(['verify', '-c', 'examples/stateward.yaml', '-p', 'unifi', '--all-pairs', '--json']);
  assert.equal(all.code, 0, all.stdout);
  const report = JSON.parse(all.stdout);
  assert.equal(report.pairs, 'all');
  assert.deepEqual(report.projects[0].unconnected, { otherStates: 0, otherRoles: 0, managementActions: 0 });
  const unifiOn = new Set(
    report.projects[0].operations
      .filter((c: { actor: string }) => c.actor.endsWith('role/tf-unifi'))
      .map((c: { targetOwner: string }) => c.targetOwner),
  );
  assert.deepEqual([...unifiOn].sort(), ['dns', 'network', 'proxmox', 'unifi']);
});

test('a config that drops the fence while a role holds AdministratorAccess fails with exit 2, naming the cells', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sw-verify-'));
  const file = join(dir, 'stateward.yaml');
  writeFileSync(
    file,
    [
      'version: 1',
      'account: "111122223333"',
      'region: eu-west-1',
      'github: { org: acme }',
      'projects:',
      '  - name: a',
      '    fence: false',
      '  - name: b',
      '    managedPolicies: ["arn:aws:iam::aws:policy/AdministratorAccess"]',
      '',
    ].join('\n'),
  );
  const { code, stdout } = runCli(['verify', '-c', file]);
  assert.equal(code, 2);
  assert.match(stdout, /Violations/);
  assert.match(
    stdout,
    /arn:aws:iam::111122223333:role\/tf-b CAN read a:a\/terraform.tfstate \(expected denied\): s3:GetObject arn:aws:s3:::tfstate-a-111122223333\/a\/terraform.tfstate; decided by AdministratorAccess\/#0/,
  );
});

test('--explain prints the deciding statement of every cell', () => {
  const { code, stdout } = runCli(['verify', '-c', 'examples/stateward.yaml', '--project', 'unifi', '--explain']);
  assert.equal(code, 0);
  assert.match(
    stdout,
    /effective role\/tf-network read unifi:unifi\/terraform.tfstate: denied by bucket tfstate-unifi-111122223333\/StatewardFenceStateObjects/,
  );
});
