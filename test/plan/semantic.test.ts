// What does and does not count as a difference in a policy document, tags and managed policies.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PolicyDocument, Statement } from '../../src/iam/document.ts';
import { policiesEqual } from '../../src/plan/canonical.ts';
import { diff } from '../../src/plan/diff.ts';
import { drifted, exampleDesired, project } from './fixtures.ts';

const doc = (...statements: Statement[]): PolicyDocument => ({ Version: '2012-10-17', Statement: statements });
const read: Statement = {
  Sid: 'Read',
  Effect: 'Allow',
  Action: ['s3:GetObject', 's3:ListBucket'],
  Resource: 'arn:aws:s3:::b/*',
};
const write: Statement = { Sid: 'Write', Effect: 'Allow', Action: 's3:PutObject', Resource: ['arn:aws:s3:::b/k'] };
const iamOnly = { withSid: false };

test('statement order, one-element arrays, action case and key order do not count', () => {
  const reshaped = doc(
    { Resource: 'arn:aws:s3:::b/k', Action: ['S3:PutObject'], Effect: 'Allow', Sid: 'Write' },
    {
      Effect: 'Allow',
      Resource: ['arn:aws:s3:::b/*'],
      Action: ['s3:listbucket', 's3:GetObject', 's3:GetObject'],
      Sid: 'Read',
    },
  );
  assert.ok(policiesEqual(doc(read, write), reshaped, iamOnly));
  assert.ok(policiesEqual(doc(read, write), reshaped, { withSid: true }));
});

test('whitespace of the JSON text does not count', () => {
  const spaced = JSON.parse(JSON.stringify(doc(read, write), null, 7).replace(/\n/g, '\n\t  ')) as PolicyDocument;
  assert.ok(policiesEqual(doc(read, write), spaced, iamOnly));
});

test('condition keys are case-insensitive and values compare as sets; principal spellings AWS stores alike are alike', () => {
  const a: Statement = {
    Effect: 'Allow',
    Principal: { AWS: '111122223333' },
    Action: 'sts:AssumeRole',
    Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' }, StringLike: { 'x:sub': ['b', 'a'] } },
  };
  const b: Statement = {
    Effect: 'Allow',
    Principal: { AWS: ['arn:aws:iam::111122223333:root'] },
    Action: 'sts:AssumeRole',
    Condition: { StringLike: { 'X:Sub': ['a', 'b'] }, Bool: { 'aws:multifactorauthpresent': true } },
  };
  assert.ok(policiesEqual(doc(a), doc(b), iamOnly));
  assert.ok(policiesEqual(doc({ ...a, Principal: '*' }), doc({ ...a, Principal: { AWS: '*' } }), iamOnly));
});

test('a different action, resource, effect, condition value, or Version counts', () => {
  const variants: Statement[] = [
    { ...write, Action: 's3:DeleteObject' },
    { ...write, Resource: 'arn:aws:s3:::b/other' },
    { ...write, Effect: 'Deny' },
    { ...write, Condition: { Bool: { 'aws:SecureTransport': 'true' } } },
  ];
  for (const variant of variants)
    assert.ok(!policiesEqual(doc(read, write), doc(read, variant), iamOnly), JSON.stringify(variant));
  assert.ok(!policiesEqual(doc(read), { ...doc(read), Version: '2008-10-17' as '2012-10-17' }, iamOnly));
  assert.ok(!policiesEqual(doc(read), null, iamOnly));
});

test('Sid counts for bucket statements only', () => {
  const renamed = { ...write, Sid: 'WriteState' };
  assert.ok(policiesEqual(doc(read, write), doc(read, renamed), iamOnly));
  assert.ok(!policiesEqual(doc(read, write), doc(read, renamed), { withSid: true }));
});

const desired = exampleDesired();

/** Every policy document of the converged account, reshaped the way AWS or a human might hand it back. */
function reshapeEverything(o: ReturnType<typeof drifted>): void {
  const reshape = (d: PolicyDocument): PolicyDocument => ({
    Version: d.Version,
    Statement: [...d.Statement].reverse().map(
      (s) =>
        Object.fromEntries(
          Object.entries(s)
            .reverse()
            .map(([k, v]) => [
              k,
              k === 'Action'
                ? [v].flat().map((a: string) => a.toUpperCase())
                : Array.isArray(v) && v.length === 1
                  ? v[0]
                  : v,
            ]),
        ) as Statement,
    ),
  });
  for (const p of o.projects) {
    p.bucket.policy = reshape(p.bucket.policy!);
    p.role.trust = reshape(p.role.trust!);
    p.role.inlinePolicies = Object.fromEntries(Object.entries(p.role.inlinePolicies!).map(([n, d]) => [n, reshape(d)]));
    p.role.managedPolicyArns = [...p.role.managedPolicyArns!].reverse();
    p.bucket.tags = Object.fromEntries(Object.entries(p.bucket.tags!).reverse());
  }
  o.shared.operators.policy.document = reshape(o.shared.operators.policy.document!);
  o.shared.operators.group.members = [...o.shared.operators.group.members!].reverse();
}

test('an account whose documents differ only in form plans nothing', () => {
  assert.deepEqual(diff(desired, drifted(desired, reshapeEverything)).changes, []);
});

test("other people's bucket statements, rules, extra client ids and AWS's own tags are left alone", () => {
  const observed = drifted(desired, (o) => {
    const bucket = project(o, 'proxmox').bucket;
    bucket.policy!.Statement.push({
      Sid: 'AllowLogDelivery',
      Effect: 'Allow',
      Principal: { Service: 'logging.s3.amazonaws.com' },
      Action: 's3:PutObject',
      Resource: `${desired.projects[0]!.bucket.arn}/logs/*`,
    });
    bucket.lifecycle!.otherRules.push({ ID: 'logs', Status: 'Enabled' });
    bucket.tags!['aws:cloudformation:stack-name'] = 'legacy';
    o.shared.oidcProvider.clientIds!.push('sigstore');
  });
  assert.deepEqual(diff(desired, observed).changes, []);
});

test("a statement with a Stateward Sid is stateward's: an unknown one is dropped, others are kept in place", () => {
  const foreign: Statement = {
    Sid: 'TeamAudit',
    Effect: 'Allow',
    Principal: { AWS: 'arn:aws:iam::111122223333:role/audit' },
    Action: 's3:GetBucketPolicy',
    Resource: desired.projects[0]!.bucket.arn,
  };
  const impostor: Statement = {
    Sid: 'StatewardLegacyAllow',
    Effect: 'Allow',
    Principal: '*',
    Action: 's3:GetObject',
    Resource: `${desired.projects[0]!.bucket.arn}/*`,
  };
  const observed = drifted(desired, (o) => {
    const policy = project(o, 'proxmox').bucket.policy!;
    policy.Statement = [foreign, ...policy.Statement, impostor];
  });
  const [change] = diff(desired, observed).changes;
  assert.equal(change?.id, `bucket/${desired.projects[0]!.bucket.name}/policy`);
  const written = change!.new as PolicyDocument;
  assert.deepEqual(written.Statement[0], foreign, 'the foreign statement keeps its place');
  assert.ok(!written.Statement.some((s) => s.Sid === 'StatewardLegacyAllow'));
  assert.deepEqual(written.Statement.slice(1), desired.projects[0]!.bucket.policy.Statement);
});
