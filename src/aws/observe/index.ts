// observe(desired, clients) -> Observed: one read-only snapshot of everything the config describes, plus
// the orphans. Reads run in parallel, at most `concurrency` AWS calls in flight.

import type { Observed } from '../../model/observed.ts';
import type { Desired } from '../../model/types.ts';
import { watchesStateDigests } from '../../plan/lock-digests.ts';
import { grantReaches } from '../../plan/notices.ts';
import type { AwsClients } from '../clients.ts';
import { callerIdentity } from '../identity.ts';
import { createLimiter } from '../limit.ts';
import { serviceLimiters } from '../service-limits.ts';
import { readBucketContents } from './bucket-contents.ts';
import { listStateBuckets, observeBucket } from './buckets.ts';
import { observeCostAllocationTag } from './cost-allocation.ts';
import { observeHumans } from './humans.ts';
import { observeLockTable } from './lock-table.ts';
import { observeOidcProvider } from './oidc-provider.ts';
import { observeCustomerPolicy, observeOperators } from './operators.ts';
import { orphanBuckets, orphanRoles, wantedRoleNames } from './orphans.ts';
import { createReader } from './read.ts';
import type { RoleReads } from './role-reads.ts';
import { listRoles, observeRoles } from './roles.ts';
import { observeStateDigests } from './state-digests.ts';

export interface ObserveOptions {
  /** AWS calls in flight at once, all services together; default: a limit per service (service-limits.ts). */
  concurrency?: number;
  /** The credentials' account when the caller already knows it (saves a GetCallerIdentity). */
  account?: string;
  /** Per-role or account-level IAM reads; default: whichever costs fewer calls (role-reads.ts). */
  roleReads?: RoleReads;
}

export const DEFAULT_READ_CONCURRENCY = 8;

export async function observe(desired: Desired, clients: AwsClients, options: ObserveOptions = {}): Promise<Observed> {
  const reader = createReader(clients, options.concurrency ? createLimiter(options.concurrency) : serviceLimiters());
  const account = options.account ?? (await callerIdentity(clients)).account;
  // ListRoles (orphans, and which wanted roles exist) runs alongside ListBuckets; the roles themselves are
  // read once for the whole fleet (roles.ts), and each project waits only for that, not for other projects.
  const listedRoles = listRoles(reader);
  const rolesRead = listedRoles.then((listed) =>
    observeRoles(reader, wantedRoleNames(desired), listed, options.roleReads),
  );
  // Both are awaited below; until then a failure must not surface as an unhandled rejection.
  for (const pending of [listedRoles, rolesRead]) pending.catch(() => undefined);
  const stateBuckets = await listStateBuckets(reader);
  const { oidcProvider, operators, lockTable, stateBoundary } = desired.shared;
  const [projects, oidc, observedOperators, observedLockTable, roles, humans, costAllocationTag, boundary] =
    await Promise.all([
      Promise.all(
        desired.projects.map(async (project) => {
          const roleNamed = (name: string) =>
            rolesRead.then(({ roles }) => roles.get(name) ?? { name, status: 'absent' as const });
          const [bucket, role, planRole] = await Promise.all([
            observeBucket(reader, project.bucket.name, stateBuckets),
            roleNamed(project.role.name),
            project.planRole ? roleNamed(project.planRole.name) : Promise.resolve(undefined),
          ]);
          // A bucket stateward never tagged is being adopted: the plan says what it already holds.
          if (bucket.status === 'present' && bucket.tags?.ManagedBy !== project.bucket.tags.ManagedBy)
            bucket.contents = await readBucketContents(reader, bucket.name);
          const roles = { role, ...(planRole ? { planRole } : {}) };
          if (bucket.status !== 'present' || !watchesStateDigests(project.locking, role))
            return { name: project.name, bucket, ...roles };
          return {
            name: project.name,
            bucket,
            ...roles,
            stateDigests: await observeStateDigests(reader, bucket.name, project.locking, (key) =>
              grantReaches(project.config, key),
            ),
          };
        }),
      ),
      observeOidcProvider(reader, oidcProvider),
      rolesRead.then(({ details }) => observeOperators(reader, operators, details?.groups)),
      // Read only when a project locks with DynamoDB: others need no dynamodb permission at all.
      lockTable ? observeLockTable(reader, lockTable.name) : Promise.resolve({ status: 'absent' as const }),
      listedRoles.then((listed) => orphanRoles(desired, listed.keys())),
      observeHumans(reader, operators.members),
      // Read only when the config turns cost allocation on: it needs the management account's billing rights.
      desired.shared.costAllocationTag
        ? observeCostAllocationTag(reader, desired.shared.costAllocationTag)
        : Promise.resolve(undefined),
      stateBoundary ? observeCustomerPolicy(reader, stateBoundary.arn, stateBoundary.name) : Promise.resolve(undefined),
    ]);
  return {
    account,
    projects,
    shared: {
      oidcProvider: oidc,
      operators: observedOperators,
      lockTable: observedLockTable,
      humans,
      ...(costAllocationTag ? { costAllocationTag } : {}),
      ...(boundary ? { stateBoundary: boundary } : {}),
    },
    orphans: { buckets: orphanBuckets(desired, stateBuckets.keys()), roles },
  };
}
