// Role trust: the two ways in that stateward's roles allow (GitHub OIDC for one repo, named IAM
// users with MFA), and the AWS rules around them.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ContextValue, TrustEvaluation } from '../../src/iam/index.ts';
import { statementLabel } from '../../src/iam/index.ts';
import { expectTrust } from './check.ts';
import { ACCOUNT, arns, OTHER_ACCOUNT, policy, request } from './fixtures.ts';

const ROLE = arns.role('tf-x');
const GITHUB = 'token.actions.githubusercontent.com';

const githubTrust = policy('tf-x trust', {
  Sid: 'GitHubOidc',
  Effect: 'Allow',
  Principal: { Federated: arns.githubProvider() },
  Action: 'sts:AssumeRoleWithWebIdentity',
  Condition: {
    StringEquals: { [`${GITHUB}:aud`]: 'sts.amazonaws.com' },
    StringLike: { [`${GITHUB}:sub`]: 'repo:acme/x:*' },
  },
});

function github(sub: string, aud = 'sts.amazonaws.com', provider = arns.githubProvider()): TrustEvaluation {
  return {
    trustPolicy: githubTrust,
    request: request(provider, 'sts:AssumeRoleWithWebIdentity', ROLE, {
      [`${GITHUB}:aud`]: aud,
      [`${GITHUB}:sub`]: sub,
    }),
  };
}

test('GitHub OIDC trust admits workflows of its repo only', () => {
  const main = expectTrust(github('repo:acme/x:ref:refs/heads/main'), 'Allow', 'acme/x on main');
  assert.deepEqual(main.statements.map(statementLabel), ['tf-x trust/GitHubOidc']);
  expectTrust(github('repo:acme/x:pull_request'), 'Allow', 'acme/x pull request');
  const other = expectTrust(github('repo:acme/y:ref:refs/heads/main'), 'ImplicitDeny', 'acme/y');
  assert.equal(other.reason, 'no-allow');
  expectTrust(github('repo:acme/xy:ref:refs/heads/main'), 'ImplicitDeny', 'acme/xy is not acme/x');
  expectTrust(github('repo:acme/x:ref:refs/heads/main', 'https://github.com/acme'), 'ImplicitDeny', 'wrong audience');
  expectTrust(
    github('repo:acme/x:ref:refs/heads/main', 'sts.amazonaws.com', arns.githubProvider(OTHER_ACCOUNT)),
    'ImplicitDeny',
    "another account's provider",
  );
  const onMain = github('repo:acme/x:ref:refs/heads/main');
  expectTrust({ ...onMain, request: { ...onMain.request, action: 'sts:AssumeRole' } }, 'ImplicitDeny', 'wrong action');
});

const humansTrust = policy('tf-x trust', {
  Sid: 'Humans',
  Effect: 'Allow',
  Principal: { AWS: [arns.user('alice'), arns.user('bob')] },
  Action: 'sts:AssumeRole',
  Condition: {
    Bool: { 'aws:MultiFactorAuthPresent': 'true' },
    NumericLessThanEquals: { 'aws:MultiFactorAuthAge': '3600' },
  },
});

function human(user: string, context: Record<string, ContextValue>): TrustEvaluation {
  return { trustPolicy: humansTrust, request: request(arns.user(user), 'sts:AssumeRole', ROLE, context) };
}

test('human trust requires recent MFA', () => {
  const ok = expectTrust(
    human('alice', { 'aws:MultiFactorAuthPresent': true, 'aws:MultiFactorAuthAge': 120 }),
    'Allow',
    'alice with MFA',
  );
  assert.deepEqual(ok.statements.map(statementLabel), ['tf-x trust/Humans']);
  expectTrust(human('alice', {}), 'ImplicitDeny', 'alice without MFA (keys absent, as for long-term keys)');
  expectTrust(human('alice', { 'aws:MultiFactorAuthPresent': false }), 'ImplicitDeny', 'MFA present = false');
  expectTrust(
    human('alice', { 'aws:MultiFactorAuthPresent': true, 'aws:MultiFactorAuthAge': 3601 }),
    'ImplicitDeny',
    'MFA too old',
  );
  expectTrust(
    human('bob', { 'aws:MultiFactorAuthPresent': 'true', 'aws:MultiFactorAuthAge': '3600' }),
    'Allow',
    'bob at the limit',
  );
  expectTrust(
    human('mallory', { 'aws:MultiFactorAuthPresent': true, 'aws:MultiFactorAuthAge': 1 }),
    'ImplicitDeny',
    'unlisted user',
  );
});

