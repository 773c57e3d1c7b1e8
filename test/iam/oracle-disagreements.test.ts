// Where iam-simulate (0.1.173) and the AWS documentation part ways, we follow the documentation.
// Each case pins both answers: ours must be AWS's, and the oracle's is recorded so that an
// oracle upgrade that fixes it shows up here (then the case moves to the ordinary tables and
// the generator in arbitraries.ts may start producing it). The random generator steers clear of
// these inputs ('0.0.0.0/0', mixed date formats, variables outside the last ARN part, empty
// values feeding variables) or only produces them where both sides agree (escapes in
// StringEquals never meet a request value containing the escaped character). Further
// disagreements, where the oracle's reading is plausible but AWS's pages say otherwise, are
// pinned beside their tables: test/iam/not-principal.test.ts (Deny + NotPrincipal) and
// test/iam/condition-edges.test.ts (variables without a value in negated operators, set-prefixed Null).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { evaluateRequest, type RequestEvaluation, type Verdict } from '../../src/iam/index.ts';
import { conditionCase } from './check.ts';
import { arns, policy, request } from './fixtures.ts';
import { oracleVerdict } from './oracle.ts';

interface Disagreement {
  what: string;
  doc: string;
  why: string;
  input: RequestEvaluation;
  aws: Verdict;
  oracle: Verdict;
}

const DOC_OPERATORS =
  'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html';
const DOC_VARIABLES = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html';

const DISAGREEMENTS: Disagreement[] = [
  {
    what: 'IpAddress with 0.0.0.0/0',
    doc: `${DOC_OPERATORS}#Conditions_IPAddress`,
    why: 'Values are standard CIDR blocks and /0 spans every IPv4 address; the oracle computes its mask as -1 << 32, which JavaScript reads as a shift by 0, so /0 matches only 0.0.0.0.',
    input: conditionCase({ IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } }, { 'aws:SourceIp': '203.0.113.7' }),
    aws: 'Allow',
    oracle: 'ImplicitDeny',
  },
  {
    what: 'a Date operator comparing epoch seconds with an ISO 8601 value',
    doc: `${DOC_OPERATORS}#Conditions_Date`,
    why: 'Dates may be given as ISO 8601 or as epoch (UNIX) time, i.e. seconds; the oracle keeps epoch values in seconds but ISO values in milliseconds, so mixed comparisons are off by a factor of 1000.',
    input: conditionCase(
      { DateLessThan: { 'aws:CurrentTime': '1798761600' } },
      { 'aws:CurrentTime': '2026-06-30T12:00:00Z' },
    ),
    aws: 'Allow',
    oracle: 'ImplicitDeny',
  },
  {
    what: '${*} in StringEquals',
    doc: `${DOC_VARIABLES}#policy-vars-specialchars`,
    why: '"These predefined policy variables can be used in any string where you can use regular policy variables"; the oracle substitutes them only in the *Like operators and leaves the text ${*} in StringEquals.',
    input: conditionCase({ StringEquals: { 's3:prefix': 'a${*}' } }, { 's3:prefix': 'a*' }),
    aws: 'Allow',
    oracle: 'ImplicitDeny',
  },
  {
    what: 'a variable in the account part of an ArnEquals value',
    doc: `${DOC_VARIABLES}#policy-vars-conditionelement`,
    why: 'Variables may be used with the ARN operators, and their names contain a colon (aws:PrincipalAccount); the oracle splits the ARN at that colon before substituting and so never matches.',
    input: conditionCase(
      { ArnEquals: { 'aws:PrincipalArn': 'arn:aws:iam::${aws:PrincipalAccount}:role/tf-a' } },
      { 'aws:PrincipalArn': arns.role('tf-a'), 'aws:PrincipalAccount': '111122223333' },
    ),
    aws: 'Allow',
    oracle: 'ImplicitDeny',
  },
  {
    what: 'a variable in the account part of a Resource ARN',
    doc: `${DOC_VARIABLES}#policy-vars-resourceelement`,
    why: 'Policy variables may be used in the Resource element; the oracle substitutes them only after the resource type (e.g. after "table/") and treats ${aws:PrincipalAccount} in the account part as text.',
    input: {
      identityPolicies: [
        policy('p', {
          Effect: 'Allow',
          Action: 'dynamodb:*',
          Resource: 'arn:aws:dynamodb:*:${aws:PrincipalAccount}:table/terraform-locks',
        }),
      ],
      request: request(
        arns.user('alice'),
        'dynamodb:GetItem',
        'arn:aws:dynamodb:eu-west-1:111122223333:table/terraform-locks',
        { 'aws:PrincipalAccount': '111122223333' },
      ),
    },
    aws: 'Allow',
    oracle: 'ImplicitDeny',
  },
  {
    what: 'a variable whose key is present with an empty value',
    doc: `${DOC_VARIABLES}#policy-vars-default-values`,
    why: '"AWS substitutes a value from the request context key in place of the variable"; a default is for a key that is not populated. The oracle treats an empty value as absent and uses the default.',
    input: conditionCase(
      { StringEquals: { 's3:prefix': "${aws:PrincipalTag/team, 'none'}" } },
      { 's3:prefix': '', 'aws:PrincipalTag/team': '' },
    ),
    aws: 'Allow',
    oracle: 'ImplicitDeny',
  },
];

for (const d of DISAGREEMENTS) {
  test(`oracle disagreement, AWS docs win: ${d.what}`, () => {
    assert.equal(evaluateRequest(d.input).decision, d.aws, `ours should follow ${d.doc}: ${d.why}`);
    assert.equal(
      oracleVerdict(d.input),
      d.oracle,
      `iam-simulate changed its answer for "${d.what}"; re-check it and move the case to the tables if it now agrees`,
    );
  });
}
