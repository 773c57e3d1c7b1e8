// The global condition keys AWS derives from the caller alone. Callers of evaluateRequest add
// them to the request context; a fence written as `ArnNotLike aws:PrincipalArn` depends on it,
// since a missing aws:PrincipalArn satisfies ArnNotLike and would fence out the owner too.
import { describeCaller } from './caller.ts';

export interface PrincipalContextOptions {
  /** For a role session: the role's ARN with its path (a session ARN does not carry the path). */
  roleArn?: string;
}

const PRINCIPAL_TYPE = {
  user: 'User',
  'role-session': 'AssumedRole',
  'federated-user': 'FederatedUser',
  root: 'Account',
} as const;

/**
 * aws:PrincipalArn, aws:PrincipalAccount, aws:PrincipalType and (for IAM users) aws:username.
 * AWS: "For IAM roles, the request context returns the ARN of the role", not the session's.
 * Web identity and service callers get none: IAM knows no principal for them.
 */
export function principalContext(
  principal: { arn: string; accountId: string },
  options: PrincipalContextOptions = {},
): Record<string, string> {
  const caller = describeCaller(principal);
  if (!(caller.kind in PRINCIPAL_TYPE)) return {};
  const kind = caller.kind as keyof typeof PRINCIPAL_TYPE;
  const principalArn =
    kind === 'role-session'
      ? (options.roleArn ?? `arn:${caller.partition}:iam::${principal.accountId}:role/${caller.roleName}`)
      : principal.arn;
  const keys: Record<string, string> = {
    'aws:PrincipalArn': principalArn,
    'aws:PrincipalAccount': principal.accountId,
    'aws:PrincipalType': PRINCIPAL_TYPE[kind],
  };
  if (kind === 'user') keys['aws:username'] = principal.arn.slice(principal.arn.lastIndexOf('/') + 1);
  return keys;
}
