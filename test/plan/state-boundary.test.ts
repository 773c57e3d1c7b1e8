// `stateBoundary: true` (issue 12, finding 1): stateward keeps the managed policy tf-state-boundary and sets it
// as the permissions boundary of every project role with infrastructure permissions and no boundary of its own;
// a role that carries it waits for its creation; the plan shows it and converges.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseConfig } from '../../src/config/load.ts';
import { buildDesired } from '../../src/desired/build.ts';
import { diff } from '../../src/plan/diff.ts';
import { emptyObserved } from '../../src/plan/empty-observed.ts';
import { renderPlanText } from '../../src/plan/render-text.ts';
import { buildStateBoundary } from '../../src/policy/boundary.ts';
import { applyAll } from './apply-to-observed.ts';
import { converged } from './fixtures.ts';

const BOUNDARY = 'arn:aws:iam::111122223333:policy/tf-state-boundary';
const OWN = 'arn:aws:iam::111122223333:policy/team-boundary';
const yaml = (stateBoundary: boolean) => `
version: 1
account: "111122223333"
region: eu-west-1
github: { org: acme }
admins: ["arn:aws:iam::111122223333:role/platform-admin"]
${stateBoundary ? 'stateBoundary: true' : ''}
projects:
  - name: infra
    managedPolicies: ["arn:aws:iam::aws:policy/PowerUserAccess"]
    encryption: { type: sse-kms, kmsKeyArn: "arn:aws:kms:eu-west-1:111122223333:key/k1" }
  - name: own
    managedPolicies: ["arn:aws:iam::aws:policy/PowerUserAccess"]
    permissionsBoundary: "${OWN}"
  - name: plain
`;
const config = (on: boolean) => parseConfig(yaml(on), 'test.yaml');
const desired = (on: boolean) => buildDesired(config(on));
const roleOf = (d: ReturnType<typeof desired>, name: string) => d.projects.find((p) => p.name === name)!.role;

test('the boundary goes on roles with managed policies and no boundary of their own; the document is the printed one', () => {
  const on = desired(true);
  assert.equal(roleOf(on, 'infra').permissionsBoundary, BOUNDARY);
  assert.equal(roleOf(on, 'own').permissionsBoundary, OWN, 'an explicit boundary is kept');
  assert.equal(roleOf(on, 'plain').permissionsBoundary, undefined, 'a role with only its state has nothing to cap');
  assert.deepEqual(on.shared.stateBoundary?.document, buildStateBoundary(config(true)));
  assert.equal(on.shared.stateBoundary?.arn, BOUNDARY);
  const off = desired(false);
  assert.equal(roleOf(off, 'infra').permissionsBoundary, undefined);
  assert.equal(off.shared.stateBoundary, undefined);
});

test('on an empty account the plan creates tf-state-boundary first, then the roles that carry it; once applied it converges', () => {
  const on = desired(true);
  const plan = diff(on, emptyObserved(on));
  const create = plan.changes.find((c) => c.id === 'managed-policy/tf-state-boundary/resource');
  assert.ok(create);
  assert.equal(create.impact, 'low');
  const infraRole = plan.changes.find((c) => c.id === 'role/tf-infra/resource')!;
  assert.ok(infraRole.dependsOn.includes(create.id));
  assert.ok(!plan.changes.find((c) => c.id === 'role/tf-plain/resource')!.dependsOn.includes(create.id));
  const text = renderPlanText(plan, { color: false });
  assert.match(text, /managed-policy tf-state-boundary/);
  assert.match(text, /permissionsBoundary "arn:aws:iam::111122223333:policy\/tf-state-boundary"/);
  const after = applyAll(emptyObserved(on), plan.changes);
  assert.deepEqual(diff(on, after).changes, []);
});

test('turning it on for an applied account: create the policy, then set the boundary on the role', () => {
  const on = desired(true);
  const observed = converged(desired(false));
  const plan = diff(on, { ...observed, shared: { ...observed.shared, stateBoundary: { status: 'absent' } } });
  assert.deepEqual(
    plan.changes.map((c) => [c.id, c.new === null ? null : typeof c.new === 'string' ? c.new : '…']),
    [
      ['role/tf-infra/permissionsBoundary', BOUNDARY],
      // The plan role carries its project's boundary too.
      ['role/tf-infra.plan/permissionsBoundary', BOUNDARY],
      ['managed-policy/tf-state-boundary/resource', '…'],
    ],
  );
  for (const change of plan.changes.slice(0, 2)) {
    assert.deepEqual(change.dependsOn, ['managed-policy/tf-state-boundary/resource']);
    assert.equal(change.broadensAccess, false, 'a boundary where there was none only caps');
  }
});

test("a drifted document is rewritten, and a KMS key's removal from it broadens access", () => {
  const on = desired(true);
  const observed = converged(on);
  const drifted = structuredClone(observed);
  const document = drifted.shared.stateBoundary!.document!;
  document.Statement = document.Statement.filter((s) => s.Sid !== 'DenyStateKeyManagement');
  const [change] = diff(on, drifted).changes;
  assert.equal(change?.id, 'managed-policy/tf-state-boundary/document');
  assert.equal(change?.broadensAccess, false, 'adding the denial back narrows');
  const loosened = diff(buildDesired(parseConfig(yaml(true).replace(/ *encryption:.*\n/, ''), 'test.yaml')), observed);
  const rewrite = loosened.changes.find((c) => c.id === 'managed-policy/tf-state-boundary/document');
  assert.equal(rewrite?.broadensAccess, true, 'dropping a denial lifts part of the cap');
});
