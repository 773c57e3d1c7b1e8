// One table per operator family: does the condition hold for this request context? Every row
// is also checked against iam-simulate.
import { test } from 'node:test';
import { expectCondition } from './check.ts';

type Row = [
  operator: string,
  key: string,
  values: string | number | boolean | Array<string | number | boolean>,
  context: Record<string, string | number | boolean | string[]>,
  holds: boolean,
];

function runTable(rows: Row[]): void {
  for (const [operator, key, values, context, holds] of rows)
    expectCondition({ [operator]: { [key]: values } }, context, holds);
}

test('String operators: exact, case-insensitive, and wildcard matching', () => {
  runTable([
    ['StringEquals', 'aws:username', 'alice', { 'aws:username': 'alice' }, true],
    ['StringEquals', 'aws:username', 'alice', { 'aws:username': 'Alice' }, false],
    ['StringEquals', 'aws:username', ['bob', 'alice'], { 'aws:username': 'alice' }, true],
    ['StringEquals', 'aws:username', 'a*', { 'aws:username': 'alice' }, false],
    ['StringNotEquals', 'aws:username', 'bob', { 'aws:username': 'alice' }, true],
    ['StringNotEquals', 'aws:username', ['bob', 'alice'], { 'aws:username': 'alice' }, false],
    ['StringEqualsIgnoreCase', 'aws:username', 'ALICE', { 'aws:username': 'alice' }, true],
    ['StringNotEqualsIgnoreCase', 'aws:username', 'ALICE', { 'aws:username': 'alice' }, false],
    ['StringNotEqualsIgnoreCase', 'aws:username', 'bob', { 'aws:username': 'alice' }, true],
    ['StringLike', 's3:prefix', 'env:/*', { 's3:prefix': 'env:/dev/' }, true],
    ['StringLike', 's3:prefix', 'env:?', { 's3:prefix': 'env:/' }, true],
    ['StringLike', 's3:prefix', 'env:?', { 's3:prefix': 'env:/x' }, false],
    ['StringLike', 's3:prefix', 'ENV:*', { 's3:prefix': 'env:/' }, false],
    ['StringNotLike', 's3:prefix', ['a/*', 'b/*'], { 's3:prefix': 'c/' }, true],
    ['StringNotLike', 's3:prefix', ['a/*', 'b/*'], { 's3:prefix': 'b/x' }, false],
  ]);
});

test('Arn operators match each ARN part on its own, with wildcards', () => {
  const roleA = 'arn:aws:iam::111122223333:role/tf-a';
  runTable([
    ['ArnEquals', 'aws:PrincipalArn', roleA, { 'aws:PrincipalArn': roleA }, true],
    ['ArnLike', 'aws:PrincipalArn', 'arn:aws:iam::*:role/tf-*', { 'aws:PrincipalArn': roleA }, true],
    ['ArnLike', 'aws:PrincipalArn', 'arn:aws:iam::111122223333:role/tf-?', { 'aws:PrincipalArn': roleA }, true],
    ['ArnLike', 'aws:PrincipalArn', 'arn:aws:iam::111122223333:role/TF-*', { 'aws:PrincipalArn': roleA }, false],
    ['ArnLike', 'aws:PrincipalArn', 'arn:aws:iam::444455556666:role/*', { 'aws:PrincipalArn': roleA }, false],
    ['ArnNotEquals', 'aws:PrincipalArn', 'arn:aws:iam::111122223333:role/tf-b', { 'aws:PrincipalArn': roleA }, true],
    [
      'ArnNotLike',
      'aws:PrincipalArn',
      ['arn:aws:iam::*:role/tf-a', 'arn:aws:iam::*:user/*'],
      { 'aws:PrincipalArn': roleA },
      false,
    ],
    ['ArnNotLike', 'aws:PrincipalArn', 'arn:aws:iam::*:user/*', { 'aws:PrincipalArn': roleA }, true],
    // A value that is not an ARN satisfies neither form.
    ['ArnLike', 'aws:PrincipalArn', 'arn:aws:iam::*:*', { 'aws:PrincipalArn': 'tf-a' }, false],
    ['ArnNotLike', 'aws:PrincipalArn', 'arn:aws:iam::*:*', { 'aws:PrincipalArn': 'tf-a' }, false],
  ]);
});

test('Bool and Null', () => {
  runTable([
    ['Bool', 'aws:MultiFactorAuthPresent', 'true', { 'aws:MultiFactorAuthPresent': true }, true],
    ['Bool', 'aws:MultiFactorAuthPresent', true, { 'aws:MultiFactorAuthPresent': 'TRUE' }, true],
    ['Bool', 'aws:MultiFactorAuthPresent', 'true', { 'aws:MultiFactorAuthPresent': false }, false],
    ['Bool', 'aws:MultiFactorAuthPresent', 'true', {}, false],
    ['Bool', 'aws:SecureTransport', 'false', { 'aws:SecureTransport': 'yes' }, false],
    ['Null', 'aws:MultiFactorAuthAge', 'true', {}, true],
    ['Null', 'aws:MultiFactorAuthAge', 'true', { 'aws:MultiFactorAuthAge': 10 }, false],
    ['Null', 'aws:MultiFactorAuthAge', false, { 'aws:MultiFactorAuthAge': 10 }, true],
    ['Null', 'aws:MultiFactorAuthAge', 'false', {}, false],
  ]);
});

