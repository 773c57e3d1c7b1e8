// SW-BUCKET-009: a lifecycle rule that deletes state versions stateward keeps is reported, with a by-hand fix
// that, applied, passes the audit; a rule that cannot reach a state is not.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { statewardLifecycle } from '../../src/plan/lifecycle.ts';
import { bucket, bucketArnOf, cleanSnapshot, findings, ids } from './fixtures.ts';

const EXPIRE_ALL = { ID: 'expire-all', Status: 'Enabled', Filter: { Prefix: '' }, Expiration: { Days: 1 } };
const LOGS = { ID: 'logs', Status: 'Enabled', Filter: { Prefix: 'logs/' }, Expiration: { Days: 1 } };

test('a rule expiring every state version in a day is reported high, naming the rule and what it does', () => {
  for (const withConfig of [false, true]) {
    const snapshot = cleanSnapshot({ withConfig });
    bucket(snapshot, 'proxmox').settings.lifecycle!.otherRules.push(EXPIRE_ALL);
    const found = findings(snapshot);
    assert.deepEqual(ids(found), [`SW-BUCKET-009 ${bucketArnOf('proxmox')}`]);
    assert.equal(found[0]!.severity, 'high');
    assert.match(found[0]!.message, /lifecycle rule "expire-all", which expires current state versions after 1 day/);
    assert.match(found[0]!.evidence, /"Expiration":\{"Days":1\}/);
    assert.equal(found[0]!.fix.startsWith('Run `stateward apply`'), withConfig);
  }
});

test('the by-hand fix, applied, passes the audit and keeps the harmless rule', () => {
  const snapshot = cleanSnapshot({ withConfig: true });
  const lifecycle = bucket(snapshot, 'proxmox').settings.lifecycle!;
  lifecycle.otherRules.push(LOGS, EXPIRE_ALL);
  const [finding] = findings(snapshot);
  const written = JSON.parse(/--lifecycle-configuration '(.*)' \(/.exec(finding!.fix)![1]!) as {
    Rules: Array<{ ID: string }>;
  };
  // What observe() reads back after the write.
  const ours = written.Rules.find((r) => r.ID === 'stateward-state-versions');
  bucket(snapshot, 'proxmox').settings.lifecycle = {
    stateward: statewardLifecycle(ours),
    otherRules: written.Rules.filter((r) => r !== ours),
  };
  assert.deepEqual(findings(snapshot), []);
  assert.deepEqual(
    written.Rules.map((r) => r.ID),
    ['logs', 'stateward-state-versions'],
  );
});

test('with the config, a rule on a prefix no state lives under is not reported; without it, it is', () => {
  const withConfig = cleanSnapshot({ withConfig: true });
  bucket(withConfig, 'proxmox').settings.lifecycle!.otherRules.push(LOGS);
  assert.deepEqual(findings(withConfig), []);
  const without = cleanSnapshot();
  bucket(without, 'proxmox').settings.lifecycle!.otherRules.push(LOGS);
  assert.deepEqual(ids(findings(without)), [`SW-BUCKET-009 ${bucketArnOf('proxmox')}`]);
});

test('old versions expired sooner than the config says are reported; later and more are not', () => {
  const sooner = cleanSnapshot({ withConfig: true });
  bucket(sooner, 'proxmox').settings.lifecycle!.otherRules.push({
    ID: 'trim',
    Status: 'Enabled',
    Filter: {},
    NoncurrentVersionExpiration: { NoncurrentDays: 7, NewerNoncurrentVersions: 5 },
  });
  const [finding] = findings(sooner);
  assert.match(finding!.message, /after 7 days \(the config keeps them 90\) and keeps only 5 newer old versions/);
  const later = cleanSnapshot({ withConfig: true });
  bucket(later, 'proxmox').settings.lifecycle!.otherRules.push({
    ID: 'trim',
    Status: 'Enabled',
    Filter: {},
    NoncurrentVersionExpiration: { NoncurrentDays: 400, NewerNoncurrentVersions: 100 },
  });
  assert.deepEqual(findings(later), []);
});

test("stateward's own rule made to expire current versions is reported", () => {
  const snapshot = cleanSnapshot({ withConfig: true });
  const lifecycle = bucket(snapshot, 'proxmox').settings.lifecycle!;
  lifecycle.statewardRule = { ID: 'stateward-state-versions', Status: 'Enabled', Expiration: { Days: 1 } };
  lifecycle.stateward = null;
  assert.ok(ids(findings(snapshot)).includes(`SW-BUCKET-009 ${bucketArnOf('proxmox')}`));
});
