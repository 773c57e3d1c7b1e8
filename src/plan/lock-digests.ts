// Lock-mode transitions, as far as terraform's `-md5` digest items go. Terraform checks every state read
// against the digest in the DynamoDB table and fails with a checksum error when they differ, but it
// keeps the digest only while it locks with DynamoDB. So a project entering DynamoDB gets the digest of
// its current state written (a stale one from an earlier DynamoDB period would fail every run), and a
// project leaving it has its digest items removed, each with the lineage and serial of the state it
// described. `both` is the safe middle step either way: both stores are locked, and the digest is kept.
import type { LockingMode } from '../config/types.ts';
import { asArray } from '../iam/document.ts';
import type { ObservedProject, ObservedRole, ObservedStateDigest } from '../model/observed.ts';
import type { DesiredProject } from '../model/types.ts';
import { DIGEST_SUFFIX, LOCK_TABLE, STATE_ACCESS_POLICY_NAME } from '../names/naming.ts';
import { type Change, changeId } from './change.ts';
import { makeChange } from './make-change.ts';

/** One digest item: its LockID and Digest, with the state it describes. */
export interface DigestEntry {
  lockId: string;
  digest: string;
  lineage?: string;
  serial?: number;
}

export const LOCK_DIGESTS_SETTING = 'lockDigests';

/** Whether the role stateward last applied lets terraform lock with DynamoDB (the project's current mode). */
export function roleLocksWithDynamoDb(role: ObservedRole): boolean {
  const policy = role.inlinePolicies?.[STATE_ACCESS_POLICY_NAME];
  return (policy?.Statement ?? []).some((s) => asArray(s.Action).some((a) => a.startsWith('dynamodb:')));
}

/** Whether observe must read the project's states and digests: it locks with DynamoDB, or is leaving it. */
export function watchesStateDigests(locking: LockingMode, role: ObservedRole): boolean {
  return locking !== 'lockfile' || roleLocksWithDynamoDb(role);
}

/** Whether observe must read a state's body: to write its digest, or to record what a removed one described. */
export function needsStateBody(locking: LockingMode, digest: Pick<ObservedStateDigest, 'stored'>, etag?: string) {
  return locking === 'lockfile' ? digest.stored !== null : digest.stored !== etag;
}

export function diffLockDigests(project: DesiredProject, observed: ObservedProject, lockTableCreate: string): Change[] {
  const states = observed.stateDigests;
  if (!states || observed.bucket.status !== 'present') return [];
  const bucket = project.bucket.name;
  const lockId = (key: string) => `${bucket}/${key}${DIGEST_SUFFIX}`;
  const described = (s: ObservedStateDigest) => (s.state ? { lineage: s.state.lineage, serial: s.state.serial } : {});
  const base = {
    project: project.name,
    resourceType: 'bucket' as const,
    resourceName: bucket,
    setting: LOCK_DIGESTS_SETTING,
    action: 'update' as const,
  };
  if (project.locking === 'lockfile') {
    const stale = states.filter((s) => s.stored !== null);
    if (stale.length === 0) return [];
    return [
      makeChange({
        ...base,
        old: stale.map((s) => ({ lockId: lockId(s.key), digest: s.stored, ...described(s) })),
        new: [],
        what: `locking leaves DynamoDB: remove the -md5 digest items of ${stale.length} state(s) from ${LOCK_TABLE}, so a later return to DynamoDB cannot meet a stale digest. The repo's backend block drops dynamodb_table and keeps use_lockfile = true, then \`terraform init -reconfigure\`; apply refuses while a lock is held`,
      }),
    ];
  }
  const outdated = states.filter((s) => s.state && s.state.digest !== s.stored);
  if (outdated.length === 0) return [];
  return [
    makeChange({
      ...base,
      old: outdated.flatMap((s) => (s.stored === null ? [] : [{ lockId: lockId(s.key), digest: s.stored }])),
      new: outdated.map((s) => ({ lockId: lockId(s.key), digest: s.state?.digest, ...described(s) })),
      what: `locking with DynamoDB: write the -md5 digest of the current state of ${outdated.length} state(s), which terraform checks on every read (a missing or stale one fails with a checksum error). The repo's backend block sets dynamodb_table = "${LOCK_TABLE}"${project.locking === 'both' ? ' and use_lockfile = true (both: the safe middle step)' : ''}, then \`terraform init -reconfigure\`; apply refuses while a lock is held`,
      after: [lockTableCreate],
    }),
  ];
}

/**
 * The role keeps its old lock permissions until the digests are right, so a failed digest change is planned
 * again (the role's policy is how the next plan knows the mode is changing); and the digest step, which reads
 * the states and takes their locks, runs before the project's bucket policy changes under it.
 */
export function afterLockDigests(changes: Change[]): Change[] {
  const digestIds = new Map(
    changes.filter((c) => c.setting === LOCK_DIGESTS_SETTING).map((c) => [c.project, c.id] as const),
  );
  return changes.map((c) => {
    const first = digestIds.get(c.project);
    const isStateAccess =
      c.resourceType === 'role' && c.setting === 'inlinePolicy' && c.key === STATE_ACCESS_POLICY_NAME;
    const isBucketPolicy = c.resourceType === 'bucket' && c.setting === 'policy';
    return first && (isStateAccess || isBucketPolicy) ? { ...c, dependsOn: [...c.dependsOn, first] } : c;
  });
}

export const lockTableCreateId = (name: string) => changeId('lock-table', name, 'resource');
