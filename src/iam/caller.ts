// Who is calling, read from the caller's ARN: the kind decides how Principal elements match
// (a role ARN also names its sessions) and whether a permissions boundary can be bypassed.
import { splitArn } from './arn.ts';

export type CallerKind =
  | 'user' // arn:aws:iam::A:user/path/name
  | 'role' // arn:aws:iam::A:role/path/name (rare as a caller; sessions are the norm)
  | 'role-session' // arn:aws:sts::A:assumed-role/R/S
  | 'federated-user' // arn:aws:sts::A:federated-user/name
  | 'root' // arn:aws:iam::A:root
  | 'identity-provider' // arn:aws:iam::A:oidc-provider/host, saml-provider/name (web identity, SAML)
  | 'service' // s3.amazonaws.com
  | 'other';

export interface Caller {
  arn: string;
  accountId: string;
  kind: CallerKind;
  partition?: string;
  /** role-session: the role's name (without path) */
  roleName?: string;
  /** federated-user: the IAM user ARN that called GetFederationToken */
  parentUserArn?: string;
}

function iamKind(resource: string): CallerKind {
  if (resource === 'root') return 'root';
  if (resource.startsWith('user/')) return 'user';
  if (resource.startsWith('role/')) return 'role';
  if (resource.startsWith('oidc-provider/') || resource.startsWith('saml-provider/')) return 'identity-provider';
  return 'other';
}

export function describeCaller(principal: { arn: string; accountId: string }): Caller {
  const { arn, accountId } = principal;
  const parts = splitArn(arn);
  if (!parts) return { arn, accountId, kind: /^[a-z0-9.-]+\.amazonaws\.com(\.cn)?$/u.test(arn) ? 'service' : 'other' };
  const base = { arn, accountId, partition: parts.partition };
  if (parts.service === 'iam') return { ...base, kind: iamKind(parts.resource) };
  if (parts.service !== 'sts') return { ...base, kind: 'other' };
  const [type, first] = parts.resource.split('/');
  if (type === 'assumed-role' && first) return { ...base, kind: 'role-session', roleName: first };
  if (type === 'federated-user' && first) {
    return {
      ...base,
      kind: 'federated-user',
      parentUserArn: `arn:${parts.partition}:iam::${parts.account}:user/${first}`,
    };
  }
  return { ...base, kind: 'other' };
}
