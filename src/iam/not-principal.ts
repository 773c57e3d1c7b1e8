// `Deny` + `NotPrincipal`: denied to "all principals except the principal specified"
// (reference_policies_elements_notprincipal.html). AWS "might validate the account first, then the
// role, and then the assumed-role user", and the page's examples spare a session by listing all
// three, saying that leaving the role or account out "might" deny it. Stateward takes that Deny:
// the caller escapes only when its account, its role (for a session) and its own ARN are all
// listed. Naming a role spares none of its sessions; naming an account root spares the root alone.
import type { Caller } from './caller.ts';
import { asArray, type Principal } from './document.ts';
import { entryAccount, roleMatchesSession } from './principal.ts';

type Link = (entry: string) => boolean;

/** The identities AWS checks for this caller, outermost first. */
function links(caller: Caller): Link[] {
  const self: Link = (entry) => entry === caller.arn;
  // A service principal belongs to no account; nothing but its own name can spare it.
  if (caller.kind === 'service') return [self];
  const account: Link = (entry) => entryAccount(entry) === caller.accountId;
  if (caller.kind === 'root') return [account];
  if (caller.kind === 'role-session') return [account, (entry) => roleMatchesSession(entry, caller), self];
  return [account, self];
}

function listedEntries(notPrincipal: Exclude<Principal, '*'>): string[] {
  return [
    ...asArray(notPrincipal.AWS),
    ...asArray(notPrincipal.Service),
    ...asArray(notPrincipal.Federated),
    ...asArray(notPrincipal.CanonicalUser),
  ];
}

/** Whether a Deny naming `notPrincipal` applies to the caller: some link of its chain is not listed. */
export function notPrincipalDenies(notPrincipal: Principal, caller: Caller): boolean {
  if (notPrincipal === '*') return false;
  const entries = listedEntries(notPrincipal);
  if (entries.includes('*')) return false;
  return !links(caller).every((link) => entries.some(link));
}
