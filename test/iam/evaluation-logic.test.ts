// How identity policies, the bucket policy and a permissions boundary combine (AWS policy
// evaluation logic), and which statements a decision names.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { statementLabel } from '../../src/iam/index.ts';
import { expectRequest } from './check.ts';
import { ACCOUNT, arns, OTHER_ACCOUNT, policy, request } from './fixtures.ts';

const STATE = arns.object('tfstate-a', 'a/terraform.tfstate');
const readState = policy('read-state', {
  Sid: 'ReadState',
  Effect: 'Allow',
  Action: 's3:GetObject',
  Resource: 'arn:aws:s3:::tfstate-a/*',
});
const boundaryListOnly = policy('boundary', { Effect: 'Allow', Action: 's3:ListBucket', Resource: '*' });
const boundaryAll = policy('boundary', { Sid: 'Cap', Effect: 'Allow', Action: 's3:*', Resource: '*' });
const bucketFor = (principal: string) =>
  policy('bucket', {
    Sid: 'Grant',
    Effect: 'Allow',
    Principal: { AWS: principal },
    Action: 's3:GetObject',
    Resource: 'arn:aws:s3:::tfstate-a/*',
  });

test('an explicit Deny in any policy beats every Allow, and the decision names each Deny', () => {
  const decision = expectRequest(
    {
      identityPolicies: [
        readState,
        policy(
          'guard',
          { Effect: 'Allow', Action: '*', Resource: '*' },
          { Effect: 'Deny', Action: 's3:Get*', Resource: '*' },
        ),
      ],
      resourcePolicy: policy('bucket', {
        Sid: 'NoReads',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:GetObject',
        Resource: 'arn:aws:s3:::tfstate-a/*',
      }),
      request: request(arns.user('alice'), 's3:GetObject', STATE),
    },
    'ExplicitDeny',
    'deny beats allow',
  );
  assert.equal(decision.reason, 'explicit-deny');
  assert.deepEqual(decision.statements.map(statementLabel), ['guard/#1', 'bucket/NoReads']);
  assert.deepEqual(
    decision.statements.map((s) => [s.kind, s.effect]),
    [
      ['identity', 'Deny'],
      ['resource', 'Deny'],
    ],
  );
});

test('without any Allow the request is implicitly denied, and no statement is named', () => {
  const decision = expectRequest(
    { identityPolicies: [readState], request: request(arns.user('alice'), 's3:PutObject', STATE) },
    'ImplicitDeny',
    'nothing allows',
  );
  assert.deepEqual(decision, { decision: 'ImplicitDeny', reason: 'no-allow', statements: [] });
});

test('within one account, the identity policy or the bucket policy alone may allow', () => {
  const byIdentity = expectRequest(
    { identityPolicies: [readState], request: request(arns.user('alice'), 's3:GetObject', STATE) },
    'Allow',
    'identity',
  );
  assert.deepEqual(byIdentity.statements.map(statementLabel), ['read-state/ReadState']);
  const byBucket = expectRequest(
    {
      identityPolicies: [],
      resourcePolicy: bucketFor(arns.user('alice')),
      request: request(arns.user('alice'), 's3:GetObject', STATE),
    },
    'Allow',
    'bucket policy',
  );
  assert.deepEqual(
    byBucket.statements.map((s) => [s.kind, statementLabel(s)]),
    [['resource', 'bucket/Grant']],
  );
});

test('across accounts both the identity policy and the bucket policy must allow', () => {
  const carol = arns.user('carol', OTHER_ACCOUNT);
  const base = { resourceAccount: ACCOUNT, request: request(carol, 's3:GetObject', STATE) };
  const onlyBucket = expectRequest(
    { ...base, identityPolicies: [], resourcePolicy: bucketFor(carol) },
    'ImplicitDeny',
    'bucket only',
  );
  assert.equal(onlyBucket.reason, 'identity-no-allow');
  const onlyIdentity = expectRequest({ ...base, identityPolicies: [readState] }, 'ImplicitDeny', 'identity only');
  assert.equal(onlyIdentity.reason, 'resource-no-allow');
  expectRequest(
    { ...base, identityPolicies: [readState], resourcePolicy: bucketFor(OTHER_ACCOUNT) },
    'Allow',
    'account grant + identity',
  );
  const both = expectRequest(
    { ...base, identityPolicies: [readState], resourcePolicy: bucketFor(carol) },
    'Allow',
    'both',
  );
  assert.deepEqual(both.statements.map(statementLabel), ['read-state/ReadState', 'bucket/Grant']);
});

