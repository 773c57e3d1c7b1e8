// Issue 12 §4 in the matrix: tf-<p>.plan reads and plans its own state and never applies it, reads what its
// project reads, touches no other project's state; and a pull request cannot assume the apply role.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cell, HEAD, report, trustCell, worldFor } from './world-fixtures.ts';

const CONFIG = (locking: string) => `${HEAD}defaults: { locking: ${locking} }
projects:
  - name: a
    managedPolicies: ["arn:aws:iam::aws:policy/AdministratorAccess"]
    planManagedPolicies: ["arn:aws:iam::aws:policy/AdministratorAccess"]
  - name: b
  - name: c
    reads: [a]
`;
const plan = (name: string) => `arn:aws:iam::111122223333:role/tf-${name}.plan`;

for (const locking of ['lockfile', 'dynamodb', 'both']) {
  test(`${locking}: the plan role reads and plans its state, never applies it, even with AdministratorAccess`, () => {
    const r = report(worldFor(CONFIG(locking)));
    assert.deepEqual(r.violations, []);
    for (const layer of ['effective', 'stateward'] as const) {
      const at = (operation: string, target = 'a:a/terraform.tfstate') =>
        cell(r, { project: 'a', actor: plan('a'), target, operation, layer });
      for (const operation of ['read', 'plan', 'force-unlock']) assert.equal(at(operation).actual, true, operation);
      for (const operation of ['apply', 'apply-new']) {
        const write = at(operation);
        assert.deepEqual([write.expected, write.actual], [false, false], `${operation} ${layer}`);
      }
      assert.equal(at('plan', 'b:b/terraform.tfstate').actual, false, `b's state ${layer}`);
    }
    const fenced = cell(r, {
      project: 'a',
      actor: plan('a'),
      target: 'a:a/terraform.tfstate',
      operation: 'apply',
      layer: 'effective',
    });
    assert.ok(
      fenced.decidedBy.some((s) => /StatewardFencePlanRole|StatewardFenceLockPlanRoles/.test(s)),
      fenced.decidedBy.join(', '),
    );
  });
}

test("a reader's plan role reads the state its project reads, and nothing more", () => {
  const r = report(worldFor(CONFIG('both')));
  for (const operation of ['read', 'plan', 'apply'] as const) {
    const c = cell(r, {
      project: 'c',
      actor: plan('c'),
      target: 'a:a/terraform.tfstate',
      operation,
      layer: 'effective',
    });
    assert.deepEqual([c.expected, c.actual], [operation === 'read', operation === 'read'], operation);
  }
});

test("a pull request's token is refused by the apply role's trust, unless the project opted out", () => {
  const r = report(worldFor(CONFIG('lockfile')));
  const refused = trustCell(r, 'a', 'pull-request');
  assert.deepEqual([refused.expected, refused.actual], [false, false]);
  const optedOut = report(worldFor(`${HEAD}projects:\n  - name: a\n    allowPullRequestApply: true\n  - name: b\n`));
  assert.throws(() => trustCell(optedOut, 'a', 'pull-request'), /no trust cell/);
  assert.ok(!optedOut.projects[0]!.operations.some((c) => c.actorKind === 'plan-role'));
});
