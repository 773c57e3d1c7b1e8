// discoverAccount: the audit's snapshot of a live account. It finds state buckets (by name and by their
// *.tfstate objects), tf-* roles, the tf-operators group, held locks and the lock table's fence; reads run in parallel under one
// limit, and anything unreadable is recorded in `errors` for the audit to report.
import type { AuditSnapshot } from '../../audit/snapshot.ts';
import type { Config } from '../../config/types.ts';
import type { AwsClients } from '../clients.ts';
import { createLimiter } from '../limit.ts';
import { createReader } from '../observe/read.ts';
import { serviceLimiters } from '../service-limits.ts';
import { discoverBuckets } from './buckets.ts';
import type { ErrorSink } from './capture.ts';
import { discoverCostAllocationTag } from './cost-allocation.ts';
import { discoverEnvironments } from './environments.ts';
import { discoverLockTable } from './lock-table.ts';
import { lockFiles, lockItems } from './locks.ts';
import { discoverOperators } from './operators.ts';
import { discoverRoles } from './roles.ts';

export interface DiscoverOptions {
  /** The credentials' account (from GetCallerIdentity). */
  account: string;
  region: string;
  config?: Config;
  concurrency?: number;
  now?: number;
}

export async function discoverAccount(clients: AwsClients, options: DiscoverOptions): Promise<AuditSnapshot> {
  const reader = createReader(clients, options.concurrency ? createLimiter(options.concurrency) : serviceLimiters());
  const errors: ErrorSink = [];
  const now = options.now ?? Date.now();
  const rolesRead = discoverRoles(reader, errors);
  const [buckets, { roles }, operators, lockTable, costAllocationTag, environments] = await Promise.all([
    discoverBuckets(reader, options.account, errors),
    rolesRead,
    // After the roles: on a fleet their account-level read already holds the group's policies.
    rolesRead.then(({ groups }) => discoverOperators(reader, options.account, errors, groups)),
    discoverLockTable(reader, options.region, options.account, errors),
    discoverCostAllocationTag(reader, options.config, errors),
    options.config?.environments ? discoverEnvironments(options.config, clients, errors) : Promise.resolve(undefined),
  ]);
  const fileLocks = (await Promise.all(buckets.map((bucket) => lockFiles(reader, bucket, errors)))).flat();
  return {
    account: options.account,
    region: options.region,
    now,
    buckets,
    roles,
    operators,
    locks: [...fileLocks, ...lockItems(lockTable.items, lockTable.table.arn, errors)],
    lockTable: lockTable.table,
    errors,
    ...(costAllocationTag ? { costAllocationTag } : {}),
    ...(options.config ? { config: options.config } : {}),
    ...(environments ? { environments } : {}),
  };
}

export { projectOfBucket } from './buckets.ts';
