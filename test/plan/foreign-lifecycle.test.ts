// A lifecycle rule someone else put on a state bucket (issue 12, finding 1): one that deletes state versions
// stateward keeps is planned for removal, shown whole, for the user to approve; one that cannot reach a
// state stays as it is. Suspended versioning is turned back on.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { diff } from '../../src/plan/diff.ts';
import { harmfulLifecycleRules, prefixCanMatch, projectStateKeys } from '../../src/plan/foreign-lifecycle.ts';
import { lifecycleRule, statewardLifecycle } from '../../src/plan/lifecycle.ts';
import { renderPlanText } from '../../src/plan/render-text.ts';
import { drifted, exampleDesired, project } from './fixtures.ts';

const desired = exampleDesired();
const network = desired.projects.find((p) => p.name === 'network')!;
const KEPT = { noncurrentDays: 90, newerNoncurrentVersions: 100 };
const KEYS = projectStateKeys(network.config);
const rule = (fields: Record<string, unknown>) => ({
  ID: 'someone',
  Status: 'Enabled',
  Filter: { Prefix: '' },
  ...fields,
});
const EXPIRE_ALL = rule({ ID: 'expire-all', Expiration: { Days: 1 } });
const LOGS = rule({ ID: 'logs', Filter: { Prefix: 'logs/' }, Expiration: { Days: 1 } });
const ABORT = rule({ ID: 'abort', AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } });

test("the network project's states live at its keys and under env:/ (any workspace)", () => {
  assert.deepEqual(KEYS.sort(), [
    'env:/*/network/terraform.tfstate',
    'network/preview/terraform.tfstate',
    'network/terraform.tfstate',
  ]);
});

test('a prefix can match a key pattern when some key matching the pattern starts with it', () => {
  const cases: Array<[string, string, boolean]> = [
    ['', 'network/terraform.tfstate', true],
    ['network/', 'network/terraform.tfstate', true],
    ['network/terraform.tfstate.tflock', 'network/terraform.tfstate', false],
    ['logs/', 'network/terraform.tfstate', false],
    ['env:/prod/network/', 'env:/*/network/terraform.tfstate', true],
    ['env:/prod/other/', 'env:/*/network/terraform.tfstate', true],
    ['env:/', 'network/terraform.tfstate', false],
    ['a', '?b', true],
  ];
  for (const [prefix, pattern, expected] of cases) assert.equal(prefixCanMatch(prefix, pattern), expected, prefix);
});

test('which foreign rules delete state versions the config keeps, and why', () => {
  const cases: Array<[string, unknown, string[]]> = [
    ['expires everything in a day', EXPIRE_ALL, ['expires current state versions after 1 day']],
    [
      'expires on a date',
      rule({ Expiration: { Date: '2030-01-01T00:00:00.000Z' } }),
      ['expires current state versions on 2030-01-01'],
    ],
    ['only delete markers', rule({ Expiration: { ExpiredObjectDeleteMarker: true } }), []],
    [
      'old versions sooner',
      rule({ NoncurrentVersionExpiration: { NoncurrentDays: 30, NewerNoncurrentVersions: 100 } }),
      ['expires old state versions after 30 days (the config keeps them 90)'],
    ],
    [
      'fewer old versions',
      rule({ NoncurrentVersionExpiration: { NoncurrentDays: 90 } }),
      ['keeps only 0 newer old versions (the config keeps 100)'],
    ],
    [
      'old versions longer and more',
      rule({ NoncurrentVersionExpiration: { NoncurrentDays: 365, NewerNoncurrentVersions: 200 } }),
      [],
    ],
    ['disabled', rule({ Status: 'Disabled', Expiration: { Days: 1 } }), []],
    ['another prefix', LOGS, []],
    [
      'a prefix under the workspaces',
      rule({ Filter: { And: { Prefix: 'env:/prod/' } }, Expiration: { Days: 1 } }),
      ['expires current state versions after 1 day'],
    ],
    [
      'legacy top-level prefix on the state',
      { ID: 'old', Status: 'Enabled', Prefix: 'network/', Expiration: { Days: 7 } },
      ['expires current state versions after 7 days'],
    ],
    [
      'a tag filter still matches',
      rule({ Filter: { Tag: { Key: 'k', Value: 'v' } }, Expiration: { Days: 1 } }),
      ['expires current state versions after 1 day'],
    ],
    ['only aborts uploads', ABORT, []],
  ];
  for (const [name, r, harms] of cases) {
    const found = harmfulLifecycleRules([r], KEPT, KEYS);
    assert.deepEqual(
      found.flatMap((h) => h.harms),
      harms,
      name,
    );
  }
});

test('where the states live is unknown (no config): any prefix may hold one', () => {
  assert.equal(harmfulLifecycleRules([LOGS], KEPT, null).length, 1);
});

test('plan removes a rule expiring every version in a day, keeps harmless ones, and shows the removal whole', () => {
  const bucket = network.bucket.name;
  const observed = drifted(desired, (o) => {
    project(o, 'network').bucket.lifecycle!.otherRules.push(LOGS, EXPIRE_ALL, ABORT);
  });
  const plan = diff(desired, observed);
  assert.deepEqual(
    plan.changes.map((c) => c.id),
    [`bucket/${bucket}/lifecycle`],
  );
  const [change] = plan.changes;
  assert.deepEqual(change!.new, { stateward: network.bucket.lifecycle, otherRules: [LOGS, ABORT] });
  assert.match(change!.summary, /remove lifecycle rule "expire-all", which expires current state versions after 1 day/);
  const brief = renderPlanText(plan, { color: false });
  assert.match(brief, /-rule expire-all \{Status="Enabled", Filter=\{Prefix=""\}, Expiration=\{Days=1\}\}/);
  assert.match(brief, /\(2 other rules kept as they are\)/);
  assert.doesNotMatch(brief, /noncurrentDays=/, "stateward's own rule is unchanged, so not shown");
  const full = renderPlanText(plan, { color: false, full: true });
  assert.match(
    full,
    /- rule expire-all: \{"ID":"expire-all","Status":"Enabled","Filter":\{"Prefix":""\},"Expiration":\{"Days":1\}\}/,
  );
  assert.doesNotMatch(full, /stateward-state-versions:/);
});

test('the plan once applied keeps what it kept: planning again is empty', () => {
  const observed = drifted(desired, (o) => {
    const lifecycle = project(o, 'network').bucket.lifecycle!;
    lifecycle.otherRules.push(LOGS);
  });
  assert.deepEqual(diff(desired, observed).changes, []);
});

test("stateward's own rule that also expires current versions is not read as stateward's: it is rewritten", () => {
  const tampered = { ...lifecycleRule(network.bucket.lifecycle), Expiration: { Days: 1 } };
  assert.equal(statewardLifecycle(tampered), null);
  assert.deepEqual(statewardLifecycle(lifecycleRule(network.bucket.lifecycle)), network.bucket.lifecycle);
});

test('suspended versioning is planned back to Enabled', () => {
  const observed = drifted(desired, (o) => {
    project(o, 'network').bucket.versioning = 'Suspended';
  });
  const changes = diff(desired, observed).changes;
  assert.deepEqual(
    changes.map((c) => [c.id, c.old, c.new]),
    [[`bucket/${network.bucket.name}/versioning`, 'Suspended', 'Enabled']],
  );
});
