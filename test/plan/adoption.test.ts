// Adopting a real account: a removed project keeps every protection until `destroy`, the plan says where
// an orphan's state is and how to move it, and an existing bucket's contents are reported, with a warning
// for each state the project's grants will not reach.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parseConfig } from '../../src/config/load.ts';
import { buildDesired } from '../../src/desired/build.ts';
import { diff } from '../../src/plan/diff.ts';
import { planToJson } from '../../src/plan/plan-json.ts';
import { renderPlanText } from '../../src/plan/render-text.ts';
import { converged, EXAMPLE_FILE, exampleDesired, project } from './fixtures.ts';

const desired = exampleDesired();
const withoutUnifi = buildDesired(
  parseConfig(readFileSync(EXAMPLE_FILE, 'utf8').replace('  - name: unifi\n    locking: dynamodb\n', ''), EXAMPLE_FILE),
);
const UNIFI_BUCKET = 'tfstate-unifi-111122223333';

test('a project removed from the config keeps its lock fence while its bucket exists: no lock-table change', () => {
  const observed = converged(desired);
  observed.projects = observed.projects.filter((p) => p.name !== 'unifi');
  observed.orphans = { buckets: [UNIFI_BUCKET], roles: ['tf-unifi'] };
  const plan = diff(withoutUnifi, observed);
  assert.deepEqual(
    plan.changes.filter((c) => c.resourceType === 'lock-table').map((c) => c.id),
    [],
    'the lock fence is not loosened',
  );
});

test("once `destroy` removed the bucket, the removed project's lock statements go (they fence nothing)", () => {
  const observed = converged(desired);
  observed.projects = observed.projects.filter((p) => p.name !== 'unifi');
  const change = diff(withoutUnifi, observed).changes.find((c) => c.id === 'lock-table/terraform-locks/policy');
  assert.ok(change);
  const sids = (change.new as { Statement: Array<{ Sid: string }> }).Statement.map((s) => s.Sid);
  assert.ok(!sids.includes('StatewardFenceLocksUnifi'));
  assert.ok(sids.includes('StatewardFenceLocksDns'));
});

test('the plan says where an orphan bucket keeps its state, what still protects it and how to move it', () => {
  const observed = converged(desired);
  observed.projects = observed.projects.filter((p) => p.name !== 'unifi');
  observed.orphans = { buckets: [UNIFI_BUCKET], roles: ['tf-unifi'] };
  const text = renderPlanText(diff(withoutUnifi, observed), { color: false });
  assert.match(text, new RegExp(`note: bucket ${UNIFI_BUCKET} \\(project "unifi", not in the config\\)`));
  assert.match(text, /bucket policy and lock fence until `stateward destroy --project unifi`/);
  assert.match(text, new RegExp(`its state is still in s3://${UNIFI_BUCKET}/`));
  assert.match(text, new RegExp(`stateward migrate --from s3://${UNIFI_BUCKET}/<key> --to <new name> --workspaces`));
});

test('an existing bucket being adopted: the plan counts its objects, names its states, warns of the unreachable', () => {
  const observed = converged(desired);
  const bucket = project(observed, 'network').bucket;
  bucket.contents = {
    objects: 5,
    stateKeys: [
      'env:/dev/network/terraform.tfstate',
      'network/preview/terraform.tfstate',
      'network/terraform.tfstate',
      'other-team/terraform.tfstate',
    ],
    complete: true,
  };
  const plan = diff(desired, observed);
  const notices = plan.notices.filter((n) => n.project === 'network');
  assert.equal(notices.length, 2);
  assert.equal(notices[0]!.level, 'info');
  assert.match(notices[0]!.message, /tfstate-network-111122223333 already exists and holds 5 objects, 4 of them state/);
  assert.match(notices[0]!.message, /other-team\/terraform\.tfstate/);
  assert.equal(notices[1]!.level, 'warning');
  assert.match(notices[1]!.message, /state other-team\/terraform\.tfstate .* outside every grant of project "network"/);
  assert.deepEqual(JSON.parse(planToJson(plan)).notices, plan.notices);
  assert.match(renderPlanText(plan, { color: false }), /warning: state other-team\/terraform\.tfstate/);
});

test('a listing cut short says "at least"', () => {
  const observed = converged(desired);
  project(observed, 'dns').bucket.contents = { objects: 10000, stateKeys: [], complete: false };
  const [notice] = diff(desired, observed).notices;
  assert.match(notice!.message, /holds at least 10000 objects, none of them a state file/);
});

test('a bucket whose listing was refused is reported as unknown, not as empty', () => {
  const observed = converged(desired);
  project(observed, 'dns').bucket.contents = { objects: 0, stateKeys: [], complete: false, denied: true };
  const [notice] = diff(desired, observed).notices;
  assert.equal(notice!.level, 'warning');
  assert.match(notice!.message, /listing its objects was refused .* cannot say which states it holds/);
});
