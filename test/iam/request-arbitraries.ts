// Random requests for the differential test: a caller from a small cast, a backend-like
// action and resource, and a request context where each key is present or absent at random.
import fc from 'fast-check';
import type { ContextValue, RequestContext } from '../../src/iam/index.ts';
import { ACCOUNT, accountOf, arns, OTHER_ACCOUNT } from './fixtures.ts';

export const pick = <T>(...values: T[]) => fc.constantFrom(...values);

export const CALLERS = [
  arns.user('alice'),
  arns.user('bob'),
  arns.user('carol', OTHER_ACCOUNT),
  arns.session('tf-a', 'gha-1'),
  arns.session('tf-b', 'alice'),
  arns.session('tf-c', 'ci', OTHER_ACCOUNT),
  arns.role('tf-a'),
  arns.federatedUser('alice'),
  arns.root(),
  's3.amazonaws.com',
];

const S3_RESOURCES = [
  arns.object('tfstate-a', 'a/terraform.tfstate'),
  arns.object('tfstate-a', 'a/terraform.tfstate.tflock'),
  arns.object('tfstate-a', 'env:/dev/a/terraform.tfstate'),
  arns.object('tfstate-a', '_bootstrap/seed'),
  arns.object('tfstate-a', 'alice/notes'),
  arns.object('tfstate-b', 'b/terraform.tfstate'),
  arns.bucket('tfstate-a'),
  arns.bucket('tfstate-b'),
];
const TABLE = `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/terraform-locks`;

const REQUEST_ACTIONS = [
  's3:GetObject',
  's3:PutObject',
  's3:DeleteObject',
  's3:ListBucket',
  'dynamodb:GetItem',
  'dynamodb:PutItem',
];

/** Date values share one format per case: the oracle compares epoch seconds with ISO milliseconds (see oracle-disagreements). */
export type DateFormat = 'iso' | 'epoch';
export const DATES: Record<DateFormat, string[]> = {
  iso: ['2026-01-01T00:00:00Z', '2026-06-30T12:00:00Z', '2027-01-01T00:00:00Z'],
  epoch: ['1767225600', '1782820800', '1798761600'],
};

export const STRINGS = ['alice', 'Alice', 'bob', 'platform', 'a/', 'env:/', 'team-a', ''];
export const LIST_VALUES = ['tfstate-a/a/terraform.tfstate', 'tfstate-a/a/terraform.tfstate-md5', 'Project', 'Owner'];

function contextEntries(dates: DateFormat) {
  return {
    'aws:PrincipalArn': pick(...CALLERS.filter((c) => c.startsWith('arn:')), arns.role('tf-a'), arns.role('tf-b')),
    'aws:username': pick('alice', 'bob', 'Alice'),
    // Never '' here: these keys feed policy variables, and an empty value is a documented gap (oracle-disagreements).
    'aws:PrincipalTag/team': pick(...STRINGS.filter((v) => v !== '')),
    's3:prefix': pick('a/', 'env:/', 'b/', ''),
    'aws:MultiFactorAuthPresent': pick<ContextValue>(true, false, 'true', 'false'),
    'aws:MultiFactorAuthAge': pick<ContextValue>(0, 60, 3600, 3601, '900', 'abc'),
    'aws:SecureTransport': pick<ContextValue>(true, false),
    'aws:CurrentTime': pick(...DATES[dates]),
    'aws:SourceIp': pick('203.0.113.7', '198.51.100.20', '10.1.2.3'),
    'aws:TagKeys': fc.array(pick('Project', 'Owner', 'Secret'), { maxLength: 3 }),
    'dynamodb:LeadingKeys': fc.array(pick(...LIST_VALUES), { minLength: 1, maxLength: 2 }),
  } satisfies Record<string, fc.Arbitrary<ContextValue>>;
}

/** Each key present or absent; present keys get a random value of their type. */
export function contextArbitrary(dates: DateFormat): fc.Arbitrary<Record<string, ContextValue>> {
  const entries = Object.entries(contextEntries(dates)).map(([key, value]) =>
    fc.option(
      value.map((v) => [key, v] as const),
      { nil: undefined },
    ),
  );
  return fc.tuple(...entries).map((pairs) => Object.fromEntries(pairs.filter((p) => p !== undefined)));
}

export const requestArbitrary = (dates: DateFormat): fc.Arbitrary<RequestContext> =>
  fc
    .record({
      arn: pick(...CALLERS),
      action: pick(...REQUEST_ACTIONS),
      s3: pick(...S3_RESOURCES),
      context: contextArbitrary(dates),
    })
    .map(({ arn, action, s3, context }) => ({
      principal: { arn, accountId: accountOf(arn) },
      action,
      resource: action.startsWith('dynamodb:') ? TABLE : s3,
      context,
    }));
