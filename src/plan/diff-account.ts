// Account-wide resources: the GitHub OIDC provider, the humans' group and policy, and the legacy
// DynamoDB lock table when a project locks with it. None is ever deleted: a table no project needs
// any more is left in place.

import { StatewardError } from '../errors.ts';
import { asArray, type PolicyDocument, type Statement } from '../iam/document.ts';
import type { Observed, ObservedAccountResources } from '../model/observed.ts';
import type { Desired, DesiredCostAllocationTag, DesiredLockTable, DesiredOidcProvider } from '../model/types.ts';
import { LOCK_FENCE_BOOTSTRAP_SID } from '../policy/lock-table-policy.ts';
import { isStatewardStatement, mergeBucketPolicy, statewardStatementsMatch } from './bucket-policy-merge.ts';
import type { Change, LockTableCreate, OidcProviderCreate } from './change.ts';
import { changeId } from './change.ts';
import { diffOperators } from './diff-operators.ts';
import { makeChange, updateIf } from './make-change.ts';
import { sortedTags, tagsChange } from './tags.ts';

export function diffAccount(desired: Desired, observed: Observed): Change[] {
  const { oidcProvider, operators, lockTable } = desired.shared;
  return [
    ...diffOidcProvider(oidcProvider, observed.shared.oidcProvider),
    ...diffOperators(operators, observed.shared.operators),
    ...diffCostAllocationTag(desired.shared.costAllocationTag, observed.shared.costAllocationTag),
    ...(lockTable ? diffLockTable(lockTable, observed.shared.lockTable, observed.orphans.buckets) : []),
  ];
}