test('Numeric operators compare numbers, not text', () => {
  runTable([
    ['NumericEquals', 's3:max-keys', '1000', { 's3:max-keys': 1000 }, true],
    ['NumericEquals', 's3:max-keys', 10, { 's3:max-keys': '10.0' }, true],
    ['NumericNotEquals', 's3:max-keys', 10, { 's3:max-keys': 11 }, true],
    ['NumericLessThan', 'aws:MultiFactorAuthAge', 3600, { 'aws:MultiFactorAuthAge': 3599 }, true],
    ['NumericLessThan', 'aws:MultiFactorAuthAge', 3600, { 'aws:MultiFactorAuthAge': 3600 }, false],
    ['NumericLessThanEquals', 'aws:MultiFactorAuthAge', '3600', { 'aws:MultiFactorAuthAge': 3600 }, true],
    ['NumericGreaterThan', 'aws:MultiFactorAuthAge', 900, { 'aws:MultiFactorAuthAge': 1000 }, true],
    ['NumericGreaterThanEquals', 'aws:MultiFactorAuthAge', '99.5', { 'aws:MultiFactorAuthAge': '99.5' }, true],
    ['NumericLessThan', 'aws:MultiFactorAuthAge', 3600, { 'aws:MultiFactorAuthAge': 'soon' }, false],
    ['NumericNotEquals', 'aws:MultiFactorAuthAge', 3600, { 'aws:MultiFactorAuthAge': 'soon' }, false],
  ]);
});

test('Date operators accept ISO 8601 and epoch seconds', () => {
  runTable([
    ['DateLessThan', 'aws:CurrentTime', '2027-01-01T00:00:00Z', { 'aws:CurrentTime': '2026-06-30T12:00:00Z' }, true],
    ['DateLessThan', 'aws:CurrentTime', '2027-01-01', { 'aws:CurrentTime': '2027-01-01T00:00:01Z' }, false],
    [
      'DateLessThanEquals',
      'aws:CurrentTime',
      '2027-01-01T00:00:00Z',
      { 'aws:CurrentTime': '2027-01-01T00:00:00Z' },
      true,
    ],
    ['DateGreaterThan', 'aws:EpochTime', '1767225600', { 'aws:EpochTime': 1782820800 }, true],
    ['DateGreaterThanEquals', 'aws:EpochTime', 1782820800, { 'aws:EpochTime': '1782820800' }, true],
    ['DateEquals', 'aws:CurrentTime', '2026-01-01T00:00:00Z', { 'aws:CurrentTime': '2026-01-01T01:00:00+01:00' }, true],
    ['DateNotEquals', 'aws:CurrentTime', '2026-01-01T00:00:00Z', { 'aws:CurrentTime': '2026-01-02T00:00:00Z' }, true],
    ['DateLessThan', 'aws:CurrentTime', '2027-01-01T00:00:00Z', { 'aws:CurrentTime': 'tomorrow' }, false],
  ]);
});

test('IpAddress and NotIpAddress test CIDR membership', () => {
  runTable([
    ['IpAddress', 'aws:SourceIp', '203.0.113.0/24', { 'aws:SourceIp': '203.0.113.7' }, true],
    ['IpAddress', 'aws:SourceIp', ['10.0.0.0/8', '203.0.113.0/24'], { 'aws:SourceIp': '198.51.100.1' }, false],
    ['IpAddress', 'aws:SourceIp', '198.51.100.20', { 'aws:SourceIp': '198.51.100.20' }, true],
    ['NotIpAddress', 'aws:SourceIp', '10.0.0.0/8', { 'aws:SourceIp': '203.0.113.7' }, true],
    ['NotIpAddress', 'aws:SourceIp', '10.0.0.0/8', { 'aws:SourceIp': '10.9.9.9' }, false],
    ['IpAddress', 'aws:SourceIp', '2001:db8::/32', { 'aws:SourceIp': '2001:db8:1::5' }, true],
    ['IpAddress', 'aws:SourceIp', '2001:db8::/32', { 'aws:SourceIp': '2001:db9::5' }, false],
    ['IpAddress', 'aws:SourceIp', '203.0.113.0/24', { 'aws:SourceIp': 'not-an-ip' }, false],
  ]);
});

test('condition operator names and condition keys are case-insensitive; several keys and operators AND together', () => {
  runTable([
    ['stringequals', 'AWS:UserName', 'alice', { 'aws:username': 'alice' }, true],
    ['StringLike', 'S3:PREFIX', 'a/*', { 's3:prefix': 'a/b' }, true],
  ]);
  expectCondition(
    { StringEquals: { 'aws:username': 'alice', 's3:prefix': 'a/' } },
    { 'aws:username': 'alice', 's3:prefix': 'b/' },
    false,
  );
  expectCondition(
    { StringEquals: { 'aws:username': 'alice' }, StringLike: { 's3:prefix': 'a/*' } },
    { 'aws:username': 'alice', 's3:prefix': 'a/x' },
    true,
  );
  expectCondition(
    { StringEquals: { 'aws:username': 'alice' }, Bool: { 'aws:SecureTransport': 'true' } },
    { 'aws:username': 'alice' },
    false,
  );
});
