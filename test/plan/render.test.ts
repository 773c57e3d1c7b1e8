// What a reviewer sees: the offline plan of the example config, update and removal lines, colour
// only when asked, and the JSON form.

import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { diff } from '../../src/plan/diff.ts';
import { emptyObserved } from '../../src/plan/empty-observed.ts';
import { planToJson } from '../../src/plan/plan-json.ts';
import { renderPlanText } from '../../src/plan/render-text.ts';
import { drifted, exampleDesired, project } from './fixtures.ts';

const SNAPSHOT = fileURLToPath(new URL('./snapshots/offline-plan.txt', import.meta.url));
const ANSI = /\x1b\[[0-9;]*m/g;
const desired = exampleDesired();
const offline = diff(desired, emptyObserved(desired));

test('the offline plan of examples/stateward.yaml reads as recorded (UPDATE_SNAPSHOTS=1 re-records after review)', () => {
  const text = renderPlanText(offline, { color: false });
  if (process.env.UPDATE_SNAPSHOTS === '1') writeFileSync(SNAPSHOT, text);
  assert.equal(text, readFileSync(SNAPSHOT, 'utf8'));
});

test("the offline plan ends with the counts, and creates every project's bucket and role", () => {
  const text = renderPlanText(offline, { color: false });
  assert.match(text, /\nPlan: 12 to create, 38 to change, 0 to remove\. \(14 broaden access\)\n$/);
  for (const p of desired.projects) {
    assert.match(text, new RegExp(`^project ${p.name}$`, 'm'));
    assert.match(text, new RegExp(`^ {2}\\+ bucket ${p.bucket.name} {2}\\[medium\\]$`, 'm'));
    assert.match(text, new RegExp(`^ {2}\\+ role ${p.role.name} {2}\\[high, broadens access\\]$`, 'm'));
  }
  assert.ok(
    text.indexOf('shared resources') > text.lastIndexOf('project '),
    'shared resources come after the projects',
  );
});

test('colour codes appear only when asked for, and colour changes nothing else', () => {
  const plain = renderPlanText(offline, { color: false });
  const coloured = renderPlanText(offline, { color: true });
  assert.doesNotMatch(plain, ANSI);
  assert.match(coloured, ANSI);
  assert.equal(coloured.replace(ANSI, ''), plain);
});

test('updates show old → new, policy documents as a compact line diff, tags per key, removals with -, foreign tags kept', () => {
  const observed = drifted(desired, (o) => {
    const bucket = project(o, 'proxmox').bucket;
    bucket.versioning = 'Suspended';
    bucket.tags = { ...bucket.tags, Repo: 'acme/old', Owner: 'bob' };
    const role = project(o, 'network').role;
    role.managedPolicyArns!.push('arn:aws:iam::aws:policy/IAMFullAccess');
    role.trust!.Statement[1] = {
      ...role.trust!.Statement[1]!,
      Principal: { AWS: 'arn:aws:iam::111122223333:user/mallory' },
    };
  });
  const text = renderPlanText(diff(desired, observed), { color: false });
  assert.match(text, /~ bucket tfstate-proxmox-111122223333 versioning {2}\[high\]\n.*\n {6}"Suspended" → "Enabled"\n/);
  assert.match(text, / {6}~ Repo = "acme\/old" → "acme\/terraform-proxmox"\n/);
  assert.doesNotMatch(text, /- Owner = "bob"/, "another team's tag is kept, not removed");
  assert.match(text, /\n {2}- role tf-network managedPolicy arn:aws:iam::aws:policy\/IAMFullAccess {2}\[medium\]\n/);
  assert.match(text, /~ role tf-network trust {2}\[critical, broadens access\]/);
  assert.match(text, / {6}- {9}"AWS": "arn:aws:iam::111122223333:user\/mallory"\n {6}\+ {9}"AWS": \[\n/);
  assert.match(text, / {6}… \d+ unchanged lines\n/, 'unchanged parts of the document fold');
  assert.doesNotMatch(text, /"Sid": "GitHubActions"/, 'the untouched statement is folded away');
  assert.match(text, /\nPlan: 0 to create, 3 to change, 1 to remove\. \(1 broadens access\)\n$/);
});

test('a converged account says so', () => {
  const text = renderPlanText(
    diff(
      desired,
      drifted(desired, () => {}),
    ),
    { color: false },
  );
  assert.match(text, /No changes\. The account matches the config\./);
  assert.doesNotMatch(text, /Plan:/);
});

test('planToJson is the versioned plan with its summary', () => {
  const json = JSON.parse(planToJson(offline));
  assert.equal(json.version, 1);
  assert.equal(json.account, '111122223333');
  assert.deepEqual(json.summary, { create: 12, change: 38, remove: 0, broadenAccess: 14 });
  assert.deepEqual(json.changes, JSON.parse(JSON.stringify(offline.changes)));
  assert.deepEqual(json.orphans, { buckets: [], roles: [] });
  assert.equal(Object.keys(json)[0], 'version');
});
