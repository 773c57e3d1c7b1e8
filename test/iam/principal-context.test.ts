// The caller-derived condition keys, and why verify needs them: the bucket fence keys on
// aws:PrincipalArn, which for a role session is the role's ARN.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { principalContext } from '../../src/iam/index.ts';
import { expectRequest } from './check.ts';
import { ACCOUNT, arns, policy, request } from './fixtures.ts';

const principal = (arn: string) => ({ arn, accountId: ACCOUNT });

test('each kind of caller gets the keys AWS puts in its requests', () => {
  assert.deepEqual(principalContext(principal(arns.user('alice'))), {
    'aws:PrincipalArn': arns.user('alice'),
    'aws:PrincipalAccount': ACCOUNT,
    'aws:PrincipalType': 'User',
    'aws:username': 'alice',
  });
  assert.deepEqual(principalContext(principal(arns.session('tf-a', 'gha-1'))), {
    'aws:PrincipalArn': arns.role('tf-a'),
    'aws:PrincipalAccount': ACCOUNT,
    'aws:PrincipalType': 'AssumedRole',
  });
  assert.equal(
    principalContext(principal(arns.session('tf-a', 's')), { roleArn: arns.role('ci/tf-a') })['aws:PrincipalArn'],
    arns.role('ci/tf-a'),
  );
  assert.equal(principalContext(principal(arns.root()))['aws:PrincipalType'], 'Account');
  assert.equal(
    principalContext(principal(arns.federatedUser('alice')))['aws:PrincipalArn'],
    arns.federatedUser('alice'),
  );
  assert.deepEqual(principalContext(principal(arns.githubProvider())), {});
  assert.deepEqual(principalContext({ arn: 's3.amazonaws.com', accountId: '' }), {});
});

test('with the derived keys the owner passes the fence; without them the fence shuts it out too', () => {
  const fence = policy('bucket', {
    Sid: 'StatewardFence',
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:*',
    Resource: 'arn:aws:s3:::tfstate-a/*',
    Condition: { ArnNotLike: { 'aws:PrincipalArn': arns.role('tf-a') } },
  });
  const grant = policy('grant', { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::tfstate-a/*' });
  const session = arns.session('tf-a', 'gha-1');
  const state = arns.object('tfstate-a', 'a/terraform.tfstate');
  const withKeys = request(session, 's3:GetObject', state, principalContext(principal(session)));
  expectRequest(
    { identityPolicies: [grant], resourcePolicy: fence, request: withKeys },
    'Allow',
    'owner with aws:PrincipalArn',
  );
  expectRequest(
    { identityPolicies: [grant], resourcePolicy: fence, request: request(session, 's3:GetObject', state) },
    'ExplicitDeny',
    'owner without it',
  );
});
