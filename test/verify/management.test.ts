// Issue 12 §1: a project role holding AdministratorAccess must not be able to weaken or destroy another
// project's state store: its bucket settings, the shared lock table, its KMS key.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  BUCKET_MANAGEMENT_ACTIONS,
  KEY_MANAGEMENT_ACTIONS,
  TABLE_MANAGEMENT_ACTIONS,
} from '../../src/policy/management-actions.ts';
import type { ManagementCell } from '../../src/verify/management.ts';
import { verifyWorld } from '../../src/verify/matrix.ts';
import { renderVerifyText } from '../../src/verify/render.ts';
import { HEAD, report, role, worldFor } from './world-fixtures.ts';

const KEY = (id: string) => `arn:aws:kms:eu-west-1:111122223333:key/${id}`;
const BOUNDARY = 'arn:aws:iam::111122223333:policy/tf-state-boundary';

const config = (options: { boundary: boolean; fence: boolean }) => `${HEAD}defaults:
  fence: ${options.fence}
  locking: both
projects:
${['a', 'b']
  .map(
    (name) => `  - name: ${name}
    managedPolicies: ["arn:aws:iam::aws:policy/AdministratorAccess"]
    encryption: { type: sse-kms, kmsKeyArn: "${KEY(name)}" }
${options.boundary ? `    permissionsBoundary: "${BOUNDARY}"\n` : ''}`,
  )
  .join('')}`;

const cellsOf = (r: ReturnType<typeof report>, project: string, target: string): ManagementCell[] =>
  r.projects.find((p) => p.name === project)!.management.filter((c) => c.target.startsWith(target));

test("with AdministratorAccess, every management action on another project's bucket and on the lock table is denied by the fence", () => {
  const r = report(worldFor(config({ boundary: false, fence: true })));
  const bucket = cellsOf(r, 'a', 'bucket tfstate-b-');
  assert.deepEqual(bucket.map((c) => c.action).sort(), [...BUCKET_MANAGEMENT_ACTIONS].sort());
  for (const c of bucket) {
    assert.equal(c.actual, false, c.action);
    assert.deepEqual(c.decidedBy, ['bucket tfstate-b-111122223333/StatewardFenceBucketManagement'], c.action);
  }
  const table = cellsOf(r, 'a', 'lock table');
  assert.deepEqual(table.map((c) => c.action).sort(), [...TABLE_MANAGEMENT_ACTIONS].sort());
  for (const c of table) {
    assert.equal(c.actual, false, c.action);
    assert.deepEqual(c.decidedBy, ['lock table/StatewardFenceLockTableManagement'], c.action);
  }
});

test("without a boundary, another project's KMS key is reported as reachable; the boundary denies it", () => {
  const open = report(worldFor(config({ boundary: false, fence: true })));
  const reachable = cellsOf(open, 'a', 'KMS key of b');
  assert.deepEqual(reachable.map((c) => c.action).sort(), [...KEY_MANAGEMENT_ACTIONS].sort());
  assert.ok(reachable.every((c) => c.actual && open.violations.includes(c)));
  const text = renderVerifyText(open, { color: false });
  assert.match(text, /tf-a CAN kms:ScheduleKeyDeletion on KMS key of b \(expected denied\)/);
  assert.match(text, /stateward policy --kind boundary/);

  const bounded = report(worldFor(config({ boundary: true, fence: true })));
  assert.deepEqual(bounded.violations, []);
  for (const c of cellsOf(bounded, 'a', 'KMS key of b'))
    assert.ok(c.decidedBy.includes(`${BOUNDARY}/DenyStateKeyManagement`), `${c.action}: ${c.decidedBy}`);
  assert.match(renderVerifyText(bounded, { color: false }), /managing other projects' stores: \d+ actions, all denied/);
});

test('with the fence off and no boundary, each management action a broad role may take is a violation', () => {
  const r = report(worldFor(config({ boundary: false, fence: false })));
  const bucket = cellsOf(r, 'b', 'bucket tfstate-a-');
  assert.ok(bucket.every((c) => c.actual && r.violations.includes(c)));
  assert.ok(bucket.some((c) => c.action === 's3:PutLifecycleConfiguration' && c.actor === role('b')));
  // The boundary alone covers them too.
  const bounded = report(worldFor(config({ boundary: true, fence: false })));
  assert.ok(cellsOf(bounded, 'b', 'bucket tfstate-a-').every((c) => !c.actual));
});

test('`stateBoundary: true` gives every role with managedPolicies the boundary: the KMS cells are denied by it', () => {
  const text = config({ boundary: false, fence: true }).replace('defaults:', 'stateBoundary: true\ndefaults:');
  const r = report(worldFor(text));
  assert.deepEqual(r.violations, []);
  const cells = cellsOf(r, 'a', 'KMS key of b');
  assert.deepEqual(cells.map((c) => c.action).sort(), [...KEY_MANAGEMENT_ACTIONS].sort());
  for (const c of cells) {
    assert.equal(c.actual, false, c.action);
    assert.ok(c.decidedBy.includes(`${BOUNDARY}/DenyStateKeyManagement`), `${c.action}: ${c.decidedBy}`);
  }
});

test('the fix verify prints for a reachable key names the config option that closes it', () => {
  const text = renderVerifyText(report(worldFor(config({ boundary: false, fence: true }))), { color: false });
  assert.match(text, /set `stateBoundary: true` in the config/);
});

test('the summary names each denying statement once, with the number of policies it stands in, not every bucket', () => {
  const three = `${HEAD}defaults:\n  locking: both\nprojects:\n${['a', 'b', 'c']
    .map((name) => `  - name: ${name}\n    managedPolicies: ["arn:aws:iam::aws:policy/AdministratorAccess"]\n`)
    .join('')}`;
  const text = renderVerifyText(report(worldFor(three)), { color: false });
  const line = text.split('\n').find((l) => l.includes('managing other projects') && l.includes('all denied'));
  assert.match(
    line ?? '',
    /all denied \(StatewardFenceBucketManagement in 2 policies, lock table\/StatewardFenceLockTableManagement\)$/,
  );
});

test('plain roles: no Allow statement reaches another store, so nothing is evaluated and the summary says so', () => {
  const plain = `${HEAD}projects:\n  - name: a\n  - name: b\n`;
  const r = report(worldFor(plain));
  const a = r.projects.find((p) => p.name === 'a')!;
  assert.deepEqual(a.management, []);
  assert.equal(a.unconnected.managementActions, BUCKET_MANAGEMENT_ACTIONS.length);
  assert.match(renderVerifyText(r, { color: false }), /: \d+ actions, all denied \(no Allow statement reaches them\)/);
  // --all-pairs keeps each as a cell, decided by no statement.
  const all = verifyWorld(worldFor(plain), { allPairs: true }).projects.find((p) => p.name === 'a')!;
  assert.equal(all.management.length, BUCKET_MANAGEMENT_ACTIONS.length);
  assert.ok(all.management.every((c) => !c.actual && c.decidedBy.length === 0));
  assert.equal(all.unconnected.managementActions, 0);
});
