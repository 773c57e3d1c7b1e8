// Missing keys, IfExists, set operators over multivalued keys, and policy variables — the
// places where a policy most easily means something other than what it says.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StatewardError } from '../../src/errors.ts';
import { evaluateRequest } from '../../src/iam/index.ts';
import { conditionCase, expectCondition } from './check.ts';

test('a missing key fails positive operators, but satisfies negated ones and IfExists (AWS)', () => {
  expectCondition({ StringEquals: { 'aws:PrincipalTag/team': 'platform' } }, {}, false);
  expectCondition({ StringNotEquals: { 'aws:PrincipalTag/team': 'platform' } }, {}, true);
  expectCondition({ StringNotLike: { 'aws:PrincipalTag/team': 'p*' } }, {}, true);
  expectCondition({ ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/tf-a' } }, {}, true);
  expectCondition({ NumericNotEquals: { 'aws:MultiFactorAuthAge': 0 } }, {}, true);
  expectCondition({ DateNotEquals: { 'aws:CurrentTime': '2026-01-01' } }, {}, true);
  expectCondition({ NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }, {}, true);
  expectCondition({ StringEqualsIfExists: { 'aws:PrincipalTag/team': 'platform' } }, {}, true);
  expectCondition({ BoolIfExists: { 'aws:MultiFactorAuthPresent': 'true' } }, {}, true);
  expectCondition({ NumericLessThanIfExists: { 'aws:MultiFactorAuthAge': 3600 } }, {}, true);
});

test('IfExists still tests a key that is present', () => {
  expectCondition(
    { StringEqualsIfExists: { 'aws:PrincipalTag/team': 'platform' } },
    { 'aws:PrincipalTag/team': 'dev' },
    false,
  );
  expectCondition(
    { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'true' } },
    { 'aws:MultiFactorAuthPresent': false },
    false,
  );
});

test('ForAllValues: every request value must match some policy value; a missing key passes', () => {
  const allowed = ['tfstate-a/a/terraform.tfstate', 'tfstate-a/a/terraform.tfstate-md5'];
  expectCondition(
    { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': allowed } },
    { 'dynamodb:LeadingKeys': [allowed[0] as string] },
    true,
  );
  expectCondition(
    { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': allowed } },
    { 'dynamodb:LeadingKeys': [...allowed, 'tfstate-b/b/terraform.tfstate'] },
    false,
  );
  expectCondition(
    { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': 'tfstate-a/*' } },
    { 'dynamodb:LeadingKeys': allowed },
    true,
  );
  expectCondition({ 'ForAllValues:StringEquals': { 'aws:TagKeys': ['Project'] } }, {}, true);
  expectCondition({ 'ForAllValues:StringEquals': { 'aws:TagKeys': ['Project'] } }, { 'aws:TagKeys': [] }, true);
  expectCondition(
    { 'ForAllValues:StringNotEquals': { 'aws:TagKeys': ['Secret'] } },
    { 'aws:TagKeys': ['Project', 'Owner'] },
    true,
  );
  expectCondition(
    { 'ForAllValues:StringNotEquals': { 'aws:TagKeys': ['Secret'] } },
    { 'aws:TagKeys': ['Project', 'Secret'] },
    false,
  );
});

test('ForAnyValue: one request value matching is enough; a missing key fails, even with IfExists', () => {
  expectCondition(
    { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['Secret'] } },
    { 'aws:TagKeys': ['Project', 'Secret'] },
    true,
  );
  expectCondition({ 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['Secret'] } }, { 'aws:TagKeys': ['Project'] }, false);
  expectCondition({ 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['Secret'] } }, {}, false);
  expectCondition({ 'ForAnyValue:StringEqualsIfExists': { 'aws:TagKeys': ['Secret'] } }, {}, false);
  expectCondition(
    { 'ForAnyValue:StringNotEquals': { 'aws:TagKeys': ['Secret'] } },
    { 'aws:TagKeys': ['Secret', 'Owner'] },
    true,
  );
  expectCondition({ 'foranyvalue:StringLike': { 'AWS:TAGKEYS': ['Sec*'] } }, { 'aws:TagKeys': ['Secret'] }, true);
});

test('a multivalued key without a set operator never satisfies the condition', () => {
  expectCondition({ StringEquals: { 'aws:TagKeys': 'Project' } }, { 'aws:TagKeys': ['Project'] }, false);
  expectCondition({ StringNotEquals: { 'aws:TagKeys': 'Secret' } }, { 'aws:TagKeys': ['Project'] }, false);
});

test('set operators also apply to single-valued keys, as a one-element set', () => {
  expectCondition({ 'ForAllValues:StringLike': { 'aws:username': 'a*' } }, { 'aws:username': 'alice' }, true);
  expectCondition({ 'ForAnyValue:StringEquals': { 'aws:username': 'bob' } }, { 'aws:username': 'alice' }, false);
});

test('policy variables substitute request values, literally', () => {
  expectCondition(
    { StringLike: { 's3:prefix': '${aws:username}/*' } },
    { 'aws:username': 'alice', 's3:prefix': 'alice/x' },
    true,
  );
  expectCondition(
    { StringLike: { 's3:prefix': '${aws:username}/*' } },
    { 'aws:username': 'bob', 's3:prefix': 'alice/x' },
    false,
  );
  // A substituted value is literal: a '*' in it is no wildcard.
  expectCondition(
    { StringLike: { 's3:prefix': '${aws:PrincipalTag/scope}' } },
    { 'aws:PrincipalTag/scope': 'a*', 's3:prefix': 'abc' },
    false,
  );
  expectCondition(
    { ArnEquals: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:user/${aws:username}' } },
    { 'aws:username': 'alice', 'aws:PrincipalArn': 'arn:aws:iam::111122223333:user/alice' },
    true,
  );
  // Variable names are case-insensitive like condition keys.
  expectCondition(
    { StringEquals: { 'aws:username': '${AWS:PrincipalTag/Owner}' } },
    { 'aws:username': 'alice', 'aws:principaltag/owner': 'alice' },
    true,
  );
});

test('${*}, ${?} and ${$} stand for the literal characters', () => {
  expectCondition({ StringLike: { 's3:prefix': 'a${*}' } }, { 's3:prefix': 'a*' }, true);
  expectCondition({ StringLike: { 's3:prefix': 'a${*}' } }, { 's3:prefix': 'abc' }, false);
  expectCondition({ StringLike: { 's3:prefix': 'why${?}' } }, { 's3:prefix': 'why?' }, true);
  expectCondition({ StringLike: { 's3:prefix': 'why${?}' } }, { 's3:prefix': 'whyx' }, false);
  expectCondition({ StringLike: { 's3:prefix': '${$}{x}' } }, { 's3:prefix': '${x}' }, true);
});

test('a variable with no value fails to match; a default value stands in for it', () => {
  expectCondition({ StringEquals: { 's3:prefix': '${aws:PrincipalTag/team}' } }, { 's3:prefix': '' }, false);
  expectCondition({ StringEquals: { 's3:prefix': ['${aws:PrincipalTag/team}', 'a/'] } }, { 's3:prefix': 'a/' }, true);
  // Negated operators hold for it (AWS; iam-simulate differs): test/iam/condition-edges.test.ts.
  expectCondition({ StringEquals: { 's3:prefix': "${aws:PrincipalTag/team, 'none'}" } }, { 's3:prefix': 'none' }, true);
  expectCondition(
    { StringEquals: { 's3:prefix': "${aws:PrincipalTag/team, 'none'}" } },
    { 's3:prefix': 'dev', 'aws:PrincipalTag/team': 'dev' },
    true,
  );
});

test('an operator stateward cannot evaluate is an error, not a silent false', () => {
  const unknown = conditionCase({ StringSortOf: { 'aws:username': 'alice' } }, { 'aws:username': 'alice' });
  assert.throws(
    () => evaluateRequest(unknown),
    (error: unknown) => error instanceof StatewardError && error.code === 'IAM_UNKNOWN_CONDITION_OPERATOR',
  );
  const badSet = conditionCase({ 'ForSomeValues:StringEquals': { 'aws:username': 'alice' } }, {});
  assert.throws(
    () => evaluateRequest(badSet),
    (error: unknown) => error instanceof StatewardError && error.code === 'IAM_UNKNOWN_SET_OPERATOR',
  );
});
