// Issue 9 §3: the lock-table fence. Projects that lock with DynamoDB share one table; unless its resource
// policy denies a project's items to everyone but its role, its readers (GetItem only) and the admins, any
// role with broad dynamodb permissions (an infrastructure managed policy, say) can release that project's
// lock in the middle of an apply, take it over, or overwrite its digest so that its next run fails.

import { BOOTSTRAP_PREFIX, DIGEST_SUFFIX, LOCK_TABLE, planRoleArn, roleArn } from '../../names/naming.ts';
import { readerRoleArns } from '../../policy/bucket-policy.ts';
import { planRoleArnOf } from '../../policy/roles.ts';
import type { AuditContext } from '../context.ts';
import { namesPrincipal, PROBE_KEY } from '../fence.ts';
import {
  allowedParties,
  analyzeLockFence,
  type LockFenceAnalysis,
  type LockFenceParties,
  lockFenceHolds,
} from '../lock-fence.ts';
import { bootstrapLockFenceFix, projectLockFenceFix } from '../lock-fence-fixes.ts';
import type { AuditBucket, AuditLockTable } from '../snapshot.ts';
import type { Hit, Rule } from '../types.ts';

/** The table when its fence can be judged. Absent, it holds no item to protect; unreadable is SW-AUDIT-001's. */
function presentTable(context: AuditContext): AuditLockTable | undefined {
  const table = context.snapshot.lockTable;
  return table?.status === 'present' ? table : undefined;
}

/**
 * The buckets whose items the table holds or will hold. A project of the config locks with DynamoDB when its
 * `locking` says so (dynamodb or both): that is what its backend uses, before any item exists; a configured
 * `lockfile` project's leftover digests are not read by its backend any more. A bucket the config does not
 * know counts when the table holds an item of it: every DynamoDB-locked run leaves a `-md5` digest that
 * outlives the lock, so a project that ever locked there is found, and one that never did has nothing there.
 */
export function dynamodbLockedBuckets(context: AuditContext, table: AuditLockTable): AuditBucket[] {
  return context.snapshot.buckets.filter((bucket) => {
    const configured = context.configProject(bucket.project);
    return configured ? configured.locking !== 'lockfile' : table.itemBuckets.includes(bucket.name);
  });
}

/** A lock or state item of the bucket and its digest: the probe stands for any key. */
const itemsOf = (bucket: string, key: string): string[] => [`${bucket}/${key}`, `${bucket}/${key}${DIGEST_SUFFIX}`];

/**
 * Who may reach the bucket's items: from the config, else from the bucket's own fence (the same admins and
 * readers). With neither, the admins are unknown and `allowedParties` judges only exempted project roles.
 */
function partiesOf(bucket: AuditBucket, context: AuditContext): LockFenceParties {
  const own = bucket.project ? [roleArn(context.snapshot.account, bucket.project)] : [];
  const configured = context.configProject(bucket.project);
  if (configured) {
    const plan = planRoleArnOf(configured, context.snapshot.config!);
    return {
      writers: [...own, ...context.snapshot.config!.admins],
      readers: readerRoleArns(configured, context.snapshot.config!),
      planners: plan ? [plan] : [],
      adminsKnown: true,
    };
  }
  const planners = bucket.project ? [planRoleArn(context.snapshot.account, bucket.project)] : [];
  const fence = context.fenceOf(bucket);
  const admins = (fence.objects?.permitted ?? []).filter(
    (p) => !fence.readers.includes(p) && !own.includes(p) && !planners.includes(p),
  );
  return {
    writers: [...own, ...admins],
    readers: fence.readers,
    planners,
    adminsKnown: fence.objects !== undefined,
  };
}