export function oidcProviderName(provider: DesiredOidcProvider): string {
  return provider.url.replace(/^https:\/\//u, '');
}

export function oidcProviderCreateId(provider: DesiredOidcProvider): string {
  return changeId('oidc-provider', oidcProviderName(provider), 'resource');
}

export function diffOidcProvider(
  desired: DesiredOidcProvider,
  observed: ObservedAccountResources['oidcProvider'],
): Change[] {
  const base = { resourceType: 'oidc-provider' as const, resourceName: oidcProviderName(desired) };
  if (observed.status === 'absent') {
    const provider: OidcProviderCreate = {
      url: desired.url,
      arn: desired.arn,
      clientIds: desired.clientIds,
      tags: sortedTags(desired.tags),
    };
    return [
      makeChange({
        ...base,
        setting: 'resource',
        action: 'create',
        old: null,
        new: provider,
        what: `create the OIDC provider for ${base.resourceName}`,
      }),
    ];
  }
  // One provider per account serves every team: client ids others rely on are kept, ours added.
  const live = observed.clientIds ?? [];
  const missing = desired.clientIds.filter((id) => !live.includes(id));
  return [
    ...updateIf(missing.length === 0, {
      ...base,
      setting: 'clientIds',
      old: live,
      new: [...live, ...missing],
      what: `add client id ${missing.join(', ')}`,
    }),
    ...tagsChange(observed.tags, desired.tags, base),
  ];
}

/** Off by default; when on, the tag is activated once and never deactivated by stateward. */
function diffCostAllocationTag(
  desired: DesiredCostAllocationTag | undefined,
  observed: ObservedAccountResources['costAllocationTag'],
): Change[] {
  if (!desired) return [];
  const status = observed?.status ?? null;
  const unseen =
    status === 'unknown'
      ? ' (Cost Explorer lists a tag key about a day after it is first on a resource; until then apply is refused)'
      : '';
  return updateIf(status === desired.status, {
    resourceType: 'cost-allocation-tag',
    resourceName: desired.key,
    setting: 'status',
    old: status,
    new: desired.status,
    what: `activate tag ${desired.key} for cost allocation in Cost Explorer${unseen}`,
  });
}

function diffLockTable(
  desired: DesiredLockTable,
  observed: ObservedAccountResources['lockTable'],
  orphanBuckets: readonly string[],
): Change[] {
  const base = { resourceType: 'lock-table' as const, resourceName: desired.name };
  if (observed.status === 'absent') {
    const table: LockTableCreate = {
      name: desired.name,
      partitionKey: { name: desired.partitionKey, type: 'S' },
      billingMode: desired.billingMode,
      tags: sortedTags(desired.tags),
    };
    const create = makeChange({
      ...base,
      setting: 'resource',
      action: 'create',
      old: null,
      new: table,
      what: `create lock table ${desired.name}`,
    });
    return [create, ...lockFence(desired, null, orphanBuckets, base, create.id)];
  }
  refuseWrongKey(desired, observed);
  return [
    ...lockFence(desired, observed.policy ?? null, orphanBuckets, base),
    ...tagsChange(observed.tags, desired.tags, base),
  ];
}

/**
 * The table's resource policy is shared like a bucket policy: stateward owns its Stateward* statements
 * (the lock fence). `new` is the complete document, or null to remove a policy left with no statement.
 */
function lockFence(
  desired: DesiredLockTable,
  live: PolicyDocument | null,
  orphanBuckets: readonly string[],
  base: { resourceType: 'lock-table'; resourceName: string },
  after?: string,
): Change[] {
  const owned = withRemovedProjectsFence(desired, live, orphanBuckets);
  if (live === null && owned.Statement.length === 0) return [];
  if (live !== null && statewardStatementsMatch(live, owned)) return [];
  const merged = mergeBucketPolicy(live, owned);
  const next = merged.Statement.length === 0 ? null : merged;
  return [
    makeChange({
      ...base,
      setting: 'policy',
      action: 'update',
      old: live,
      new: next,
      what: next
        ? "write the lock fence into the table's resource policy"
        : "remove stateward's lock fence from the table's resource policy",
      ...(after ? { after: [after] } : {}),
    }),
  ];
}

/**
 * A project removed from the config keeps its lock fence until `destroy`, like its bucket keeps its
 * policy: its statements (Stateward Sids no configured project has) stay while its bucket exists, and so
 * does the reserved _bootstrap/ statement while any of them does. Once `destroy` removed the bucket, the
 * statements fence nothing and go.
 */
function withRemovedProjectsFence(
  desired: DesiredLockTable,
  live: PolicyDocument | null,
  orphanBuckets: readonly string[],
): PolicyDocument {
  const owned: PolicyDocument = desired.policy ?? { Version: '2012-10-17', Statement: [] };
  const configured = new Set(desired.configuredSids);
  const liveOwned = asArray(live?.Statement).filter(isStatewardStatement);
  const removed = liveOwned.filter(
    (s) => s.Sid !== LOCK_FENCE_BOOTSTRAP_SID && !configured.has(s.Sid ?? '') && fencesExistingBucket(s, orphanBuckets),
  );
  if (removed.length === 0) return owned;
  const wanted = new Set(owned.Statement.map((s) => s.Sid));
  const bootstrap = liveOwned.filter((s) => s.Sid === LOCK_FENCE_BOOTSTRAP_SID && !wanted.has(s.Sid));
  return { ...owned, Statement: [...owned.Statement, ...removed, ...bootstrap] };
}

/** Whether the statement's LeadingKeys name items of one of the buckets; a shape not recognised is kept. */
function fencesExistingBucket(statement: Statement, buckets: readonly string[]): boolean {
  const keys = (statement.Condition?.['ForAnyValue:StringLike'] as Record<string, unknown> | undefined)?.[
    'dynamodb:LeadingKeys'
  ];
  if (typeof keys !== 'string' || !keys.endsWith('/*')) return true;
  return buckets.includes(keys.slice(0, -2));
}

/** A key schema cannot be changed in place, and Terraform locks only with LockID (S). */
function refuseWrongKey(desired: DesiredLockTable, observed: ObservedAccountResources['lockTable']): void {
  const key = observed.partitionKey;
  if (!key || (key.name === desired.partitionKey && key.type === 'S')) return;
  throw new StatewardError(
    'PLAN_LOCK_TABLE_KEY',
    `DynamoDB table ${desired.name} exists with partition key ${key.name} (${key.type}); Terraform's locking needs ${desired.partitionKey} (S)`,
    `recreate the table with partition key ${desired.partitionKey} of type S once no lock is held, or lock with "locking: lockfile"`,
  );
}
