// The roles a command needs, read the cheaper way (role-reads.ts): ListRoles first, which every observe
// needs anyway (orphans) and which tells how many of the wanted roles exist; then per role, or all of them
// from one account-level read. Both give the same model. A wanted role that the listing does not show is
// still asked for by GetRole: IAM is eventually consistent, apply waits until GetRole (not ListRoles) shows a
// role it created, and a plan right after that apply must not take a lagging listing for a missing role.
import * as IAM from '@aws-sdk/client-iam';
import { StatewardError } from '../../errors.ts';
import type { ObservedRole } from '../../model/observed.ts';
import { type AccountDetails, readAccountDetails, roleFromDetail } from './account-details.ts';
import { allIamPages, type Reader } from './read.ts';
import { observeRole } from './role.ts';
import { chooseRoleReads, type RoleReads } from './role-reads.ts';

export interface ListedRole {
  name: string;
  arn?: string;
  maxSessionDuration?: number;
}

/** Every role of the account, by name (ListRoles: names, ARNs and session lengths, no tags or policies). */
export async function listRoles(reader: Reader): Promise<Map<string, ListedRole>> {
  const pages = await allIamPages(reader, (c, Marker) =>
    c.iam.send(new IAM.ListRolesCommand({ Marker, MaxItems: 1000 })),
  );
  const listed = new Map<string, ListedRole>();
  for (const role of pages.flatMap((page) => page.Roles ?? [])) {
    if (!role.RoleName) continue;
    listed.set(role.RoleName, {
      name: role.RoleName,
      ...(role.Arn ? { arn: role.Arn } : {}),
      ...(role.MaxSessionDuration !== undefined ? { maxSessionDuration: role.MaxSessionDuration } : {}),
    });
  }
  return listed;
}

export interface ObservedRoles {
  roles: Map<string, ObservedRole>;
  /** Set when the account-level read was made: its groups save the per-group policy reads. */
  details?: AccountDetails;
}

/** The cheaper way to read `names` (role-reads.ts), knowing which of them ListRoles shows. */
export function roleReadsFor(names: readonly string[], listed: ReadonlyMap<string, ListedRole>): RoleReads {
  const present = new Set(names.filter((name) => listed.has(name)));
  return chooseRoleReads(present.size, listed.size);
}

/** `names`: the roles wanted; `how` overrides the choice (the equivalence test reads the same account both ways). */
export async function observeRoles(
  reader: Reader,
  names: readonly string[],
  listed: ReadonlyMap<string, ListedRole>,
  how?: RoleReads,
): Promise<ObservedRoles> {
  const wanted = [...new Set(names)];
  if ((how ?? roleReadsFor(wanted, listed)) === 'account') {
    const details = await accountDetailsIfAllowed(reader);
    if (details) return { roles: await rolesFromDetails(reader, wanted, listed, details), details };
  }
  return {
    roles: new Map((await Promise.all(wanted.map((name) => observeRole(reader, name)))).map((r) => [r.name, r])),
  };
}

/**
 * GetAccountAuthorizationDetails needs its action on "*": a principal whose read policy names only tf-* roles
 * is refused it while every per-role read would be allowed. Then we read per role, as before this read existed.
 */
async function accountDetailsIfAllowed(reader: Reader): Promise<AccountDetails | undefined> {
  try {
    return await readAccountDetails(reader);
  } catch (error) {
    if (error instanceof StatewardError && error.code === 'AWS_ACCESS_DENIED') return undefined;
    throw error;
  }
}

async function rolesFromDetails(
  reader: Reader,
  wanted: readonly string[],
  listed: ReadonlyMap<string, ListedRole>,
  details: AccountDetails,
): Promise<Map<string, ObservedRole>> {
  const roles = await Promise.all(
    wanted.map(async (name): Promise<[string, ObservedRole]> => {
      const detail = details.roles.get(name);
      const session = listed.get(name)?.maxSessionDuration;
      // Not in both listings: GetRole says whether it is there (and its session length, which the detail lacks).
      if (!detail || session === undefined) return [name, await observeRole(reader, name)];
      return [name, roleFromDetail(detail, session)];
    }),
  );
  return new Map(roles);
}
