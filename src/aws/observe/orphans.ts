// Buckets and roles that look like stateward's (tfstate-*, tf-*) but are not in the config. They are
// reported, never changed or deleted: they may be another config's, or waiting for `destroy`.
import * as IAM from '@aws-sdk/client-iam';
import type { Desired } from '../../model/types.ts';
import { ROLE_PREFIX } from '../../names/naming.ts';
import { allIamPages, type Reader } from './read.ts';

export function orphanBuckets(desired: Desired, stateBuckets: ReadonlySet<string>): string[] {
  const wanted = new Set(desired.projects.map((p) => p.bucket.name));
  return [...stateBuckets].filter((name) => !wanted.has(name)).sort();
}

export async function orphanRoles(reader: Reader, desired: Desired): Promise<string[]> {
  // A plan role of a project that now allows pull requests to apply is an orphan too, for the user to remove.
  const wanted = new Set(desired.projects.flatMap((p) => [p.role.name, ...(p.planRole ? [p.planRole.name] : [])]));
  const pages = await allIamPages(reader, (c, Marker) =>
    c.iam.send(new IAM.ListRolesCommand({ Marker, MaxItems: 1000 })),
  );
  return pages
    .flatMap((page) => page.Roles ?? [])
    .flatMap((role) => (role.RoleName?.startsWith(ROLE_PREFIX) && !wanted.has(role.RoleName) ? [role.RoleName] : []))
    .sort();
}
