// Random role trust cases: GitHub OIDC and IAM callers against random trust policies, with the
// callers' own identity policies and boundaries (needed when a trust policy names an account).
import fc from 'fast-check';
import type {
  ConditionBlock,
  ContextValue,
  NamedPolicy,
  Principal,
  RequestContext,
  Statement,
} from '../../src/iam/index.ts';
import { ACCOUNT, accountOf, arns, OTHER_ACCOUNT } from './fixtures.ts';
import { pick } from './request-arbitraries.ts';

const oneOrMany = <T>(item: fc.Arbitrary<T>) => fc.oneof(item, fc.array(item, { minLength: 1, maxLength: 3 }));

const ROLE = arns.role('tf-x');
const AUD = 'token.actions.githubusercontent.com:aud';
const SUB = 'token.actions.githubusercontent.com:sub';

const CALLERS = [
  arns.githubProvider(),
  arns.githubProvider(OTHER_ACCOUNT),
  arns.user('alice'),
  arns.user('bob'),
  arns.user('carol', OTHER_ACCOUNT),
  arns.session('tf-a', 'alice'),
  arns.root(),
];

const SUBJECTS = [
  'repo:acme/x:ref:refs/heads/main',
  'repo:acme/x:pull_request',
  'repo:acme/y:ref:refs/heads/main',
  'repo:acme@123456/x@456789:environment:prod',
];

const contextArbitrary: fc.Arbitrary<Record<string, ContextValue>> = fc
  .record(
    {
      [AUD]: pick('sts.amazonaws.com', 'https://github.com/acme'),
      [SUB]: pick(...SUBJECTS),
      'aws:MultiFactorAuthPresent': pick<ContextValue>(true, false, 'true'),
      'aws:MultiFactorAuthAge': pick<ContextValue>(30, 3600, 7200, '3599'),
      'aws:PrincipalArn': pick(
        arns.user('alice'),
        arns.user('bob'),
        arns.role('tf-a'),
        arns.user('carol', OTHER_ACCOUNT),
      ),
      'aws:username': pick('alice', 'bob'),
    },
    { requiredKeys: [] },
  )
  .map((context) => context as Record<string, ContextValue>);

const CONDITIONS: Array<[string, string, fc.Arbitrary<string | number | boolean>]> = [
  ['StringEquals', AUD, pick('sts.amazonaws.com', 'https://github.com/acme')],
  ['StringLike', AUD, pick('sts.*', 'sts.amazonaws.com')],
  ['StringEquals', SUB, pick(...SUBJECTS)],
  [
    'StringLike',
    SUB,
    pick('repo:acme/x:*', 'repo:acme/*:pull_request', 'repo:acme@123456/x@456789:*', 'repo:acme/?:ref:refs/heads/main'),
  ],
  ['StringNotLike', SUB, pick('repo:acme/y:*', 'repo:*:pull_request')],
  ['ForAnyValue:StringLike', SUB, pick('repo:acme/x:*')],
  ['Bool', 'aws:MultiFactorAuthPresent', pick<string | boolean>(true, 'true', false)],
  ['BoolIfExists', 'aws:MultiFactorAuthPresent', pick<string | boolean>('false', true)],
  ['NumericLessThanEquals', 'aws:MultiFactorAuthAge', pick<string | number>(3600, '60')],
  ['NumericGreaterThan', 'aws:MultiFactorAuthAge', pick<string | number>(3600)],
  ['ArnLike', 'aws:PrincipalArn', pick(arns.user('*'), `arn:aws:iam::${ACCOUNT}:role/tf-*`)],
  ['ArnNotEquals', 'aws:PrincipalArn', pick(arns.user('bob'))],
  ['StringEquals', 'aws:username', pick('alice', '${aws:username}')],
  ['Null', 'aws:MultiFactorAuthAge', pick('true', 'false')],
];

