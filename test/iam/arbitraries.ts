// Random policies for the differential test, each case built around one random request. The
// pools are small on purpose, so that random statements often reach the request; every operator
// family, modifier, principal form and variable escape the evaluator supports appears in them.
import fc from 'fast-check';
import type { ConditionBlock, ContextValue, NamedPolicy, Principal, Statement } from '../../src/iam/index.ts';
import { ACCOUNT, arns, OTHER_ACCOUNT } from './fixtures.ts';
import { notPrincipalArbitrary, principalArbitrary } from './principal-arbitraries.ts';
import { DATES, type DateFormat, LIST_VALUES, pick, requestArbitrary, STRINGS } from './request-arbitraries.ts';

const oneOrMany = <T>(item: fc.Arbitrary<T>) => fc.oneof(item, fc.array(item, { minLength: 1, maxLength: 3 }));

// Broad patterns are listed twice so that random statements reach random requests more often.
const ACTION_PATTERNS = [
  '*',
  '*',
  's3:*',
  's3:*',
  's3:Get*',
  'S3:getobject',
  's3:?utObject',
  's3:List*',
  's3:DeleteObject',
  'dynamodb:*Item',
  'dynamodb:GetItem',
  'sts:AssumeRole',
];

const RESOURCE_PATTERNS = [
  '*',
  '*',
  'arn:aws:s3:::tfstate-a',
  'arn:aws:s3:::tfstate-a/*',
  'arn:aws:s3:::tfstate-a/*',
  'arn:aws:s3:::tfstate-?/*',
  'arn:aws:s3:::tfstate-*',
  'arn:aws:s3:::tfstate-a/a/*',
  'arn:aws:s3:::tfstate-a/${aws:username}/*',
  "arn:aws:s3:::tfstate-a/${aws:PrincipalTag/team, 'a'}/*",
  'arn:aws:s3:::tfstate-a/_bootstrap/*',
  'arn:aws:s3:::*/a/terraform.tfstate*',
  'arn:aws:s3:::tfstate-a/a/terraform.tfstate${?}tflock',
  'arn:aws:dynamodb:*:*:table/terraform-locks',
  `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/*`,
];

function valuePool(
  dates: DateFormat,
): Record<string, { operators: string[]; values: fc.Arbitrary<string | boolean | number> }> {
  const strings = {
    operators: [
      'StringEquals',
      'StringNotEquals',
      'StringEqualsIgnoreCase',
      'StringNotEqualsIgnoreCase',
      'StringLike',
      'StringNotLike',
    ],
  };
  const arnOps = ['ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike', 'StringLike', 'StringEquals', 'StringNotLike'];
  return {
    'aws:PrincipalArn': {
      operators: arnOps,
      values: pick(
        arns.role('tf-a'),
        `arn:aws:iam::${ACCOUNT}:role/tf-*`,
        'arn:aws:iam::*:role/tf-?',
        arns.user('alice'),
        `arn:aws:iam::${ACCOUNT}:user/\${aws:username}`,
        arns.session('tf-a', '*'),
        `arn:aws:iam::${ACCOUNT}:role/\${aws:PrincipalTag/team}`,
      ),
    },
    'aws:username': {
      ...strings,
      values: pick(
        'alice',
        'ALICE',
        'a*',
        '?ob',
        '${aws:PrincipalTag/team}',
        '${*}',
        "${aws:PrincipalTag/nope, 'alice'}",
      ),
    },
    'aws:PrincipalTag/team': { ...strings, values: pick(...STRINGS, 'team-*', '${aws:username}') },
    's3:prefix': { ...strings, values: pick('a/', 'env:/', 'env:${$}', '*', '${aws:username}/*', '') },
    'aws:MultiFactorAuthPresent': { operators: ['Bool'], values: pick<string | boolean>(true, false, 'true', 'FALSE') },
    'aws:SecureTransport': { operators: ['Bool'], values: pick<string | boolean>(true, 'false') },
    'aws:MultiFactorAuthAge': {
      operators: [
        'NumericEquals',
        'NumericNotEquals',
        'NumericLessThan',
        'NumericLessThanEquals',
        'NumericGreaterThan',
        'NumericGreaterThanEquals',
      ],
      values: pick<string | number>(3600, '3600', 60, '900.5', 0),
    },
    'aws:CurrentTime': {
      operators: [
        'DateEquals',
        'DateNotEquals',
        'DateLessThan',
        'DateLessThanEquals',
        'DateGreaterThan',
        'DateGreaterThanEquals',
      ],
      values: pick(...DATES[dates]),
    },
    'aws:SourceIp': {
      operators: ['IpAddress', 'NotIpAddress'],
      values: pick('203.0.113.0/24', '10.0.0.0/8', '198.51.100.20', '192.0.0.0/2'),
    },
    'aws:TagKeys': { ...strings, values: pick('Project', 'Owner', 'Pro*', 'secret') },
    'dynamodb:LeadingKeys': { ...strings, values: pick(...LIST_VALUES, 'tfstate-a/a/*') },
  };
}

