// verify as users run it: the matrix in the terminal, the same cells in --json, exit 2 on a violation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/cli.ts';

test('verify passes offline on the example config and prints the matrix', () => {
  const { code, stdout } = runCli(['verify', '-c', 'examples/stateward.yaml']);
  assert.equal(code, 0, stdout);
  assert.match(stdout, /^verify: the generated documents, (\d+) cells, 0 violations/);
  for (const role of ['tf-proxmox', 'tf-network', 'tf-unifi', 'tf-dns']) assert.match(stdout, new RegExp(`^${role}$`, 'm'));
  assert.match(stdout, /who may assume it/);
  assert.match(stdout, /what each actor can do\s+read\s+plan\s+apply\s+new\s+ws\+\s+ws-\s+unlock/);
});

test('--json is versioned and holds the same cells the table counts', () => {
  const text = runCli(['verify', '-c', 'examples/stateward.yaml']);
  const json = runCli(['verify', '-c', 'examples/stateward.yaml', '--json']);
  assert.equal(json.code, 0);
  const report = JSON.parse(json.stdout);
  assert.equal(report.version, 1);
  assert.equal(report.source, 'generated');
  const cells = report.projects.reduce((n: number, p: { trust: unknown[]; operations: unknown[] }) => n + p.trust.length + p.operations.length, 0);
  assert.equal(Number(/(\d+) cells/.exec(text.stdout)![1]), cells);
  assert.deepEqual(report.violations, []);
});

test('a config that drops the fence while a role holds AdministratorAccess fails with exit 2, naming the cells', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sw-verify-'));
  const file = join(dir, 'stateward.yaml');
  writeFileSync(file, ['version: 1', 'account: "111122223333"', 'region: eu-west-1', 'github: { org: acme }', 'projects:', '  - name: a', '    fence: false', '  - name: b', '    managedPolicies: ["arn:aws:iam::aws:policy/AdministratorAccess"]', ''].join('\n'));
  const { code, stdout } = runCli(['verify', '-c', file]);
  assert.equal(code, 2);
  assert.match(stdout, /Violations/);
  assert.match(stdout, /arn:aws:iam::111122223333:role\/tf-b CAN read a:a\/terraform.tfstate \(expected denied\): s3:GetObject arn:aws:s3:::tfstate-a-111122223333\/a\/terraform.tfstate; decided by AdministratorAccess\/#0/);
});

test('--explain prints the deciding statement of every cell', () => {
  const { code, stdout } = runCli(['verify', '-c', 'examples/stateward.yaml', '--project', 'unifi', '--explain']);
  assert.equal(code, 0);
  assert.match(stdout, /effective role\/tf-network read unifi:unifi\/terraform.tfstate: denied by bucket tfstate-unifi-111122223333\/StatewardFenceStateObjects/);
});