const conditionArbitrary: fc.Arbitrary<ConditionBlock | undefined> = fc.option(
  fc.array(fc.integer({ min: 0, max: CONDITIONS.length - 1 }), { minLength: 1, maxLength: 3 }).chain((indexes) =>
    fc
      .tuple(
        ...indexes.map((i) => {
          const [operator, key, values] = CONDITIONS[i] as [string, string, fc.Arbitrary<string | number | boolean>];
          return fc.array(values, { minLength: 1, maxLength: 2 }).map((vals) => [operator, key, vals] as const);
        }),
      )
      .map((entries) => {
        const block: ConditionBlock = {};
        for (const [operator, key, vals] of entries)
          block[operator] = { ...block[operator], [key]: vals.length === 1 ? (vals[0] as string) : vals };
        return block;
      }),
  ),
  { nil: undefined, freq: 3 },
);

const trustPrincipal: fc.Arbitrary<Principal> = fc.oneof(
  {
    weight: 3,
    arbitrary: oneOrMany(pick(arns.githubProvider(), arns.githubProvider(OTHER_ACCOUNT))).map((Federated) => ({
      Federated,
    })),
  },
  {
    weight: 4,
    arbitrary: oneOrMany(
      pick(
        arns.user('alice'),
        arns.user('carol', OTHER_ACCOUNT),
        ACCOUNT,
        arns.root(),
        OTHER_ACCOUNT,
        arns.role('tf-a'),
        '*',
      ),
    ).map((AWS) => ({ AWS })),
  },
  { weight: 1, arbitrary: fc.constant('*' as const) },
);

const trustStatement: fc.Arbitrary<Statement> = fc
  .record({
    effect: fc.oneof(
      { weight: 3, arbitrary: fc.constant('Allow' as const) },
      { weight: 1, arbitrary: fc.constant('Deny' as const) },
    ),
    sid: fc.option(pick('GitHubOidc', 'Humans', 'DenyOthers'), { nil: undefined }),
    actions: oneOrMany(
      pick('sts:AssumeRole', 'sts:AssumeRoleWithWebIdentity', 'sts:*', 'sts:AssumeRole*', 'sts:TagSession'),
    ),
    principal: trustPrincipal,
    condition: conditionArbitrary,
  })
  .map((r) => {
    const statement: Statement = { Effect: r.effect, Principal: r.principal, Action: r.actions };
    if (r.sid) statement.Sid = r.sid;
    if (r.condition) statement.Condition = r.condition;
    return statement;
  });

const callerPolicyStatement: fc.Arbitrary<Statement> = fc
  .record({
    effect: fc.oneof(
      { weight: 4, arbitrary: fc.constant('Allow' as const) },
      { weight: 1, arbitrary: fc.constant('Deny' as const) },
    ),
    actions: oneOrMany(pick('sts:AssumeRole', 'sts:*', '*', 's3:*')),
    resources: oneOrMany(pick('*', `arn:aws:iam::${ACCOUNT}:role/tf-*`, ROLE, arns.role('other'))),
    condition: conditionArbitrary,
  })
  .map((r) => {
    const statement: Statement = { Effect: r.effect, Action: r.actions, Resource: r.resources };
    if (r.condition) statement.Condition = r.condition;
    return statement;
  });

const callerPolicy = (name: string): fc.Arbitrary<NamedPolicy> =>
  fc
    .array(callerPolicyStatement, { minLength: 1, maxLength: 2 })
    .map((Statement) => ({ name, document: { Version: '2012-10-17' as const, Statement } }));

export const trustCaseArbitrary = fc
  .record({
    caller: pick(...CALLERS),
    context: contextArbitrary,
    trust: fc.array(trustStatement, { minLength: 1, maxLength: 3 }),
    identity: fc.option(callerPolicy('tf-assume-roles'), { nil: undefined, freq: 2 }),
    boundary: fc.option(callerPolicy('boundary'), { nil: undefined, freq: 4 }),
  })
  .map(({ caller, context, trust, identity, boundary }) => {
    const webIdentity = caller.includes(':oidc-provider/');
    const request: RequestContext = {
      principal: { arn: caller, accountId: accountOf(caller) },
      action: webIdentity ? 'sts:AssumeRoleWithWebIdentity' : 'sts:AssumeRole',
      resource: ROLE,
      context,
    };
    return {
      trustPolicy: { name: 'tf-x-trust', document: { Version: '2012-10-17' as const, Statement: trust } },
      request,
      // Web identity callers carry no IAM policies of their own.
      identityPolicies: identity && !webIdentity ? [identity] : undefined,
      permissionsBoundary: boundary && !webIdentity ? boundary : undefined,
    };
  });
