// Dependencies between changes, and the order the executor applies them in.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { StatewardError } from '../../src/errors.ts';
import type { Change } from '../../src/plan/change.ts';
import { diff } from '../../src/plan/diff.ts';
import { emptyObserved } from '../../src/plan/empty-observed.ts';
import { changeWaves, orderChanges } from '../../src/plan/order.ts';
import { drifted, exampleDesired, project } from './fixtures.ts';

const desired = exampleDesired();
const offline = diff(desired, emptyObserved(desired));
const byId = new Map(offline.changes.map((c) => [c.id, c]));
const OIDC = 'oidc-provider/token.actions.githubusercontent.com/resource';

test('on an empty account, settings wait for their resource, roles for the OIDC provider and their bucket, grants for the group and policy', () => {
  for (const p of desired.projects) {
    for (const setting of [
      'versioning',
      'encryption',
      'publicAccessBlock',
      'ownership',
      'policy',
      'lifecycle',
      'tags',
    ]) {
      assert.deepEqual(byId.get(`bucket/${p.bucket.name}/${setting}`)!.dependsOn, [`bucket/${p.bucket.name}/resource`]);
    }
    // A role only after its bucket exists and is ours (issue 12, finding 2).
    assert.deepEqual(byId.get(`role/${p.role.name}/resource`)!.dependsOn, [OIDC, `bucket/${p.bucket.name}/resource`]);
    assert.deepEqual(byId.get(`role/${p.role.name}/inlinePolicy/stateward-state-access`)!.dependsOn, [
      `role/${p.role.name}/resource`,
    ]);
  }
  assert.deepEqual(byId.get('role/tf-network/managedPolicy/arn:aws:iam::aws:policy/PowerUserAccess')!.dependsOn, [
    'role/tf-network/resource',
  ]);
  assert.deepEqual(byId.get('group/tf-operators/member/alice')!.dependsOn, ['group/tf-operators/resource']);
  assert.deepEqual(byId.get('group-policy/tf-assume-roles/attachment/tf-operators')!.dependsOn.sort(), [
    'group-policy/tf-assume-roles/resource',
    'group/tf-operators/resource',
  ]);
});

test('a dependency on a resource that already exists is dropped', () => {
  const plan = diff(
    desired,
    drifted(desired, (o) => {
      project(o, 'unifi').role = { name: 'tf-unifi', status: 'absent' };
    }),
  );
  assert.deepEqual(plan.changes.find((c) => c.id === 'role/tf-unifi/resource')!.dependsOn, []);
  assert.deepEqual(plan.changes.find((c) => c.id === 'role/tf-unifi/inlinePolicy/stateward-state-access')!.dependsOn, [
    'role/tf-unifi/resource',
  ]);
});

test('orderChanges puts every change after its dependencies and keeps plan order otherwise', () => {
  const ordered = orderChanges(offline.changes);
  const position = new Map(ordered.map((c, i) => [c.id, i]));
  for (const change of ordered)
    for (const dep of change.dependsOn)
      assert.ok(position.get(dep)! < position.get(change.id)!, `${dep} before ${change.id}`);
  assert.equal(ordered[0]!.id, offline.changes[0]!.id, 'the first bucket needs nothing');
  assert.ok(position.get(OIDC)! < position.get('role/tf-proxmox/resource')!);
  const buckets = ordered.filter((c) => c.resourceType === 'bucket').map((c) => c.id);
  assert.deepEqual(
    buckets,
    offline.changes.filter((c) => c.resourceType === 'bucket').map((c) => c.id),
  );
});

const change = (id: string, dependsOn: string[] = []): Change => ({
  id,
  resourceType: 'bucket',
  resourceName: id,
  setting: 's',
  action: 'update',
  old: null,
  new: null,
  impact: 'low',
  broadensAccess: false,
  dependsOn,
  summary: id,
});

test('orderChanges is a stable topological order for any dependency graph', () => {
  fc.assert(
    fc.property(fc.array(fc.array(fc.nat(), { maxLength: 3 }), { minLength: 1, maxLength: 12 }), (edges) => {
      // change i depends only on lower-numbered changes, listed in shuffled positions
      const changes = edges
        .map((deps, i) =>
          change(
            `c${i}`,
            deps.filter((d) => d < i).map((d) => `c${d}`),
          ),
        )
        .reverse();
      const ordered = orderChanges(changes);
      const position = new Map(ordered.map((c, i) => [c.id, i]));
      assert.equal(ordered.length, changes.length);
      for (const c of ordered) for (const dep of c.dependsOn) assert.ok(position.get(dep)! < position.get(c.id)!);
      const free = changes.filter((c) => c.dependsOn.length === 0).map((c) => c.id);
      assert.deepEqual(
        ordered.filter((c) => c.dependsOn.length === 0).map((c) => c.id),
        free,
        'independent changes keep their relative order',
      );
    }),
  );
});

test('a filtered plan runs even when a dependency is not in it', () => {
  assert.deepEqual(
    orderChanges([change('b', ['a'])]).map((c) => c.id),
    ['b'],
  );
});

test('a dependency cycle is refused with a typed error', () => {
  assert.throws(
    () => orderChanges([change('a', ['b']), change('b', ['a'])]),
    (e: unknown) => e instanceof StatewardError && e.code === 'PLAN_DEPENDENCY_CYCLE',
  );
});

test('changeWaves groups changes that may run together, each wave after the ones it needs', () => {
  const waves = changeWaves(offline.changes);
  assert.deepEqual(
    waves
      .flat()
      .map((c) => c.id)
      .sort(),
    offline.changes.map((c) => c.id).sort(),
  );
  assert.ok(waves[0]!.some((c) => c.id === OIDC) && waves[0]!.every((c) => c.dependsOn.length === 0));
  const wave = new Map(waves.flatMap((w, i) => w.map((c) => [c.id, i] as const)));
  for (const c of offline.changes) for (const dep of c.dependsOn) assert.ok(wave.get(dep)! < wave.get(c.id)!);
  assert.equal(wave.get('role/tf-dns/inlinePolicy/stateward-state-access'), 2, 'provider, then role, then its policy');
});
