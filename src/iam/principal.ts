// Principal / NotPrincipal in resource and trust policies. How a statement names the caller
// matters later: an account-level grant delegates to the account's identity policies, and a
// role ARN (rather than the session ARN) stays limited by a permissions boundary.

import type { Caller } from './caller.ts';
import { asArray, type Principal } from './document.ts';

/** Strongest first: the order in which AWS and the oracle rank a statement's principal entries. */
export type PrincipalMatch =
  | 'direct' // `*`, the caller's own ARN, a Service or Federated name equal to the caller
  | 'session-user' // an IAM user ARN whose federated-user session is calling
  | 'session-role' // a role ARN whose assumed-role session is calling
  | 'account' // the caller's account id or `arn:aws:iam::A:root`
  | 'none';

const RANK: readonly PrincipalMatch[] = ['direct', 'session-user', 'session-role', 'account', 'none'];

const ACCOUNT_ID = /^\d{12}$/u;
const ACCOUNT_ROOT = /^arn:[^:]+:iam::(\d{12}):root$/u;

export function roleMatchesSession(roleArn: string, caller: Caller): boolean {
  const role = /^arn:([^:]+):iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/u.exec(roleArn);
  if (!role || caller.kind !== 'role-session' || !caller.roleName) return false;
  const sessionAccount = caller.arn.split(':')[4];
  // Role names are unique per account regardless of case, and a session ARN carries no path.
  return (
    role[1] === caller.partition &&
    role[2] === sessionAccount &&
    role[3]?.toLowerCase() === caller.roleName.toLowerCase()
  );
}

/** The account a `Principal` entry names (`111122223333` or `arn:aws:iam::111122223333:root`), if any. */
export function entryAccount(entry: string): string | undefined {
  if (ACCOUNT_ID.test(entry)) return entry;
  return ACCOUNT_ROOT.exec(entry)?.[1];
}

function awsEntryMatch(entry: string, caller: Caller): PrincipalMatch {
  if (entry === '*') return 'direct';
  const account = entryAccount(entry);
  if (account !== undefined) return account === caller.accountId ? 'account' : 'none';
  if (entry === caller.arn) return 'direct';
  if (caller.kind === 'federated-user' && entry === caller.parentUserArn) return 'session-user';
  if (roleMatchesSession(entry, caller)) return 'session-role';
  return 'none';
}

function entryMatches(principal: Principal, caller: Caller): PrincipalMatch[] {
  if (principal === '*') return ['direct'];
  return [
    ...asArray(principal.AWS).map((entry) => awsEntryMatch(entry, caller)),
    ...asArray(principal.Service).map((entry) => (entry === caller.arn ? 'direct' : 'none')),
    ...asArray(principal.Federated).map((entry) => (entry === caller.arn ? 'direct' : 'none')),
    ...asArray(principal.CanonicalUser).map((entry) => (entry === caller.arn ? 'direct' : 'none')),
  ] as PrincipalMatch[];
}

function strongest(matches: readonly PrincipalMatch[]): PrincipalMatch {
  return RANK.find((rank) => matches.includes(rank)) ?? 'none';
}

/** `Principal`: the strongest way any entry names the caller. */
export function principalMatch(principal: Principal, caller: Caller): PrincipalMatch {
  return strongest(entryMatches(principal, caller));
}

/**
 * `NotPrincipal` with Allow (which AWS no longer supports in new policies): the grant reaches the
 * caller only when no entry names it in any way, so it never reports more access than AWS grants.
 * Deny is in not-principal.ts.
 */
export function notPrincipalAllowMatch(notPrincipal: Principal, caller: Caller): PrincipalMatch {
  return strongest(entryMatches(notPrincipal, caller)) === 'none' ? 'direct' : 'none';
}
