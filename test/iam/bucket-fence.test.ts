// The isolation stateward relies on: a project role with broad infrastructure permissions
// (AdministratorAccess-like) still cannot touch another project's state, because the state
// bucket's policy fences everyone but the owning role out.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { statementLabel } from '../../src/iam/index.ts';
import { expectRequest } from './check.ts';
import { ACCOUNT, arns, policy, request } from './fixtures.ts';

const BUCKET = 'tfstate-a-111122223333';
const STATE = arns.object(BUCKET, 'a/terraform.tfstate');

const fence = policy('tfstate-a bucket policy', {
  Sid: 'StatewardFence',
  Effect: 'Deny',
  Principal: '*',
  Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:ListBucket'],
  Resource: [arns.bucket(BUCKET), `${arns.bucket(BUCKET)}/*`],
  Condition: { ArnNotLike: { 'aws:PrincipalArn': [arns.role('tf-a')] } },
});

const administratorAccess = policy('AdministratorAccess', { Effect: 'Allow', Action: '*', Resource: '*' });
const s3Everything = policy('tf-b infra', { Effect: 'Allow', Action: 's3:*', Resource: '*' });
const ownGrant = policy('stateward-state-access', {
  Sid: 'State',
  Effect: 'Allow',
  Action: ['s3:GetObject', 's3:PutObject'],
  Resource: `${arns.bucket(BUCKET)}/a/*`,
});

/** A request by a session of `role`, with the aws:PrincipalArn AWS puts in its context (the role ARN). */
function bySession(role: string, action: string, resource = STATE) {
  return request(arns.session(role, 'gha-run'), action, resource, { 'aws:PrincipalArn': arns.role(role) });
}

test('the fence denies tf-b even with s3:* on * (and with AdministratorAccess), naming the fence statement', () => {
  for (const grant of [s3Everything, administratorAccess]) {
    for (const action of ['s3:GetObject', 's3:PutObject', 's3:DeleteObject']) {
      const decision = expectRequest(
        { identityPolicies: [grant], resourcePolicy: fence, request: bySession('tf-b', action) },
        'ExplicitDeny',
        `tf-b ${action} via ${grant.name}`,
      );
      assert.deepEqual(decision.statements.map(statementLabel), ['tfstate-a bucket policy/StatewardFence']);
    }
    expectRequest(
      {
        identityPolicies: [grant],
        resourcePolicy: fence,
        request: bySession('tf-b', 's3:ListBucket', arns.bucket(BUCKET)),
      },
      'ExplicitDeny',
      'tf-b list',
    );
  }
});

test('the fence does not deny tf-a: its own grant decides', () => {
  const decision = expectRequest(
    { identityPolicies: [ownGrant], resourcePolicy: fence, request: bySession('tf-a', 's3:GetObject') },
    'Allow',
    'tf-a reads',
  );
  assert.deepEqual(decision.statements.map(statementLabel), ['stateward-state-access/State']);
  expectRequest(
    { identityPolicies: [ownGrant], resourcePolicy: fence, request: bySession('tf-a', 's3:DeleteObject') },
    'ImplicitDeny',
    'tf-a has no delete grant',
  );
});

test('the fence holds for a caller whose request carries no aws:PrincipalArn', () => {
  // ArnNotLike on a missing key is true (AWS), so the Deny still applies.
  const noContext = request(arns.user('alice'), 's3:GetObject', STATE);
  expectRequest(
    { identityPolicies: [administratorAccess], resourcePolicy: fence, resourceAccount: ACCOUNT, request: noContext },
    'ExplicitDeny',
    'no PrincipalArn',
  );
});
