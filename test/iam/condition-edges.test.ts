// Three condition edges where stateward follows the AWS documentation (or, where AWS documents
// nothing, the definitions it does give) and iam-simulate 0.1.173 may answer otherwise; the oracle
// column pins its answer. The differential generators steer clear of the cases that differ.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StatewardError } from '../../src/errors.ts';
import { type ConditionBlock, type ContextValue, evaluateRequest, type Verdict } from '../../src/iam/index.ts';
import { conditionCase, expectVerdicts } from './check.ts';
import { arns, policy, request } from './fixtures.ts';

type Row = [
  what: string,
  condition: ConditionBlock,
  context: Record<string, ContextValue>,
  aws: boolean,
  oracle: boolean,
];
const verdict = (holds: boolean): Verdict => (holds ? 'Allow' : 'ImplicitDeny');

function runTable(rows: Row[]): void {
  for (const [what, condition, context, aws, oracle] of rows)
    expectVerdicts(conditionCase(condition, context), verdict(aws), verdict(oracle), what);
}

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#policy-vars-no-value
//   "When you use a variable with no value in the condition element of an IAM policy, [...]
//   Condition operators like StringEquals or StringLike do not match [...]. Inverted condition
//   operators like StringNotEquals or StringNotLike do match against a null value, as the value of
//   the condition key they are testing against is not equal to or like the effectively null value."
//   Its example Deny with StringNotEquals s3:ExistingObjectTag/Team "${aws:PrincipalTag/Team}":
//   "Access is explicitly denied when aws:principaltag/Team is not set."
// (iam-simulate treats the value as an error that matches neither form.)
test('a policy variable without a value fails positive operators and satisfies negated ones', () => {
  const pageExample = (context: Record<string, ContextValue>) => ({
    identityPolicies: [
      policy('admin', { Effect: 'Allow', Action: '*', Resource: '*' }),
      policy('team-fence', {
        Effect: 'Deny',
        Action: 's3:GetObject',
        Resource: 'arn:aws:s3:::tfstate-a/*',
        Condition: { StringNotEquals: { 's3:ExistingObjectTag/Team': '${aws:PrincipalTag/Team}' } },
      }),
    ],
    request: request(arns.user('alice'), 's3:GetObject', arns.object('tfstate-a', 'a/x'), context),
  });
  expectVerdicts(pageExample({ 's3:ExistingObjectTag/Team': 'blue' }), 'ExplicitDeny', 'Allow', 'tag not set');
  expectVerdicts(
    pageExample({ 's3:ExistingObjectTag/Team': 'blue', 'aws:PrincipalTag/Team': 'blue' }),
    'Allow',
    'Allow',
    'same team',
  );
  expectVerdicts(
    pageExample({ 's3:ExistingObjectTag/Team': 'blue', 'aws:PrincipalTag/Team': 'red' }),
    'ExplicitDeny',
    'ExplicitDeny',
    'other team',
  );
  const tagged = 'arn:aws:iam::111122223333:role/${aws:PrincipalTag/team}';
  runTable([
    [
      'StringEquals, no tag',
      { StringEquals: { 's3:prefix': '${aws:PrincipalTag/team}' } },
      { 's3:prefix': 'a/' },
      false,
      false,
    ],
    [
      'StringLike, no tag',
      { StringLike: { 's3:prefix': '${aws:PrincipalTag/team}/*' } },
      { 's3:prefix': 'a/' },
      false,
      false,
    ],
    [
      'StringNotEquals, no tag',
      { StringNotEquals: { 's3:prefix': '${aws:PrincipalTag/team}' } },
      { 's3:prefix': 'a/' },
      true,
      false,
    ],
    [
      'StringNotLike, no tag',
      { StringNotLike: { 's3:prefix': '${aws:PrincipalTag/team}/*' } },
      { 's3:prefix': 'a/' },
      true,
      false,
    ],
    [
      'ArnNotLike, no tag',
      { ArnNotLike: { 'aws:PrincipalArn': tagged } },
      { 'aws:PrincipalArn': arns.role('tf-a') },
      true,
      false,
    ],
    [
      'ArnLike, no tag',
      { ArnLike: { 'aws:PrincipalArn': tagged } },
      { 'aws:PrincipalArn': arns.role('tf-a') },
      false,
      false,
    ],
    // NOR over the values: the null value differs from everything, the other value decides.
    [
      'NOR, other value differs',
      { StringNotEquals: { 's3:prefix': ['${aws:PrincipalTag/team}', 'a/'] } },
      { 's3:prefix': 'b/' },
      true,
      false,
    ],
    [
      'NOR, other value equal',
      { StringNotEquals: { 's3:prefix': ['${aws:PrincipalTag/team}', 'a/'] } },
      { 's3:prefix': 'a/' },
      false,
      false,
    ],
    [
      'StringNotEquals, tag set',
      { StringNotEquals: { 's3:prefix': '${aws:PrincipalTag/team}' } },
      { 's3:prefix': 'a/', 'aws:PrincipalTag/team': 'a/' },
      false,
      false,
    ],
  ]);
});

