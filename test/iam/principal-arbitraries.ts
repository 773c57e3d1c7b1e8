// Principal and NotPrincipal elements for the differential test's bucket policies, drawn around
// the request's caller so that random statements often name it.
import fc from 'fast-check';
import type { Principal } from '../../src/iam/index.ts';
import { ACCOUNT, arns, OTHER_ACCOUNT } from './fixtures.ts';
import { pick } from './request-arbitraries.ts';

const oneOrMany = <T>(item: fc.Arbitrary<T>) => fc.oneof(item, fc.array(item, { minLength: 1, maxLength: 3 }));

const AWS_PRINCIPALS = [
  ACCOUNT,
  arns.root(),
  OTHER_ACCOUNT,
  arns.user('alice'),
  arns.user('carol', OTHER_ACCOUNT),
  arns.role('tf-a'),
  arns.role('ci/tf-b'),
  arns.session('tf-a', 'gha-1'),
];

/**
 * The ways a policy can name this caller: its ARN, its role (for a session), the IAM user behind
 * a federated user, its account.
 */
export function callerForms(callerArn: string): string[] {
  const [, , service, , account, resource = ''] = callerArn.split(':');
  if (!account) return [callerArn];
  const [type, name] = resource.split('/');
  const parent =
    service === 'sts' && type === 'assumed-role'
      ? [arns.role(name ?? '', account)]
      : service === 'sts' && type === 'federated-user'
        ? [arns.user(name ?? '', account)]
        : [];
  return [callerArn, ...parent, account, arns.root(account)];
}

/** Half of the entries name the caller in some form, so that resource grants often apply. */
export function principalArbitrary(callerArn: string): fc.Arbitrary<Principal> {
  const entry = fc.oneof(pick('*', ...AWS_PRINCIPALS), pick(...callerForms(callerArn)));
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant('*' as const) },
    { weight: 6, arbitrary: oneOrMany(entry).map((AWS) => ({ AWS })) },
    { weight: 1, arbitrary: pick('s3.amazonaws.com', 'ec2.amazonaws.com').map((Service) => ({ Service })) },
  );
}

/**
 * A Deny's NotPrincipal either names nothing of the caller or its whole chain (account, role for a
 * session, own ARN). In between, iam-simulate spares the caller for any one form while AWS denies
 * it unless every link is listed: those cases are pinned in test/iam/not-principal.test.ts.
 */
export function notPrincipalArbitrary(callerArn: string): fc.Arbitrary<Principal> {
  const forms = callerForms(callerArn);
  // A role ARN with a path (role/ci/tf-b) names the sessions of tf-b too: a session ARN has no path.
  const withoutPath = (arn: string) => arn.replace(/:role\/(?:.*\/)?([^/]+)$/u, ':role/$1');
  const unrelated = AWS_PRINCIPALS.filter((entry) => !forms.includes(withoutPath(entry)));
  const others = fc.subarray(unrelated, { maxLength: 2 });
  if (!callerArn.startsWith('arn:')) {
    return fc.oneof(
      oneOrMany(pick(...unrelated)).map((AWS) => ({ AWS })),
      others.map((AWS) => (AWS.length > 0 ? { Service: callerArn, AWS } : { Service: callerArn })),
      fc.constant({ Service: 'ec2.amazonaws.com' }),
    );
  }
  const [, , , , account = ''] = callerArn.split(':');
  const root = callerArn === arns.root(account);
  const role = forms.find((form) => form.includes(':role/'));
  const chain = fc
    .tuple(pick(account, arns.root(account)), others)
    .map(([accountForm, extra]) => [...(root ? [] : [callerArn]), ...(role ? [role] : []), accountForm, ...extra]);
  return fc.oneof(
    oneOrMany(pick(...unrelated)).map((AWS) => ({ AWS })),
    chain.chain((entries) => fc.shuffledSubarray(entries, { minLength: entries.length })).map((AWS) => ({ AWS })),
    fc.constant({ AWS: '*' }),
  );
}
