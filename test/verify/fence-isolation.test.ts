// Issue 9: isolation holds when a project role also carries broad infrastructure permissions.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OPERATIONS } from '../../src/verify/targets.ts';
import { cell, HEAD, report, role, worldFor } from './world-fixtures.ts';

const CONFIG = (fence: boolean, locking: string) => `${HEAD}defaults: { fence: ${fence}, locking: ${locking} }
projects:
  - name: a
    managedPolicies: ["arn:aws:iam::aws:policy/AdministratorAccess"]
  - name: b
  - name: c
    reads: [a]
`;

for (const locking of ['lockfile', 'dynamodb', 'both']) {
  test(`${locking}: with AdministratorAccess, tf-a cannot read, write or lock b's state, and keeps everything on its own`, () => {
    const r = report(worldFor(CONFIG(true, locking)));
    assert.deepEqual(r.violations, []);
    for (const operation of ['read', 'plan', 'apply', 'force-unlock'] as const) {
      const foreign = cell(r, {
        project: 'a',
        actor: role('a'),
        target: 'b:b/terraform.tfstate',
        operation,
        layer: 'effective',
      });
      assert.equal(foreign.actual, false, operation);
      assert.ok(
        foreign.decidedBy.some((s) => /StatewardFence/.test(s)),
        `${operation} decided by ${foreign.decidedBy}`,
      );
    }
    for (const operation of OPERATIONS.filter((op) => !op.startsWith('workspace'))) {
      assert.equal(
        cell(r, { project: 'a', actor: role('a'), target: 'a:a/terraform.tfstate', operation, layer: 'effective' })
          .actual,
        true,
        operation,
      );
    }
  });
}

test('a reads grant lets c read a, and nothing more', () => {
  const r = report(worldFor(CONFIG(true, 'both')));
  for (const operation of ['read', 'plan', 'apply', 'force-unlock'] as const) {
    for (const layer of ['effective', 'stateward'] as const) {
      assert.equal(
        cell(r, { project: 'a', actor: role('c'), target: 'a:a/terraform.tfstate', operation, layer }).actual,
        operation === 'read',
        `${operation} ${layer}`,
      );
    }
  }
});

test('admins keep access to every state object through the fence', () => {
  const r = report(worldFor(CONFIG(true, 'both')));
  for (const operation of ['read', 'plan', 'apply', 'force-unlock'] as const) {
    assert.equal(
      cell(r, {
        project: 'b',
        actor: 'arn:aws:iam::111122223333:role/platform-admin',
        target: 'b:b/terraform.tfstate',
        operation,
        layer: 'effective',
      }).actual,
      true,
      operation,
    );
  }
});

test('removing the fence makes verify fail and name the cells it loses', () => {
  const r = report(worldFor(CONFIG(false, 'lockfile')));
  assert.ok(r.violations.length > 0);
  const lost = r.violations.filter((v) => 'operation' in v && v.actor === role('a') && v.targetOwner === 'b');
  assert.deepEqual([...new Set(lost.map((v) => ('operation' in v ? v.operation : '')))].sort(), [
    'apply',
    'apply-new',
    'force-unlock',
    'plan',
    'read',
  ]);
  assert.ok(lost.every((v) => v.decidedBy.includes('AdministratorAccess/#0')));
});

test('verify shows what broad managed policies reach outside state: rewriting tf-* roles and policies', () => {
  const r = report(worldFor(CONFIG(true, 'both')));
  assert.deepEqual(r.violations, [], 'declared managed policies are warnings, not violations');
  const a = r.projects.find((p) => p.name === 'a')!;
  const allowed = a.outsideState.filter((probe) => probe.allowed).map((probe) => probe.action);
  assert.deepEqual(allowed.sort(), ['iam:DeletePolicy', 'iam:PutRolePolicy', 'iam:UpdateAssumeRolePolicy']);
  // The bucket and table fences now stop what used to be listed here.
  assert.ok(a.management.every((cell) => !cell.actual));
  assert.ok(a.outsideState.every((probe) => probe.decidedBy.includes('AdministratorAccess/#0')));
  assert.deepEqual(r.projects.find((p) => p.name === 'b')!.outsideState, [], 'no managed policies, nothing to show');
});
