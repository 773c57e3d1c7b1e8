// Statements IAM would reject are reported with a stable code and the fix, never guessed at.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StatewardError } from '../../src/errors.ts';
import { evaluateRequest, evaluateTrust, type PolicyDocument, type Statement } from '../../src/iam/index.ts';
import { arns, policy, request } from './fixtures.ts';

const readState = request(arns.user('alice'), 's3:GetObject', arns.object('tfstate-a', 'a/terraform.tfstate'));

function rejects(run: () => unknown, fragment: string): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof StatewardError);
    assert.equal(error.code, 'IAM_INVALID_STATEMENT');
    assert.match(error.message, new RegExp(fragment));
    assert.ok(error.fix.length > 0);
    return true;
  });
}

test('identity statements IAM would reject are errors that name the policy and statement', () => {
  const identity = (statement: Partial<Statement>) => () =>
    evaluateRequest({ identityPolicies: [policy('state-access', statement as Statement)], request: readState });
  rejects(
    identity({ Sid: 'NoResource', Effect: 'Allow', Action: 's3:GetObject' }),
    'identity policy "state-access" statement NoResource: .*Resource',
  );
  rejects(
    identity({ Effect: 'Allow', Action: 's3:GetObject', NotAction: 's3:PutObject', Resource: '*' }),
    'exactly one of Action and NotAction',
  );
  rejects(identity({ Effect: 'Permit' as 'Allow', Action: 's3:GetObject', Resource: '*' }), 'Effect must be');
  rejects(
    identity({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' }),
    'cannot name a Principal',
  );
});

test('resource and trust statements must name a principal', () => {
  const bucket = policy('bucket', { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' });
  rejects(() => evaluateRequest({ identityPolicies: [], resourcePolicy: bucket, request: readState }), 'Principal');
  const trust = policy('trust', { Effect: 'Allow', Action: 'sts:AssumeRole' });
  rejects(
    () =>
      evaluateTrust({ trustPolicy: trust, request: request(arns.user('alice'), 'sts:AssumeRole', arns.role('tf-a')) }),
    'Principal',
  );
});

test('a live document holding a single statement object (not an array) is read like an array of one', () => {
  const single = {
    Version: '2012-10-17',
    Statement: { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' },
  } as unknown as PolicyDocument;
  assert.equal(
    evaluateRequest({ identityPolicies: [{ name: 'live', document: single }], request: readState }).decision,
    'Allow',
  );
});
