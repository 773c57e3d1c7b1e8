// Lock-mode transitions in the plan: a project entering DynamoDB gets the digest of each state whose digest
// is missing or stale; one leaving it gets its digest items removed, each with the lineage it described;
// the role's and the bucket policy's changes wait for the digest step.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Observed } from '../../src/model/observed.ts';
import { diff } from '../../src/plan/diff.ts';
import { roleLocksWithDynamoDb, watchesStateDigests } from '../../src/plan/lock-digests.ts';
import { converged, desiredFromYaml, project } from './fixtures.ts';

const configWith = (locking: string) => `
version: 1
account: "111122223333"
region: eu-west-1
github: { org: acme }
projects:
  - name: app
    locking: ${locking}
`;
const BUCKET = 'tfstate-app-111122223333';
const DIGEST_ID = `${BUCKET}/app/terraform.tfstate-md5`;
const STATE = { digest: 'a'.repeat(32), lineage: 'lin-1', serial: 7 };

/** The account as applied for `from`, with the state's digest item as given, planned for `to`. */
function planTransition(from: string, to: string, stored: string | null, withBody = true) {
  const observed: Observed = structuredClone(converged(desiredFromYaml(configWith(from))));
  if (!project(observed, 'app').role.inlinePolicies) throw new Error('converged role has no inline policy');
  project(observed, 'app').stateDigests = [
    { key: 'app/terraform.tfstate', stored, ...(withBody ? { state: STATE } : {}) },
  ];
  return diff(desiredFromYaml(configWith(to)), observed).changes;
}
const digestChange = (changes: ReturnType<typeof planTransition>) =>
  changes.find((c) => c.id === `bucket/${BUCKET}/lockDigests`);

test('observe reads digests for DynamoDB modes, and for lockfile only while the role still locks with DynamoDB', () => {
  const role = (locking: string) => project(converged(desiredFromYaml(configWith(locking))), 'app').role;
  assert.equal(roleLocksWithDynamoDb(role('dynamodb')), true);
  assert.equal(roleLocksWithDynamoDb(role('both')), true);
  assert.equal(roleLocksWithDynamoDb(role('lockfile')), false);
  assert.equal(watchesStateDigests('lockfile', role('both')), true);
  assert.equal(watchesStateDigests('lockfile', role('lockfile')), false);
  assert.equal(watchesStateDigests('dynamodb', role('lockfile')), true);
});

test('leaving DynamoDB removes the digest items, recording lineage and serial; the role and bucket policy wait', () => {
  const changes = planTransition('both', 'lockfile', STATE.digest);
  const change = digestChange(changes);
  assert.deepEqual(change?.old, [{ lockId: DIGEST_ID, digest: STATE.digest, lineage: 'lin-1', serial: 7 }]);
  assert.deepEqual(change?.new, []);
  assert.match(change?.summary ?? '', /drops dynamodb_table.*terraform init -reconfigure/);
  const role = changes.find((c) => c.id === 'role/tf-app/inlinePolicy/stateward-state-access');
  assert.ok(role?.dependsOn.includes(change?.id ?? ''), 'the role keeps DynamoDB until the digests are gone');
});

test('entering DynamoDB writes the digest of the current state where it is missing or stale', () => {
  for (const stored of [null, 'f'.repeat(32)]) {
    const change = digestChange(planTransition('lockfile', 'dynamodb', stored));
    assert.deepEqual(change?.new, [{ lockId: DIGEST_ID, digest: STATE.digest, lineage: 'lin-1', serial: 7 }]);
    assert.deepEqual(change?.old, stored === null ? [] : [{ lockId: DIGEST_ID, digest: stored }]);
    assert.match(change?.summary ?? '', /dynamodb_table = "terraform-locks"/);
  }
});

test('no change where the digest already matches, or dynamodb -> both, or lockfile with no digests', () => {
  assert.equal(digestChange(planTransition('dynamodb', 'dynamodb', STATE.digest)), undefined);
  assert.equal(digestChange(planTransition('dynamodb', 'both', STATE.digest)), undefined);
  assert.equal(digestChange(planTransition('dynamodb', 'dynamodb', STATE.digest, false)), undefined);
  assert.equal(digestChange(planTransition('lockfile', 'lockfile', null)), undefined);
});

test('the digest step is ordered before the bucket policy change of the same bucket', () => {
  const observed: Observed = structuredClone(converged(desiredFromYaml(configWith('both'))));
  project(observed, 'app').bucket.policy = null;
  project(observed, 'app').stateDigests = [{ key: 'app/terraform.tfstate', stored: STATE.digest, state: STATE }];
  const changes = diff(desiredFromYaml(configWith('lockfile')), observed).changes;
  const ids = changes.map((c) => c.id);
  const policy = changes.find((c) => c.id === `bucket/${BUCKET}/policy`);
  assert.ok(ids.indexOf(`bucket/${BUCKET}/lockDigests`) < ids.indexOf(`bucket/${BUCKET}/policy`));
  assert.ok(policy?.dependsOn.includes(`bucket/${BUCKET}/lockDigests`), JSON.stringify(policy?.dependsOn));
});
