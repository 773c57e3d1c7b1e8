// Deny + NotPrincipal, from the AWS NotPrincipal page
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html):
//   "The NotPrincipal element uses "Effect":"Deny" to deny access to all principals except the
//   principal specified in the NotPrincipal element."
//   "Depending on the service that you include in your policy, AWS might validate the account
//   first and then the user. If an assumed-role user (someone who is using a role) is being
//   evaluated, AWS might validate the account first, then the role, and then the assumed-role user."
// Its examples: NotPrincipal [user Bob, account root] denies "all principals except the user named
// Bob"; [assumed-role session, its role, account root] denies "all principals except the
// assumed-role user". So naming a role spares none of its sessions, and naming an account root
// spares the root alone. Where the page says a missing account or role ARN "might" deny the
// listed principal, stateward takes the Deny: that only ever affects a principal the policy
// meant to spare, so it can report too little access for it, never access AWS refuses (the page
// "strongly recommend[s]" listing them). iam-simulate 0.1.173 spares a caller for any one listed
// form (role, account or parent user); the oracle column pins that.
import { test } from 'node:test';
import type { Principal, Verdict } from '../../src/iam/index.ts';
import { expectVerdicts } from './check.ts';
import { ACCOUNT, arns, OTHER_ACCOUNT, policy, request } from './fixtures.ts';

const STATE = arns.object('tfstate-a', 'a/terraform.tfstate');

/** An admin caller and a bucket policy denying s3:* to everyone but `notPrincipal`. */
function denyAllBut(notPrincipal: Principal, caller: string) {
  return {
    identityPolicies: [policy('admin', { Effect: 'Allow', Action: '*', Resource: '*' })],
    resourcePolicy: policy('bucket', {
      Sid: 'OnlyNamed',
      Effect: 'Deny',
      NotPrincipal: notPrincipal,
      Action: 's3:*',
      Resource: 'arn:aws:s3:::tfstate-a/*',
    }),
    request: request(caller, 's3:GetObject', STATE),
  };
}

const SESSION = arns.session('tf-a', 'gha-1');
const EXAMPLE_ROLE = [SESSION, arns.role('tf-a'), arns.root()];

test('Deny + NotPrincipal spares only a caller whose account, role and own ARN are all listed', () => {
  const rows: Array<[string, string[] | string, string, Verdict, Verdict]> = [
    // [what, NotPrincipal AWS, caller, AWS, iam-simulate]
    ['a principal not named at all', arns.user('alice'), arns.user('bob'), 'ExplicitDeny', 'ExplicitDeny'],
    ['another account named', OTHER_ACCOUNT, arns.user('alice'), 'ExplicitDeny', 'ExplicitDeny'],
    [
      "the page's user example: Bob and his account",
      [arns.user('alice'), arns.root()],
      arns.user('alice'),
      'Allow',
      'Allow',
    ],
    ["the page's role example: session, role, account", EXAMPLE_ROLE, SESSION, 'Allow', 'Allow'],
    ['the root user, its account listed', arns.root(), arns.root(), 'Allow', 'Allow'],
    ['everyone', '*', arns.user('bob'), 'Allow', 'Allow'],
    ['another session of the listed role', EXAMPLE_ROLE, arns.session('tf-a', 'other'), 'ExplicitDeny', 'Allow'],
    ['a session of a role listed with its account', [arns.role('tf-a'), arns.root()], SESSION, 'ExplicitDeny', 'Allow'],
    ['a user of an account whose root is listed', arns.root(), arns.user('alice'), 'ExplicitDeny', 'Allow'],
    ['a user of an account listed by id', ACCOUNT, arns.user('alice'), 'ExplicitDeny', 'Allow'],
    ['a user listed without its account', arns.user('alice'), arns.user('alice'), 'ExplicitDeny', 'Allow'],
    ['a session listed without its role', [SESSION, arns.root()], SESSION, 'ExplicitDeny', 'Allow'],
    [
      'a federated user whose IAM user is listed',
      [arns.user('alice'), arns.root()],
      arns.federatedUser('alice'),
      'ExplicitDeny',
      'Allow',
    ],
  ];
  for (const [what, AWS, caller, aws, oracle] of rows) expectVerdicts(denyAllBut({ AWS }, caller), aws, oracle, what);
});

test('Deny + NotPrincipal names services by their own name', () => {
  const service = 'cloudtrail.amazonaws.com';
  const grant = policy('bucket', {
    Effect: 'Allow',
    Principal: { Service: service },
    Action: 's3:GetObject',
    Resource: 'arn:aws:s3:::tfstate-a/*',
  });
  const input = (notPrincipal: Principal) => {
    const base = denyAllBut(notPrincipal, service);
    const statements = [...grant.document.Statement, ...base.resourcePolicy.document.Statement];
    return {
      ...base,
      identityPolicies: [],
      resourcePolicy: { name: 'bucket', document: { ...grant.document, Statement: statements } },
    };
  };
  expectVerdicts(input({ Service: service }), 'Allow', 'Allow', 'the service listed');
  expectVerdicts(input({ AWS: arns.root() }), 'ExplicitDeny', 'ExplicitDeny', 'only an account listed');
});