test('a permissions boundary caps identity-based allows', () => {
  const alice = request(arns.user('alice'), 's3:GetObject', STATE);
  const capped = expectRequest(
    { identityPolicies: [readState], permissionsBoundary: boundaryListOnly, request: alice },
    'ImplicitDeny',
    'boundary lacks GetObject',
  );
  assert.equal(capped.reason, 'boundary-no-allow');
  const within = expectRequest(
    { identityPolicies: [readState], permissionsBoundary: boundaryAll, request: alice },
    'Allow',
    'boundary covers it',
  );
  assert.deepEqual(within.statements.map(statementLabel), ['read-state/ReadState', 'boundary/Cap']);
  expectRequest(
    { identityPolicies: [], permissionsBoundary: boundaryAll, request: alice },
    'ImplicitDeny',
    'a boundary grants nothing by itself',
  );
  const denyInBoundary = policy(
    'boundary',
    { Effect: 'Allow', Action: '*', Resource: '*' },
    { Effect: 'Deny', Action: 's3:GetObject', Resource: '*' },
  );
  expectRequest(
    { identityPolicies: [readState], permissionsBoundary: denyInBoundary, request: alice },
    'ExplicitDeny',
    'boundary deny',
  );
});

test('a boundary does not cap a bucket grant naming the user or the session, but does cap one naming the role', () => {
  const session = arns.session('tf-a', 'gha-1');
  const cases: Array<[string, string, 'Allow' | 'ImplicitDeny']> = [
    [arns.user('alice'), arns.user('alice'), 'Allow'],
    [session, session, 'Allow'],
    [arns.role('tf-a'), session, 'ImplicitDeny'],
  ];
  for (const [named, caller, expected] of cases) {
    const input = {
      identityPolicies: [],
      resourcePolicy: bucketFor(named),
      permissionsBoundary: boundaryListOnly,
      request: request(caller, 's3:GetObject', STATE),
    };
    expectRequest(input, expected, `bucket names ${named}, caller ${caller}`);
  }
});

test('Deny with NotPrincipal always denies a principal that has a permissions boundary (AWS)', () => {
  const onlyAlice = policy('bucket', {
    Effect: 'Deny',
    NotPrincipal: { AWS: [arns.user('alice'), arns.root()] },
    Action: 's3:*',
    Resource: 'arn:aws:s3:::tfstate-a/*',
  });
  const base = {
    identityPolicies: [readState],
    resourcePolicy: onlyAlice,
    request: request(arns.user('alice'), 's3:GetObject', STATE),
  };
  expectRequest(base, 'Allow', 'alice without a boundary');
  expectRequest({ ...base, permissionsBoundary: boundaryAll }, 'ExplicitDeny', 'alice with a boundary');
});

test('a service principal is allowed only by the resource policy', () => {
  const bucket = policy('bucket', {
    Effect: 'Allow',
    Principal: { Service: 'logging.s3.amazonaws.com' },
    Action: 's3:PutObject',
    Resource: 'arn:aws:s3:::tfstate-a/*',
  });
  const service = request('logging.s3.amazonaws.com', 's3:PutObject', STATE);
  expectRequest(
    { identityPolicies: [], resourcePolicy: bucket, resourceAccount: ACCOUNT, request: service },
    'Allow',
    'granted',
  );
  expectRequest(
    {
      identityPolicies: [],
      resourceAccount: ACCOUNT,
      request: request('logging.s3.amazonaws.com', 's3:GetObject', STATE),
    },
    'ImplicitDeny',
    'not granted',
  );
});
