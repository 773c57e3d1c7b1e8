// Action/NotAction, Resource/NotResource and Principal/NotPrincipal, each checked against the
// documented AWS behaviour and against iam-simulate.
import { test } from 'node:test';
import type { Principal, Statement } from '../../src/iam/index.ts';
import { expectRequest } from './check.ts';
import { ACCOUNT, arns, OTHER_ACCOUNT, policy, request } from './fixtures.ts';

const STATE = arns.object('tfstate-a', 'a/terraform.tfstate');

function identityAllows(statement: Omit<Statement, 'Effect'>, action: string, resource: string, context = {}) {
  return {
    identityPolicies: [policy('p', { Effect: 'Allow', ...statement })],
    request: request(arns.user('alice'), action, resource, context),
  };
}

test('Action matching ignores case and honours * and ?', () => {
  const rows: Array<[string | string[], string, boolean]> = [
    ['s3:GetObject', 's3:GetObject', true],
    ['S3:getobject', 's3:GetObject', true],
    ['s3:Get*', 's3:GetObjectVersion', true],
    ['s3:?etObject', 's3:GetObject', true],
    ['s3:?etObject', 's3:GeetObject', false],
    ['s3:*', 'dynamodb:GetItem', false],
    ['*', 'dynamodb:GetItem', true],
    [['dynamodb:PutItem', 's3:List*'], 's3:ListBucket', true],
    ['s3:GetObject', 's3:GetObjectAcl', false],
  ];
  for (const [action, requested, allowed] of rows) {
    expectRequest(
      identityAllows({ Action: action, Resource: '*' }, requested, STATE),
      allowed ? 'Allow' : 'ImplicitDeny',
      `${action} vs ${requested}`,
    );
  }
});

test('NotAction covers every action it does not list', () => {
  expectRequest(
    identityAllows({ NotAction: 's3:Delete*', Resource: '*' }, 's3:GetObject', STATE),
    'Allow',
    'not listed',
  );
  expectRequest(
    identityAllows({ NotAction: ['s3:Delete*', 's3:PutObject'], Resource: '*' }, 's3:DeleteObject', STATE),
    'ImplicitDeny',
    'listed',
  );
});

test('Resource matching is case-sensitive, part by part, with wildcards and variables', () => {
  const rows: Array<[string | string[], string, boolean]> = [
    ['arn:aws:s3:::tfstate-a/*', STATE, true],
    ['arn:aws:s3:::tfstate-a/*', arns.bucket('tfstate-a'), false],
    ['arn:aws:s3:::tfstate-a', arns.bucket('tfstate-a'), true],
    ['arn:aws:s3:::TFSTATE-a/*', STATE, false],
    ['arn:aws:s3:::tfstate-?/a/*', STATE, true],
    ['arn:aws:s3:::tfstate-a/a/terraform.tfstate', `${STATE}.tflock`, false],
    [
      `arn:aws:dynamodb:*:${ACCOUNT}:table/terraform-locks`,
      `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/terraform-locks`,
      true,
    ],
    [
      `arn:aws:dynamodb:*:${OTHER_ACCOUNT}:table/*`,
      `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/terraform-locks`,
      false,
    ],
    ['arn:aws:s3:::tfstate-a/${aws:username}/*', arns.object('tfstate-a', 'alice/notes'), true],
    ['arn:aws:s3:::tfstate-a/${aws:username}/*', arns.object('tfstate-a', 'bob/notes'), false],
    ['arn:aws:s3:::tfstate-a/a/terraform.tfstate${*}', arns.object('tfstate-a', 'a/terraform.tfstate*'), true],
  ];
  for (const [resource, requested, allowed] of rows) {
    const input = identityAllows({ Action: 's3:*', Resource: resource }, 's3:GetObject', requested, {
      'aws:username': 'alice',
    });
    expectRequest(input, allowed ? 'Allow' : 'ImplicitDeny', `${resource} vs ${requested}`);
  }
});

test('NotResource covers every resource it does not list; an unresolvable variable makes it apply to nothing', () => {
  expectRequest(
    identityAllows({ Action: '*', NotResource: 'arn:aws:s3:::tfstate-a/_bootstrap/*' }, 's3:GetObject', STATE),
    'Allow',
    'outside',
  );
  expectRequest(
    identityAllows({ Action: '*', NotResource: 'arn:aws:s3:::tfstate-a/a/*' }, 's3:GetObject', STATE),
    'ImplicitDeny',
    'inside',
  );
  expectRequest(
    identityAllows({ Action: '*', NotResource: 'arn:aws:s3:::tfstate-a/${aws:username}/*' }, 's3:GetObject', STATE),
    'ImplicitDeny',
    'no username',
  );
});

/** A bucket policy granting GetObject to `principal`, nothing in the caller's identity policies. */
function bucketGrants(principal: Principal, caller: string) {
  const grant: Statement = {
    Effect: 'Allow',
    Principal: principal,
    Action: 's3:GetObject',
    Resource: 'arn:aws:s3:::tfstate-a/*',
  };
  return {
    identityPolicies: [],
    resourcePolicy: policy('bucket', grant),
    resourceAccount: ACCOUNT,
    request: request(caller, 's3:GetObject', STATE),
  };
}

test('Principal: *, a user, a role (covering its sessions), a session, a service', () => {
  const rows: Array<[Principal, string, boolean]> = [
    ['*', arns.user('alice'), true],
    [{ AWS: '*' }, arns.session('tf-a', 'x'), true],
    [{ AWS: arns.user('alice') }, arns.user('alice'), true],
    [{ AWS: arns.user('alice') }, arns.user('bob'), false],
    [{ AWS: arns.role('tf-a') }, arns.session('tf-a', 'gha-1'), true],
    [{ AWS: arns.role('ci/tf-a') }, arns.session('tf-a', 'gha-1'), true],
    [{ AWS: arns.role('tf-a') }, arns.session('tf-b', 'gha-1'), false],
    [{ AWS: arns.role('tf-a') }, arns.session('tf-a', 'gha-1', OTHER_ACCOUNT), false],
    [{ AWS: arns.session('tf-a', 'gha-1') }, arns.session('tf-a', 'gha-1'), true],
    [{ AWS: arns.session('tf-a', 'gha-1') }, arns.session('tf-a', 'other'), false],
    [{ AWS: arns.user('alice') }, arns.federatedUser('alice'), true],
    [{ Service: 'cloudtrail.amazonaws.com' }, 'cloudtrail.amazonaws.com', true],
    [{ Service: 'cloudtrail.amazonaws.com' }, 'config.amazonaws.com', false],
    [{ AWS: [arns.user('bob'), arns.role('tf-a')] }, arns.session('tf-a', 's'), true],
  ];
  for (const [principal, caller, allowed] of rows) {
    expectRequest(
      bucketGrants(principal, caller),
      allowed ? 'Allow' : 'ImplicitDeny',
      `${JSON.stringify(principal)} vs ${caller}`,
    );
  }
});

test('an account principal delegates to the account: same-account callers still need an identity Allow', () => {
  for (const account of [ACCOUNT, arns.root()]) {
    expectRequest(bucketGrants({ AWS: account }, arns.user('alice')), 'ImplicitDeny', `${account}, no identity allow`);
    const withIdentity = {
      ...bucketGrants({ AWS: account }, arns.user('alice')),
      identityPolicies: [policy('id', { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' })],
    };
    expectRequest(withIdentity, 'Allow', `${account}, identity allow`);
  }
});

// Deny + NotPrincipal: test/iam/not-principal.test.ts.
