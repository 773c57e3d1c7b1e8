// A project's role only after its bucket exists and is ours (issue 12, finding 2): a bucket name another
// account holds leaves the project out of the plan whole, with why and the fix, while the other projects are
// planned; and when CreateBucket finds the name taken at apply time, nothing of the project's role is created.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyPlan } from '../../src/aws/execute/index.ts';
import type { Change } from '../../src/plan/change.ts';
import { diff } from '../../src/plan/diff.ts';
import { emptyObserved } from '../../src/plan/empty-observed.ts';
import { renderPlanText } from '../../src/plan/render-text.ts';
import { fakeClients, s3Error } from '../aws/fake-transport.ts';
import { desiredFromYaml, drifted, exampleDesired, project, SMALL_CONFIG } from './fixtures.ts';

const desired = exampleDesired();

/** Every change `change` waits for, directly or through others. */
function waitsFor(change: Change, changes: readonly Change[]): Set<string> {
  const byId = new Map(changes.map((c) => [c.id, c]));
  const seen = new Set<string>();
  const visit = (id: string) => {
    for (const dep of byId.get(id)?.dependsOn ?? [])
      if (!seen.has(dep)) {
        seen.add(dep);
        visit(dep);
      }
  };
  visit(change.id);
  return seen;
}

test('a bucket name held by another account: nothing of that project is planned, and the plan says why and the fix', () => {
  const observed = emptyObserved(desired);
  project(observed, 'unifi').bucket.status = 'foreign';
  const plan = diff(desired, observed);
  assert.deepEqual(
    plan.changes.filter((c) => c.project === 'unifi' || c.resourceName.includes('unifi')),
    [],
  );
  assert.ok(
    plan.changes.some((c) => c.id === 'role/tf-dns/resource'),
    'the other projects are planned',
  );
  assert.deepEqual(
    plan.blocked.map((b) => [b.project, b.code]),
    [['unifi', 'PLAN_BUCKET_FOREIGN']],
  );
  const [blocked] = plan.blocked;
  assert.match(blocked!.message, /bucket tfstate-unifi-111122223333 .*belongs to another AWS account/);
  assert.match(blocked!.message, /no role tf-unifi/);
  assert.match(
    blocked!.fix,
    /rename project "unifi".*or delete bucket tfstate-unifi-111122223333 in the account that owns it/,
  );
  const text = renderPlanText(plan, { color: false });
  assert.match(
    text,
    /Not planned \(apply creates nothing of these projects and fails\):\n {2}error: bucket tfstate-unifi/,
  );
  assert.match(text, /\n {4}fix: rename project "unifi"/);
});

test('every project whose bucket name is taken is left out, each with its own entry', () => {
  const observed = emptyObserved(desired);
  project(observed, 'unifi').bucket.status = 'foreign';
  project(observed, 'dns').bucket.status = 'foreign';
  assert.deepEqual(
    diff(desired, observed).blocked.map((b) => b.project),
    ['unifi', 'dns'],
  );
});

test('a converged account with a taken name elsewhere says "no changes for the other projects"', () => {
  const observed = drifted(desired, (o) => void (project(o, 'unifi').bucket.status = 'foreign'));
  const plan = diff(desired, observed);
  assert.deepEqual(plan.changes, []);
  assert.match(renderPlanText(plan, { color: false }), /No changes for the other projects\./);
});

test("every role change of a new project waits for its bucket's creation", () => {
  const plan = diff(desired, emptyObserved(desired));
  const roleChanges = plan.changes.filter((c) => c.resourceType === 'role');
  assert.ok(roleChanges.length > desired.projects.length);
  for (const change of roleChanges) {
    const bucket = desired.projects.find((p) => p.name === change.project)!.bucket.name;
    assert.ok(waitsFor(change, plan.changes).has(`bucket/${bucket}/resource`), change.id);
  }
});

test('a bucket already ours lets its role be created without waiting', () => {
  const observed = drifted(desired, (o) => {
    project(o, 'dns').role = { name: 'tf-dns', status: 'absent' };
  });
  const create = diff(desired, observed).changes.find((c) => c.id === 'role/tf-dns/resource');
  assert.ok(create);
  assert.ok(!create.dependsOn.some((id) => id.startsWith('bucket/')));
});

test('CreateBucket answering BucketAlreadyExists at apply: no IAM call for that project, the other project proceeds', async () => {
  const small = desiredFromYaml(SMALL_CONFIG);
  const plan = diff(small, emptyObserved(small));
  const { clients, requests } = fakeClients((request) => {
    const createBucket = request.method === 'PUT' && Object.keys(request.query ?? {}).length === 0;
    if (createBucket && request.path.startsWith('/tfstate-app-')) return s3Error(409, 'BucketAlreadyExists');
    return { status: 200 };
  });
  const result = await applyPlan(plan, clients, { concurrency: 4 });
  assert.deepEqual(
    result.failed.filter((f) => f.change.project === 'app').map((f) => [f.change.id, f.error.code]),
    [['bucket/tfstate-app-111122223333/resource', 'AWS_BUCKET_NAME_TAKEN']],
  );
  const appRoleChanges = plan.changes.filter((c) => c.resourceType === 'role' && c.project === 'app');
  assert.ok(appRoleChanges.length >= 2);
  const skipped = new Set(result.skipped.map((c) => c.id));
  for (const change of appRoleChanges) assert.ok(skipped.has(change.id), `${change.id} skipped`);
  const iamBodies = requests.filter((r) => r.hostname?.startsWith('iam') || String(r.body ?? '').includes('Action='));
  assert.ok(!iamBodies.some((r) => /RoleName=tf-app(&|$)/.test(String(r.body))), 'no IAM call names tf-app');
  assert.ok(
    iamBodies.some((r) => /RoleName=tf-net(&|$)/.test(String(r.body))),
    'the check can see role calls: tf-net is created',
  );
  assert.ok(
    result.applied.some((c) => c.id === 'bucket/tfstate-net-111122223333/resource'),
    "the other project's bucket is created",
  );
});
