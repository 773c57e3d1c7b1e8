// What the planner refuses to plan, and what it passes through untouched.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StatewardError, StatewardErrors } from '../../src/errors.ts';
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

test('each human that is not an IAM user is refused with its own fix, before any change is planned', () => {
  const observed = emptyObserved(desired);
  observed.shared.humans = desired.shared.operators.members.map((name, i) => ({
    name,
    status: i === 0 ? 'present' : 'absent',
  }));
  const missing = desired.shared.operators.members.slice(1);
  assert.ok(missing.length > 0, 'the example names at least two humans');
  let thrown: unknown;
  try {
    diff(desired, observed);
  } catch (error) {
    thrown = error;
  }
  assert.ok(thrown instanceof StatewardErrors);
  assert.deepEqual(
    thrown.errors.map((e) => e.code),
    missing.map(() => 'PLAN_HUMAN_MISSING'),
  );
  for (const [i, name] of missing.entries()) {
    assert.match(thrown.errors[i]!.message, new RegExp(`IAM user "${name}" listed in humans does not exist`));
    assert.match(thrown.errors[i]!.fix, new RegExp(`aws iam create-user --user-name ${name}`));
  }
});

test('humans the snapshot does not know (offline) refuse nothing', () => {
  assert.ok(diff(desired, emptyObserved(desired)).changes.length > 0);
});