// AWS documents no set form of Null. Null: "use either true (the key doesn't exist — it is null) or
// false (the key exists and its value is not null)"; ForAllValues "returns true if there are no
// context keys in the request or if the context key value resolves to a null dataset"; ForAnyValue
// "returns true if any one of the context key values in the request matches [...]. For no matching
// context key or if the key does not exist, the condition returns false"
// (reference_policies_elements_condition_operators.html#Conditions_Null and
// reference_policies_condition-single-vs-multi-valued-context-keys.html). Applied per value, every
// value a request holds exists (Null false), and the empty set decides as those definitions say.
// iam-simulate ignores the set prefix on Null.
test('ForAllValues:Null and ForAnyValue:Null apply the set definitions to each request value', () => {
  const tags = (values?: string[]): Record<string, ContextValue> => (values ? { 'aws:TagKeys': values } : {});
  const rows: Array<[string, 'true' | 'false', string[] | undefined, boolean, boolean]> = [
    ['ForAllValues:Null', 'true', undefined, true, true],
    ['ForAllValues:Null', 'true', [], true, false],
    ['ForAllValues:Null', 'true', ['Project'], false, false],
    ['ForAllValues:Null', 'false', undefined, true, false],
    ['ForAllValues:Null', 'false', [], true, true],
    ['ForAllValues:Null', 'false', ['Project', 'Owner'], true, true],
    ['ForAnyValue:Null', 'true', undefined, false, true],
    ['ForAnyValue:Null', 'true', [], false, false],
    ['ForAnyValue:Null', 'true', ['Project'], false, false],
    ['ForAnyValue:Null', 'false', undefined, false, false],
    ['ForAnyValue:Null', 'false', [], false, true],
    ['ForAnyValue:Null', 'false', ['Project'], true, true],
  ];
  runTable(
    rows.map(
      ([operator, value, keys, aws, oracle]): Row => [
        `${operator} ${value} with ${JSON.stringify(keys)}`,
        { [operator]: { 'aws:TagKeys': value } },
        tags(keys),
        aws,
        oracle,
      ],
    ),
  );
});

// reference_policies_elements_condition_operators.html#Conditions_Boolean: "Boolean conditions let
// you construct Condition elements that restrict access based on comparing a key to true or false."
// A request value that is neither equals neither; what AWS makes of any other policy value is not
// documented, so stateward refuses such a policy instead of guessing.
test('Bool compares with true or false only', () => {
  runTable([
    [
      'request value yes, policy true',
      { Bool: { 'aws:SecureTransport': 'true' } },
      { 'aws:SecureTransport': 'yes' },
      false,
      false,
    ],
    [
      'request value yes, policy false',
      { Bool: { 'aws:SecureTransport': 'false' } },
      { 'aws:SecureTransport': 'yes' },
      false,
      false,
    ],
    [
      'case does not matter',
      { Bool: { 'aws:SecureTransport': 'False' } },
      { 'aws:SecureTransport': 'FALSE' },
      true,
      true,
    ],
    [
      'a variable giving true',
      { Bool: { 'aws:SecureTransport': '${aws:PrincipalTag/tls}' } },
      { 'aws:SecureTransport': true, 'aws:PrincipalTag/tls': 'true' },
      true,
      true,
    ],
    [
      'a variable giving yes',
      { Bool: { 'aws:SecureTransport': '${aws:PrincipalTag/tls}' } },
      { 'aws:SecureTransport': 'yes', 'aws:PrincipalTag/tls': 'yes' },
      false,
      false,
    ],
  ]);
  for (const value of ['yes', '1', 'truee']) {
    const refused = conditionCase({ Bool: { 'aws:SecureTransport': value } }, { 'aws:SecureTransport': 'true' });
    let fix = '';
    assert.throws(
      () => evaluateRequest(refused),
      (error: unknown) => {
        if (!(error instanceof StatewardError) || error.code !== 'IAM_INVALID_CONDITION_VALUE') return false;
        fix = error.fix;
        return error.message.includes(JSON.stringify(value));
      },
    );
    // The printed fix, applied: the value becomes "true" and the statement evaluates again.
    assert.match(fix, /"true" or "false"/u);
    const fixed = conditionCase({ Bool: { 'aws:SecureTransport': 'true' } }, { 'aws:SecureTransport': 'true' });
    assert.equal(evaluateRequest(fixed).decision, 'Allow');
  }
});