function describe(
  bucket: AuditBucket,
  table: AuditLockTable,
  analysis: LockFenceAnalysis,
): Pick<Hit, 'message' | 'evidence'> {
  if (analysis.unfenced.length === 0) {
    const principals = [...new Set(analysis.extra.map((e) => e.principal))];
    return {
      message: `The lock fence of ${bucket.name} in ${LOCK_TABLE} also exempts ${principals.join(', ')}: ${principals.length > 1 ? 'they' : 'it'} can release, take over or overwrite its locks and digests.`,
      evidence: analysis.extra
        .map((e) => `${e.statement} exempts ${e.principal} from ${e.actions.join(', ')}`)
        .join('; '),
    };
  }
  const partial =
    analysis.statements.length > 0
      ? `; ${analysis.statements.join(', ')} fence${analysis.statements.length > 1 ? '' : 's'} only the other actions`
      : '';
  return {
    message: `The lock and digest items of ${bucket.name} in ${LOCK_TABLE} are not fenced: any role with dynamodb permissions on the table can release, take over or overwrite its locks.`,
    evidence:
      table.policy === null
        ? `${LOCK_TABLE} has no resource policy, so nothing fences ${bucket.name}/*`
        : `resource policy of ${LOCK_TABLE}: no Deny to "*" on ${table.arn} whose dynamodb:LeadingKeys condition covers ${bucket.name}/* with only ArnNotLike aws:PrincipalArn exemptions, for ${analysis.unfenced.join(', ')}${partial}`,
  };
}

export const lockItemsUnfenced: Rule<AuditContext> = {
  meta: {
    id: 'SW-FENCE-004',
    severity: 'medium',
    title: 'DynamoDB lock items without the lock-table fence',
    rationale:
      'Projects that lock with DynamoDB share one table: without a Deny in its resource policy, any role with broad dynamodb permissions can release a lock in the middle of an apply, take it over, or overwrite the state digest.',
  },
  check: (context) => {
    const table = presentTable(context);
    if (!table) return [];
    return dynamodbLockedBuckets(context, table).flatMap((bucket): Hit[] => {
      const parties = partiesOf(bucket, context);
      const otherRoles = context.snapshot.roles
        .map((r) => r.arn)
        .filter((arn) => !parties.writers.includes(arn) && !(parties.planners ?? []).includes(arn));
      const analysis = analyzeLockFence(
        table.policy,
        table.arn,
        itemsOf(bucket.name, PROBE_KEY),
        allowedParties(parties, otherRoles),
      );
      if (lockFenceHolds(analysis)) return [];
      return [
        {
          project: bucket.project,
          resource: table.arn,
          ...describe(bucket, table, analysis),
          fix: projectLockFenceFix(context, table.arn, bucket, parties, analysis),
        },
      ];
    });
  },
};

export const lockBootstrapUnreserved: Rule<AuditContext> = {
  meta: {
    id: 'SW-FENCE-005',
    severity: 'low',
    title: 'Lock table without the _bootstrap/ reservation',
    rationale:
      'Like the _bootstrap/ objects, their lock items belong to the admins: a project role that may write them can hold or release the lock of the bootstrap state.',
  },
  check: (context) => {
    const table = presentTable(context);
    if (!table) return [];
    const roles = context.snapshot.roles.map((r) => r.arn);
    const open = dynamodbLockedBuckets(context, table).filter((bucket) => {
      if (!bucket.project) return false; // _bootstrap/ is reserved in stateward's buckets only
      const projectRoles = [roleArn(context.snapshot.account, bucket.project), ...roles];
      const items = itemsOf(bucket.name, `${BOOTSTRAP_PREFIX}terraform.tfstate`);
      return !lockFenceHolds(
        analyzeLockFence(
          table.policy,
          table.arn,
          items,
          (principal) => !projectRoles.some((role) => namesPrincipal([principal], role)),
        ),
      );
    });
    if (open.length === 0) return [];
    const names = open.map((b) => b.name).sort();
    return [
      {
        project: null,
        resource: table.arn,
        message: `${LOCK_TABLE} does not reserve the ${BOOTSTRAP_PREFIX} lock items of ${names.join(', ')} for the admins: a project role can write them.`,
        evidence: `resource policy of ${LOCK_TABLE}: ${table.policy === null ? 'none' : `no Deny to "*" on ${table.arn} whose dynamodb:LeadingKeys condition covers ${names.map((n) => `${n}/${BOOTSTRAP_PREFIX}*`).join(', ')} and that exempts no project role`}`,
        fix: bootstrapLockFenceFix(context, table.arn),
      },
    ];
  },
};
