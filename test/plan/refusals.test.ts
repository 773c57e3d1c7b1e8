// What the planner refuses to plan, and what it passes through untouched.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StatewardError } from '../../src/errors.ts';
import { diff } from '../../src/plan/diff.ts';
import { emptyObserved } from '../../src/plan/empty-observed.ts';
import { renderPlanText } from '../../src/plan/render-text.ts';
import { drifted, exampleDesired, project } from './fixtures.ts';

const desired = exampleDesired();

function refusal(fn: () => unknown): StatewardError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof StatewardError, String(error));
    return error;
  }
  assert.fail('expected a StatewardError');
}

test('a bucket name held by another account is refused, naming the bucket and the fix', () => {
  const observed = emptyObserved(desired);
  project(observed, 'unifi').bucket.status = 'foreign';
  const error = refusal(() => diff(desired, observed));
  assert.equal(error.code, 'PLAN_BUCKET_FOREIGN');
  assert.match(error.message, /tfstate-unifi-111122223333/);
  assert.match(error.message, /another AWS account/);
  assert.match(error.fix, /another project name for "unifi"/);
});

test('every foreign bucket is named at once', () => {
  const observed = emptyObserved(desired);
  project(observed, 'unifi').bucket.status = 'foreign';
  project(observed, 'dns').bucket.status = 'foreign';
  const error = refusal(() => diff(desired, observed));
  assert.match(error.message, /tfstate-unifi-111122223333.*tfstate-dns-111122223333/);
});

test('a snapshot of another account is refused', () => {
  const error = refusal(() => diff(desired, { ...emptyObserved(desired), account: '999988887777' }));
  assert.equal(error.code, 'PLAN_ACCOUNT_MISMATCH');
  assert.match(error.message, /999988887777.*111122223333/);
});

test('a snapshot without one of the projects is refused rather than read as "absent"', () => {
  const observed = emptyObserved(desired);
  observed.projects = observed.projects.filter((p) => p.name !== 'dns');
  assert.equal(refusal(() => diff(desired, observed)).code, 'PLAN_PROJECT_NOT_OBSERVED');
});

test('a lock table with a key Terraform cannot use is refused', () => {
  const observed = drifted(desired, (o) => {
    o.shared.lockTable.partitionKey = { name: 'id', type: 'S' };
  });
  const error = refusal(() => diff(desired, observed));
  assert.equal(error.code, 'PLAN_LOCK_TABLE_KEY');
  assert.match(error.fix, /LockID/);
});

test('orphans are passed through, never planned, and listed as left untouched', () => {
  const observed = drifted(desired, (o) => {
    o.orphans = { buckets: ['tfstate-old-111122223333'], roles: ['tf-old'] };
  });
  const plan = diff(desired, observed);
  assert.deepEqual(plan.orphans, { buckets: ['tfstate-old-111122223333'], roles: ['tf-old'] });
  assert.deepEqual(plan.changes, []);
  const text = renderPlanText(plan, { color: false });
  assert.match(text, /Not in config, left untouched:\n {2}bucket tfstate-old-111122223333\n {2}role tf-old/);
});

test('resources the config no longer wants are left in place: only grants are taken away', () => {
  const observed = drifted(desired, (o) => {
    o.orphans = { buckets: ['tfstate-old-111122223333'], roles: ['tf-old'] };
    o.shared.operators.group.members!.push('mallory');
    project(o, 'network').role.managedPolicyArns!.push('arn:aws:iam::aws:policy/ReadOnlyAccess');
  });
  const withoutTable = { ...desired, shared: { ...desired.shared, lockTable: undefined } };
  const plan = diff(withoutTable, observed);
  assert.deepEqual(
    plan.changes.map((c) => [c.action, c.id]),
    [
      ['detach', 'role/tf-network/managedPolicy/arn:aws:iam::aws:policy/ReadOnlyAccess'],
      ['remove-member', 'group/tf-operators/member/mallory'],
    ],
  );
});