const casings = (key: string) => pick(key, key.toLowerCase(), key.toUpperCase());

type Context = Readonly<Record<string, ContextValue>>;

/** Every `${...}` in the value has a single value in the request, a default, or is an escape. */
function resolvable(value: string, context: Context): boolean {
  return [...value.matchAll(/\$\{([^}]*)\}/gu)].every(([, inner = '']) => {
    if (['*', '?', '$'].includes(inner) || inner.includes(',')) return true;
    const key = Object.keys(context).find((k) => k.toLowerCase() === inner.trim().toLowerCase());
    return key !== undefined && !Array.isArray(context[key]);
  });
}

/**
 * A negated operator holds for a variable without a value (AWS) but not in iam-simulate; that gap
 * is pinned in test/iam/condition-edges.test.ts, and here negated operators get resolvable values only.
 */
const negatedWithNullVariable = (operator: string, values: unknown[], context: Context) =>
  /not/iu.test(operator) && !values.every((v) => resolvable(String(v), context));

function conditionEntryArbitrary(
  dates: DateFormat,
  context: Context,
): fc.Arbitrary<[string, string, (string | boolean | number)[]]> {
  const pool = valuePool(dates);
  return pick(...Object.keys(pool)).chain((key) => {
    const { operators, values } = pool[key] as { operators: string[]; values: fc.Arbitrary<string | boolean | number> };
    const setOperator = pick('', '', '', 'ForAllValues:', 'ForAnyValue:');
    const operator = fc.oneof(
      { weight: 9, arbitrary: pick(...operators) },
      { weight: 1, arbitrary: fc.constant('Null') },
    );
    return fc
      .tuple(setOperator, operator, fc.boolean(), casings(key), fc.array(values, { minLength: 1, maxLength: 3 }))
      .filter(([, op, , , vals]) => !negatedWithNullVariable(op, vals, context))
      .map(([set, op, ifExists, casedKey, vals]) => {
        if (op === 'Null') return [op, casedKey, [vals.length % 2 === 0 ? 'true' : 'false']];
        const string = op.startsWith('String') || op.startsWith('Arn');
        return [`${string ? set : ''}${op}${ifExists && op !== 'Null' ? 'IfExists' : ''}`, casedKey, vals];
      });
  });
}

export function conditionArbitrary(dates: DateFormat, context: Context): fc.Arbitrary<ConditionBlock | undefined> {
  return fc.option(
    fc.array(conditionEntryArbitrary(dates, context), { minLength: 1, maxLength: 3 }).map((entries) => {
      const block: ConditionBlock = {};
      for (const [operator, key, values] of entries)
        block[operator] = { ...block[operator], [key]: values.length === 1 ? (values[0] as string) : values };
      return block;
    }),
    { nil: undefined, freq: 3 },
  );
}

/** The request a case is built around: statements name its action and resource half of the time. */
export interface Focus {
  action: string;
  resource: string;
  context: Context;
}

/** Bucket policies name principals: a Principal element, or (for a Deny) a NotPrincipal. */
export interface PrincipalPools {
  principal: fc.Arbitrary<Principal>;
  notPrincipal: fc.Arbitrary<Principal>;
}

