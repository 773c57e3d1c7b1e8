// `stateward restore`: an old version becomes the new current one, written under terraform's own lock with
// the serial raised above the current one, the `-md5` digest updated in DynamoDB modes, and the lock always
// given back. No version is ever deleted: the restore is itself a new version, so it can be undone the same way.
import * as S3 from '@aws-sdk/client-s3';
import { digestItemId, lockTableName, stateObjectKey } from '../../backend/keys.ts';
import type { BackendTarget } from '../../backend/types.ts';
import { StatewardError } from '../../errors.ts';
import type { LockInfo } from '../../state/lock-info.ts';
import { planRestore, type RestorePlan, stateDigest, withSerial } from '../../state/restore-body.ts';
import { parseState } from '../../state/state-file.ts';
import { resolveVersionRef, type VersionRef } from '../../state/version-ref.ts';
import type { AwsClients } from '../clients.ts';
import { mustStateCall, type StateCallContext } from './errors.ts';
import { putDigestItem } from './lock-item.ts';
import { sseParams } from './lock-object.ts';
import { acquireStateLock, releaseStateLock, usesLockItem } from './state-lock.ts';
import { currentVersionId, listStateVersions, readStateVersion, versionLabel } from './versions.ts';

export interface PreparedRestore {
  target: BackendTarget;
  plan: RestorePlan;
  /** The chosen version is already the current one: there is nothing to write. */
  isCurrent: boolean;
  fromBody: string;
}

export async function prepareRestore(
  clients: AwsClients,
  context: StateCallContext,
  target: BackendTarget,
  ref: VersionRef,
  forceLineage: boolean,
): Promise<PreparedRestore> {
  const key = stateObjectKey(target);
  const where = `s3://${target.bucket}/${key}`;
  const { versions, deleted } = await listStateVersions(clients, context, target.bucket, key);
  if (deleted || (versions.length > 0 && !versions[0]?.isLatest)) {
    throw new StatewardError(
      'RESTORE_STATE_DELETED',
      `${where} is deleted (its newest entry is a delete marker), so there is no current state to restore over; nothing was changed.`,
      'Recreate the workspace with terraform first, or copy the version back by hand with `aws s3api copy-object`.',
    );
  }
  const index = resolveVersionRef(
    ref,
    versions.map((v) => v.versionId),
    where,
  );
  const current = versions[0] as (typeof versions)[number];
  const from = versions[index] as (typeof versions)[number];
  const [currentBody, fromBody] = await Promise.all([
    readStateVersion(clients, context, target.bucket, key, current.versionId),
    index === 0 ? undefined : readStateVersion(clients, context, target.bucket, key, from.versionId),
  ]);
  const currentState = parseState(currentBody, versionLabel(target.bucket, key, current.versionId));
  const fromState =
    fromBody === undefined ? currentState : parseState(fromBody, versionLabel(target.bucket, key, from.versionId));
  const plan = planRestore(
    { versionId: current.versionId, state: currentState },
    { versionId: from.versionId, state: fromState },
    forceLineage,
  );
  return { target, plan, isCurrent: index === 0, fromBody: fromBody ?? currentBody };
}

export interface RestoreResult {
  versionId?: string;
  serial: number;
  /** False when the lock could not be given back (the warning says how to clear it). */
  lockReleased: boolean;
}

/** Lock, check that nothing changed since the plan, write, digest, and release in every case. */
export async function executeRestore(
  clients: AwsClients,
  context: StateCallContext,
  prepared: PreparedRestore,
  lock: LockInfo,
  warn: (text: string) => void,
): Promise<RestoreResult> {
  const { target } = prepared;
  await acquireStateLock(clients, context, target, lock);
  let lockReleased = false;
  let written: Omit<RestoreResult, 'lockReleased'>;
  try {
    written = await writeRestored(clients, context, prepared);
  } finally {
    lockReleased = await release(clients, context, target, lock.ID, warn);
  }
  return { ...written, lockReleased };
}

async function writeRestored(
  clients: AwsClients,
  context: StateCallContext,
  { target, plan, fromBody }: PreparedRestore,
): Promise<Omit<RestoreResult, 'lockReleased'>> {
  const key = stateObjectKey(target);
  const now = await currentVersionId(clients, context, target.bucket, key);
  if (now !== plan.current.versionId) {
    throw new StatewardError(
      'RESTORE_STATE_CHANGED',
      `s3://${target.bucket}/${key} changed after the restore was planned (current version ${now ?? 'none'}, planned over ${plan.current.versionId}); nothing was written.`,
      'Run the restore again: it plans against the new current version.',
    );
  }
  const label = versionLabel(target.bucket, key, plan.from.versionId);
  const body = withSerial(fromBody, plan.newSerial, label);
  const written = parseState(body, `the restored body of ${label}`);
  if (written.serial !== plan.newSerial || written.lineage !== plan.from.state.lineage) {
    throw new StatewardError(
      'RESTORE_BODY_MISMATCH',
      `The body built from ${label} does not read back with serial ${plan.newSerial}; nothing was written.`,
      'This is a bug in stateward; please report it.',
    );
  }
  const put = await mustStateCall(clients, context, (c) =>
    c.s3.send(
      new S3.PutObjectCommand({
        Bucket: target.bucket,
        Key: key,
        Body: body,
        ContentType: 'application/json',
        ...sseParams(target.encryption),
      }),
    ),
  );
  if (usesLockItem(target))
    await putDigestItem(clients, context, lockTableName(target), digestItemId(target), stateDigest(body));
  return { ...(put.VersionId ? { versionId: put.VersionId } : {}), serial: plan.newSerial };
}

async function release(
  clients: AwsClients,
  context: StateCallContext,
  target: BackendTarget,
  id: string,
  warn: (text: string) => void,
): Promise<boolean> {
  const unlockHint = `clear it with \`stateward unlock --id ${id}\` (same --project/--workspace) once no run is in progress`;
  try {
    const outcome = await releaseStateLock(clients, context, target, id);
    for (const { store, holder } of outcome.notOurs) {
      warn(
        `warning: the ${store === 's3' ? 'S3 lock object' : 'DynamoDB lock item'} was not stateward's lock ${id} any more (${holder ? `held by ${holder.Who}, ID ${holder.ID}` : 'gone'}); it was left alone.`,
      );
    }
    return true;
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    warn(`error: stateward could not release its lock ${id}: ${why}\n  The state stays locked; ${unlockHint}.`);
    return false;
  }
}