test('a trust policy naming the account needs the caller to hold sts:AssumeRole too; one naming the user does not', () => {
  const accountTrust = policy('tf-x trust', {
    Effect: 'Allow',
    Principal: { AWS: arns.root() },
    Action: 'sts:AssumeRole',
  });
  const alice = request(arns.user('alice'), 'sts:AssumeRole', ROLE);
  const alone = expectTrust(
    { trustPolicy: accountTrust, request: alice },
    'ImplicitDeny',
    'account trust, no identity policy',
  );
  assert.equal(alone.reason, 'identity-no-allow');
  const assumeRoles = policy('tf-assume-roles', {
    Effect: 'Allow',
    Action: 'sts:AssumeRole',
    Resource: `arn:aws:iam::${ACCOUNT}:role/tf-*`,
  });
  const withPolicy = expectTrust(
    { trustPolicy: accountTrust, request: alice, identityPolicies: [assumeRoles] },
    'Allow',
    'account trust + tf-assume-roles',
  );
  assert.deepEqual(
    withPolicy.statements.map((s) => s.kind),
    ['identity', 'trust'],
  );
  expectTrust(
    {
      trustPolicy: humansTrust,
      request: { ...alice, context: { 'aws:MultiFactorAuthPresent': true, 'aws:MultiFactorAuthAge': 5 } },
    },
    'Allow',
    'user named, no identity policy needed',
  );
});

test('within the account, an identity policy alone cannot assume a role whose trust does not name the caller', () => {
  const assumeAll = policy('admin', { Effect: 'Allow', Action: '*', Resource: '*' });
  const decision = expectTrust(
    {
      trustPolicy: githubTrust,
      request: request(arns.user('alice'), 'sts:AssumeRole', ROLE),
      identityPolicies: [assumeAll],
    },
    'ImplicitDeny',
    'admin user',
  );
  assert.equal(decision.reason, 'resource-no-allow');
});

test('a Deny in the trust policy wins over its Allow', () => {
  const guarded = policy('tf-x trust', humansTrust.document.Statement[0]!, {
    Sid: 'NoBob',
    Effect: 'Deny',
    Principal: { AWS: arns.user('bob') },
    Action: 'sts:AssumeRole',
  });
  const decision = expectTrust(
    {
      trustPolicy: guarded,
      request: request(arns.user('bob'), 'sts:AssumeRole', ROLE, {
        'aws:MultiFactorAuthPresent': true,
        'aws:MultiFactorAuthAge': 5,
      }),
    },
    'ExplicitDeny',
    'bob denied',
  );
  assert.deepEqual(decision.statements.map(statementLabel), ['tf-x trust/NoBob']);
});

test('cross-account: a trust naming another account admits its callers only with their own sts:AssumeRole', () => {
  const trust = policy('tf-x trust', { Effect: 'Allow', Principal: { AWS: OTHER_ACCOUNT }, Action: 'sts:AssumeRole' });
  const carol = request(arns.user('carol', OTHER_ACCOUNT), 'sts:AssumeRole', ROLE);
  expectTrust({ trustPolicy: trust, request: carol }, 'ImplicitDeny', 'carol without permission');
  const assume = policy('carol-assume', { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: ROLE });
  expectTrust({ trustPolicy: trust, request: carol, identityPolicies: [assume] }, 'Allow', 'carol with permission');
});
