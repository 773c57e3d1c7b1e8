// Buckets and roles that look like stateward's (tfstate-*, tf-*) but are not in the config. They are
// reported, never changed or deleted: they may be another config's, or waiting for `destroy`.
import type { Desired } from '../../model/types.ts';
import { ROLE_PREFIX } from '../../names/naming.ts';

export function orphanBuckets(desired: Desired, stateBuckets: Iterable<string>): string[] {
  const wanted = new Set(desired.projects.map((p) => p.bucket.name));
  return [...stateBuckets].filter((name) => !wanted.has(name)).sort();
}

/** Every role the config wants in the account: each project's apply role and, unless it opted out, its plan role. */
export function wantedRoleNames(desired: Desired): string[] {
  return desired.projects.flatMap((p) => [p.role.name, ...(p.planRole ? [p.planRole.name] : [])]);
}

/** `listed`: every role name of the account (ListRoles, read once by observe()). */
export function orphanRoles(desired: Desired, listed: Iterable<string>): string[] {
  // A plan role of a project that now allows pull requests to apply is an orphan too, for the user to remove.
  const wanted = new Set(wantedRoleNames(desired));
  return [...listed].filter((name) => name.startsWith(ROLE_PREFIX) && !wanted.has(name)).sort();
}
