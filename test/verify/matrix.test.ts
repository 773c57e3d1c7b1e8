// verify proves the expected matrix for generated documents, and reports drift as the violation it is.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfigFile } from '../../src/config/load.ts';
import { buildDesired } from '../../src/desired/build.ts';
import { worldFromDesired } from '../../src/verify/world.ts';
import { cell, HEAD, report, role, trustCell, worldFor } from './world-fixtures.ts';

const exampleConfig = loadConfigFile('examples/stateward.yaml');
const example = () => worldFromDesired(buildDesired(exampleConfig), exampleConfig);

test('the example config holds: no violations, and every expected allow and deny is there', () => {
  const r = report(example());
  assert.deepEqual(r.violations, []);
  assert.equal(r.version, 2);
  assert.equal(trustCell(r, 'proxmox', 'workflow-0').actual, true);
  assert.deepEqual(trustCell(r, 'proxmox', 'workflow-0').decidedBy, ['trust tf-proxmox/GitHubActions']);
  assert.equal(trustCell(r, 'proxmox', 'other-repo').actual, false);
  assert.equal(trustCell(r, 'proxmox', 'human-mfa').actual, true);
  assert.equal(trustCell(r, 'proxmox', 'human-no-mfa').actual, false);
  assert.equal(trustCell(r, 'proxmox', 'unlisted-user').actual, false);
  const apply = cell(r, {
    project: 'proxmox',
    actor: role('proxmox'),
    target: 'proxmox:proxmox/terraform.tfstate',
    operation: 'apply',
    layer: 'effective',
  });
  assert.equal(apply.actual, true);
  assert.ok(
    apply.decidedBy.some((s) => s.startsWith('stateward-state-access/')),
    apply.decidedBy.join(),
  );
});

test("reads: proxmox may read network's state and do nothing else there", () => {
  const r = report(example());
  for (const operation of ['read', 'plan', 'apply', 'force-unlock'] as const) {
    const c = cell(r, {
      project: 'proxmox',
      actor: role('proxmox'),
      target: 'network:network/terraform.tfstate',
      operation,
      layer: 'effective',
    });
    assert.equal(c.actual, operation === 'read', operation);
  }
});

test('the reserved _bootstrap/ state is denied to the project role, and open to admins', () => {
  const r = report(example());
  const own = cell(r, {
    project: 'unifi',
    actor: role('unifi'),
    target: 'unifi:_bootstrap/terraform.tfstate',
    operation: 'read',
    layer: 'effective',
  });
  assert.equal(own.actual, false);
  assert.deepEqual(own.decidedBy, ['bucket tfstate-unifi-111122223333/StatewardReserveBootstrap']);
  const admin = cell(r, {
    project: 'unifi',
    actor: 'arn:aws:iam::111122223333:role/platform-admin',
    target: 'unifi:_bootstrap/terraform.tfstate',
    operation: 'apply',
    layer: 'effective',
  });
  assert.equal(admin.actual, true);
});

test('a broad statement (s3:* on *) added to a role is reported, with the statement', () => {
  const world = example();
  world.roles
    .find((r) => r.project === 'unifi')!
    .inlinePolicies[0]!.document.Statement.push({ Sid: 'Broad', Effect: 'Allow', Action: 's3:*', Resource: '*' });
  const r = report(world);
  const read = r.violations.find(
    (v) => 'operation' in v && v.actor === role('unifi') && v.targetOwner === 'proxmox' && v.operation === 'read',
  );
  assert.ok(read && 'layer' in read, 'tf-unifi reading proxmox is reported');
  assert.equal(read.layer, 'stateward', 'the fence still stops it; the violation is the lost least privilege');
  assert.deepEqual(read.decidedBy, ['stateward-state-access/Broad']);
  const effective = cell(r, {
    project: 'proxmox',
    actor: role('unifi'),
    target: 'proxmox:proxmox/terraform.tfstate',
    operation: 'read',
    layer: 'effective',
  });
  assert.deepEqual(effective.decidedBy, ['bucket tfstate-proxmox-111122223333/StatewardFenceStateObjects']);
});

test('the MFA condition removed from a trust policy is reported on the no-MFA principal', () => {
  const world = example();
  delete world.roles.find((r) => r.project === 'proxmox')!.trust!.Statement[1]!.Condition;
  const r = report(world);
  assert.equal(r.violations.length, 1);
  const v = trustCell(r, 'proxmox', 'human-no-mfa');
  assert.equal(v.actual, true);
  assert.deepEqual(v.decidedBy, ['trust tf-proxmox/HumansWithMfa']);
});

