// Per-role reads or one account-level read (GetAccountAuthorizationDetails): which costs fewer calls.
//
// Per role, a present role costs GetRole (tags, boundary), ListRolePolicies, one GetRolePolicy per inline
// policy (stateward writes one) and ListAttachedRolePolicies: 4 calls. A role ListRoles does not show costs
// one GetRole either way (roles.ts), so only present roles count. The account-level read returns every role of the account (also those
// that are not stateward's) with trust, inline documents, attachments, boundary and tags, in pages of up to
// 1000; AWS cuts a page by size, so we count on 100 roles a page. A page is one call but a heavy one, and
// pages come one after the other (each needs the previous marker) while per-role reads run in parallel.
// Measured on moto 5.2.1 (roles with one inline policy each, sequential calls): GetRole 5.3 ms; a page of
// 100 roles 41 ms (7 GetRoles), of 300 roles 132 ms (25 GetRoles). So a page of 100 is weighed as 8 calls, and
// the account-level read is chosen only when it is clearly cheaper: from 3 present roles in a small account,
// never for `--project` (1 role), and for a fleet of 300 in an account of 1000 roles (10 pages: 80 against
// 1200); 10 of ours among 5000 roles stay per role (50 pages: 400 against 40).

export const CALLS_PER_ROLE = 4;
export const ROLES_PER_PAGE = 100;
export const PAGE_WEIGHT = 8;

export type RoleReads = 'account' | 'per-role';

/** `presentRoles`: the wanted roles ListRoles shows; `accountRoles`: every role it shows. */
export function chooseRoleReads(presentRoles: number, accountRoles: number): RoleReads {
  const pages = Math.max(1, Math.ceil(accountRoles / ROLES_PER_PAGE));
  return pages * PAGE_WEIGHT < presentRoles * CALLS_PER_ROLE ? 'account' : 'per-role';
}
