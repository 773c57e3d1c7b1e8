// Stateward owns only the tag keys it sets. Another team's tag on any resource stateward manages is
// never planned away: it does not count as drift, and a tag write carries it along unchanged.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mergeTagWrite, removedTagKeys } from '../../src/aws/execute/tags.ts';
import type { Observed } from '../../src/model/observed.ts';
import type { Tags } from '../../src/model/types.ts';
import { diff } from '../../src/plan/diff.ts';
import { drifted, exampleDesired, project } from './fixtures.ts';

const desired = exampleDesired();

const RESOURCES: Array<{ name: string; id: string; tags: (o: Observed) => Tags }> = [
  { name: 'bucket', id: 'bucket/tfstate-proxmox-111122223333/tags', tags: (o) => project(o, 'proxmox').bucket.tags! },
  { name: 'role', id: 'role/tf-proxmox/tags', tags: (o) => project(o, 'proxmox').role.tags! },
  {
    name: 'OIDC provider',
    id: 'oidc-provider/token.actions.githubusercontent.com/tags',
    tags: (o) => o.shared.oidcProvider.tags!,
  },
  { name: 'operators policy', id: 'group-policy/tf-assume-roles/tags', tags: (o) => o.shared.operators.policy.tags! },
  { name: 'lock table', id: 'lock-table/terraform-locks/tags', tags: (o) => o.shared.lockTable.tags! },
];

for (const resource of RESOURCES) {
  test(`a foreign tag on the ${resource.name} is not drift: the plan is empty`, () => {
    const observed = drifted(desired, (o) => Object.assign(resource.tags(o), { Owner: 'security-team' }));
    assert.deepEqual(
      diff(desired, observed).changes.map((c) => c.id),
      [],
    );
  });

  test(`a tag write on the ${resource.name} keeps the foreign tag and removes nothing`, () => {
    const observed = drifted(desired, (o) => {
      const tags = resource.tags(o);
      Object.assign(tags, { Owner: 'security-team', Team: 'payments' });
      delete tags.ManagedBy;
    });
    const change = diff(desired, observed).changes.find((c) => c.id === resource.id);
    assert.ok(change, 'the missing ManagedBy tag is planned');
    const next = change.new as Tags;
    assert.equal(next.Owner, 'security-team');
    assert.equal(next.Team, 'payments');
    assert.equal(next.ManagedBy, 'stateward');
    assert.deepEqual(removedTagKeys(change.old, next), [], 'no key is untagged');
    assert.match(change.summary, /set tag ManagedBy, keeping 2 other tags/);
  });
}

test('an owned tag with another value is rewritten; the foreign one stays', () => {
  const observed = drifted(desired, (o) =>
    Object.assign(project(o, 'proxmox').role.tags!, { Repo: 'acme/elsewhere', Owner: 'bob' }),
  );
  const change = diff(desired, observed).changes.find((c) => c.id === 'role/tf-proxmox/tags')!;
  assert.deepEqual(change.new, { ...desired.projects.find((p) => p.name === 'proxmox')!.role.tags, Owner: 'bob' });
});

test("S3's whole-set tag write keeps keys added after the plan and drops only what the plan removes", () => {
  const old = { Project: 'a', Owner: 'x', Stale: 'y' };
  const next = { Project: 'b', Owner: 'x' };
  const live = { Project: 'a', Owner: 'x', Stale: 'y', AddedLater: 'z', 'aws:cloudformation:stack-id': 's' };
  assert.deepEqual(mergeTagWrite(live, old, next), { Project: 'b', Owner: 'x', AddedLater: 'z' });
});