test("a sub condition widened to repo:acme/* is reported on another repo's workflow", () => {
  const world = example();
  const github = world.roles.find((r) => r.project === 'network')!.trust!.Statement[0]!;
  github.Condition = {
    StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
    StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:acme/*' },
  };
  const r = report(world);
  // repo:acme/* admits this repo's pull requests too, which the apply role must refuse.
  assert.equal(r.violations.length, 2);
  assert.equal(trustCell(r, 'network', 'other-repo').actual, true);
  assert.equal(trustCell(r, 'network', 'pull-request').actual, true);
});

test('a bucket policy statement granting another account read is reported on that account', () => {
  const world = example();
  const bucket = world.buckets.find((b) => b.project === 'unifi')!;
  bucket.policy!.Statement.push({
    Sid: 'ShareRead',
    Effect: 'Allow',
    Principal: { AWS: 'arn:aws:iam::444455556666:root' },
    Action: 's3:GetObject',
    Resource: `${bucket.arn}/*`,
  });
  const r = report(world);
  assert.equal(r.violations.length, 1);
  const v = r.violations[0]!;
  assert.ok('operation' in v);
  assert.equal(v.actor, 'arn:aws:iam::444455556666:role/someone');
  assert.equal(v.operation, 'read');
  assert.ok(v.decidedBy.includes('bucket tfstate-unifi-111122223333/ShareRead'));
});

test('an SSE-KMS state stays unreadable to another account even when its bucket policy grants read', () => {
  // Reading needs kms:Decrypt, which a cross-account caller gets only from the key policy.
  const world = example();
  const bucket = world.buckets.find((b) => b.project === 'dns')!;
  bucket.policy!.Statement.push({
    Sid: 'ShareRead',
    Effect: 'Allow',
    Principal: { AWS: 'arn:aws:iam::444455556666:root' },
    Action: 's3:GetObject',
    Resource: `${bucket.arn}/*`,
  });
  const c = cell(report(world), {
    project: 'dns',
    actor: 'arn:aws:iam::444455556666:role/someone',
    operation: 'read',
    layer: 'stateward',
  });
  assert.equal(c.actual, false);
  assert.match(c.detail, /kms:Decrypt/);
});

test('a ListBucket limited by s3:prefix breaks the first apply (HeadObject answers 403), and verify says so', () => {
  const world = example();
  const statements = world.roles.find((r) => r.project === 'unifi')!.inlinePolicies[0]!.document.Statement;
  statements[0] = { ...statements[0]!, Condition: { StringEquals: { 's3:prefix': 'env:/' } } };
  const r = report(world);
  const first = cell(r, {
    project: 'unifi',
    actor: role('unifi'),
    target: 'unifi:unifi/terraform.tfstate',
    operation: 'apply-new',
    layer: 'effective',
  });
  assert.equal(first.actual, false);
  assert.match(first.detail, /HeadObject of the missing state answers 403 without s3:ListBucket/);
  const later = cell(r, {
    project: 'unifi',
    actor: role('unifi'),
    target: 'unifi:unifi/terraform.tfstate',
    operation: 'apply',
    layer: 'effective',
  });
  assert.equal(later.actual, true);
});

test('a plan-only grant may lock but not write', () => {
  const r = report(example());
  const target = 'network:network/preview/terraform.tfstate';
  assert.equal(
    cell(r, { project: 'network', actor: role('network'), target, operation: 'plan', layer: 'stateward' }).actual,
    true,
  );
  const apply = cell(r, { project: 'network', actor: role('network'), target, operation: 'apply', layer: 'stateward' });
  assert.equal(apply.actual, false);
  assert.match(apply.detail, /s3:PutObject on .*preview\/terraform.tfstate is not allowed/);
});

test('without the lock-table fence, a PowerUser role could force-unlock a DynamoDB-locked project', () => {
  const world = example();
  world.lockTable!.policy = null;
  const r = report(world);
  const v = cell(r, {
    project: 'unifi',
    actor: role('network'),
    target: 'unifi:unifi/terraform.tfstate',
    operation: 'force-unlock',
    layer: 'effective',
  });
  assert.equal(v.actual, true);
  assert.ok(r.violations.includes(v));
  // The boundary allows what the role's policies allow; PowerUserAccess grants it.
  assert.deepEqual(v.decidedBy, [
    'PowerUserAccess/#0',
    'arn:aws:iam::111122223333:policy/tf-state-boundary/AllowWhatTheRolePoliciesAllow',
  ]);
});

test('verify runs on any config written in HEAD form', () => {
  const r = report(worldFor(`${HEAD}projects: [{ name: a }, { name: b, locking: both, reads: [a] }]\n`));
  assert.deepEqual(r.violations, []);
});
