// verify skips evaluating a management probe that no Allow statement could match. The skip is only sound
// if it never hides an allow: over the evaluator's random cases, every request the evaluator allows must
// pass the pre-check.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { evaluateRequest, type NamedPolicy } from '../../src/iam/index.ts';
import { allowStatementsOf, allowsOnResource, mayAllowAction } from '../../src/verify/may-allow.ts';
import { requestCaseArbitrary } from '../iam/arbitraries.ts';

const passesPreCheck = (policies: NamedPolicy[], action: string, resource: string) =>
  mayAllowAction(allowsOnResource(allowStatementsOf(policies), resource), action);

test('whatever the evaluator allows passes the pre-check (random policies, 20,000 cases)', () => {
  let allowed = 0;
  fc.assert(
    fc.property(requestCaseArbitrary, (c) => {
      if (evaluateRequest(c).decision !== 'Allow') return;
      allowed++;
      const policies = [...c.identityPolicies, ...(c.resourcePolicy ? [c.resourcePolicy] : [])];
      assert.ok(passesPreCheck(policies, c.request.action, c.request.resource));
    }),
    { numRuns: 20_000, seed: 12 },
  );
  // The property means nothing unless the cases allow often enough.
  assert.ok(allowed > 1_000, `only ${allowed} allowed cases`);
});

const policy = (statement: Record<string, unknown>): NamedPolicy[] => [
  { name: 'p', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', ...statement }] } },
];

test('the pre-check, case by case', () => {
  const bucket = 'arn:aws:s3:::tfstate-b-111122223333';
  const cases: Array<[string, Record<string, unknown>, string, boolean]> = [
    [
      'no statement names the bucket',
      { Action: 's3:*', Resource: 'arn:aws:s3:::tfstate-a-*' },
      's3:DeleteBucket',
      false,
    ],
    ['the action does not match', { Action: 's3:GetObject', Resource: '*' }, 's3:DeleteBucket', false],
    ['a wildcard matches both', { Action: 's3:Delete*', Resource: 'arn:aws:s3:::tfstate-*' }, 's3:DeleteBucket', true],
    ['NotResource may match anything', { Action: 's3:*', NotResource: 'arn:aws:s3:::x' }, 's3:DeleteBucket', true],
    ['NotAction may match anything', { NotAction: 'iam:*', Resource: '*' }, 's3:DeleteBucket', true],
    [
      'a policy variable is not read',
      { Action: '*', Resource: 'arn:aws:s3:::${aws:username}' },
      's3:DeleteBucket',
      true,
    ],
  ];
  for (const [what, statement, action, expected] of cases)
    assert.equal(passesPreCheck(policy(statement), action, bucket), expected, what);
  assert.equal(passesPreCheck([], 's3:DeleteBucket', bucket), false, 'no policy at all');
});
