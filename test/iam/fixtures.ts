// Names and small builders shared by the IAM tests.
import type { ContextValue, NamedPolicy, RequestContext, Statement } from '../../src/iam/index.ts';

export const ACCOUNT = '111122223333';
export const OTHER_ACCOUNT = '444455556666';

export const arns = {
  root: (account = ACCOUNT) => `arn:aws:iam::${account}:root`,
  user: (name: string, account = ACCOUNT) => `arn:aws:iam::${account}:user/${name}`,
  role: (name: string, account = ACCOUNT) => `arn:aws:iam::${account}:role/${name}`,
  session: (role: string, session: string, account = ACCOUNT) =>
    `arn:aws:sts::${account}:assumed-role/${role}/${session}`,
  federatedUser: (name: string, account = ACCOUNT) => `arn:aws:sts::${account}:federated-user/${name}`,
  githubProvider: (account = ACCOUNT) => `arn:aws:iam::${account}:oidc-provider/token.actions.githubusercontent.com`,
  object: (bucket: string, key: string) => `arn:aws:s3:::${bucket}/${key}`,
  bucket: (bucket: string) => `arn:aws:s3:::${bucket}`,
};

export function policy(name: string, ...statements: Statement[]): NamedPolicy {
  return { name, document: { Version: '2012-10-17', Statement: statements } };
}

/** The account a caller ARN belongs to (a service principal has none). */
export function accountOf(arn: string): string {
  return arn.split(':')[4] ?? '';
}

export function request(
  principalArn: string,
  action: string,
  resource: string,
  context: Record<string, ContextValue> = {},
): RequestContext {
  return { principal: { arn: principalArn, accountId: accountOf(principalArn) }, action, resource, context };
}