export function statementArbitrary(
  dates: DateFormat,
  focus: Focus,
  principals?: PrincipalPools,
): fc.Arbitrary<Statement> {
  return fc
    .record({
      sid: fc.option(pick('Grant', 'Fence', 'StatewardDeny', 'X1'), { nil: undefined }),
      effect: fc.oneof(
        { weight: 4, arbitrary: fc.constant('Allow' as const) },
        { weight: 1, arbitrary: fc.constant('Deny' as const) },
      ),
      notAction: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
      actions: oneOrMany(fc.oneof(pick(...ACTION_PATTERNS), fc.constant(focus.action))),
      notResource: fc.integer({ min: 0, max: 5 }).map((n) => n === 0),
      resources: oneOrMany(fc.oneof(pick(...RESOURCE_PATTERNS), fc.constant(focus.resource))),
      notPrincipal: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
      principal: principals?.principal ?? fc.constant(undefined),
      excepted: principals?.notPrincipal ?? fc.constant(undefined),
      condition: conditionArbitrary(dates, focus.context),
    })
    .map((r) => {
      const statement: Statement = { Effect: r.effect };
      if (r.sid) statement.Sid = r.sid;
      if (r.notAction) statement.NotAction = r.actions;
      else statement.Action = r.actions;
      if (r.notResource) statement.NotResource = r.resources;
      else statement.Resource = r.resources;
      if (r.principal) {
        // IAM rejects NotPrincipal with Allow in new policies (so does the oracle's validator).
        if (r.notPrincipal && r.effect === 'Deny' && r.excepted) statement.NotPrincipal = r.excepted;
        else statement.Principal = r.principal;
      }
      if (r.condition) statement.Condition = r.condition;
      return statement;
    });
}

/** An identity policy or boundary (no principals), or a bucket policy naming principals. */
export function policyArbitrary(
  name: string,
  dates: DateFormat,
  focus: Focus,
  principals?: PrincipalPools,
): fc.Arbitrary<NamedPolicy> {
  return fc
    .array(statementArbitrary(dates, focus, principals), { minLength: 1, maxLength: 3 })
    .map((Statement) => ({ name, document: { Version: '2012-10-17' as const, Statement } }));
}

const identityPolicies = (dates: DateFormat, focus: Focus) =>
  fc.oneof(
    { weight: 1, arbitrary: fc.constant<NamedPolicy[]>([]) },
    { weight: 3, arbitrary: fc.array(policyArbitrary('identity', dates, focus), { minLength: 1, maxLength: 3 }) },
  );

/** One evaluateRequest case: the caller's policies, maybe a bucket policy and a boundary, and a request. */
export const requestCaseArbitrary = fc
  .constantFrom<DateFormat>('iso', 'epoch')
  .chain((dates) => requestArbitrary(dates).map((request) => ({ dates, request })))
  .chain(({ dates, request }) => {
    // A service principal carries no identity policies or boundary of its own.
    const service = !request.principal.arn.startsWith('arn:');
    return fc.record({
      identityPolicies: service ? fc.constant<NamedPolicy[]>([]) : identityPolicies(dates, request),
      resourcePolicy: fc.option(
        policyArbitrary('bucket', dates, request, {
          principal: principalArbitrary(request.principal.arn),
          notPrincipal: notPrincipalArbitrary(request.principal.arn),
        }),
        { nil: undefined, freq: 3 },
      ),
      permissionsBoundary: service
        ? fc.constant(undefined)
        : fc.option(policyArbitrary('boundary', dates, request), { nil: undefined, freq: 3 }),
      resourceAccount: fc.option(fc.constantFrom(ACCOUNT, OTHER_ACCOUNT), { nil: undefined }),
      request: fc.constant(request),
    });
  })
  // Policy names must be unique for the oracle's bookkeeping.
  .map((c) => ({ ...c, identityPolicies: c.identityPolicies.map((p, i) => ({ ...p, name: `${p.name}-${i}` })) }));
