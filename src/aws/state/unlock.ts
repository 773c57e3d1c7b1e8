// `stateward unlock`: removes a lock only when its ID is the one given, in every store of the lock mode.
// A wrong ID removes nothing, in no store, and names the real holder.

import type { BackendTarget } from '../../backend/types.ts';
import { StatewardError } from '../../errors.ts';
import { describeHolder, type LockInfo } from '../../state/lock-info.ts';
import type { LockStore } from '../../state/locks.ts';
import type { AwsClients } from '../clients.ts';
import type { StateCallContext } from './errors.ts';
import { deleteLockItem, readLockItem } from './lock-item.ts';
import { deleteLockObject, readLockObject } from './lock-object.ts';
import { lockItemRef, lockObjectRef, usesLockItem, usesLockObject } from './state-lock.ts';

export interface UnlockResult {
  holder: LockInfo;
  removed: LockStore[];
  /** Stores of the mode that held no lock (e.g. one half of a `both` lock already gone). */
  absent: LockStore[];
}

export async function unlockState(
  clients: AwsClients,
  target: BackendTarget,
  id: string,
  project: string,
  /** Asked once the lock is found and its ID matches, before anything is removed; throws to refuse. */
  approve: (holder: LockInfo) => Promise<void> = async () => undefined,
): Promise<UnlockResult> {
  const context: StateCallContext = { command: 'unlock', project };
  const [object, item] = await Promise.all([
    usesLockObject(target) ? readLockObject(clients, context, lockObjectRef(target)) : undefined,
    usesLockItem(target) ? readLockItem(clients, context, lockItemRef(target)) : undefined,
  ]);
  const held = [object, item?.info].filter((info): info is LockInfo => info !== undefined);
  const first = held[0];
  if (!first) throw notLocked(target);
  const other = held.find((info) => info.ID !== id);
  if (other) throw idMismatch(id, other);
  await approve(first);
  const removed: LockStore[] = [];
  const absent: LockStore[] = [];
  if (usesLockObject(target)) {
    if (object) {
      await deleteLockObject(clients, context, lockObjectRef(target));
      removed.push('s3');
    } else absent.push('s3');
  }
  if (usesLockItem(target)) {
    if (item) {
      if ((await deleteLockItem(clients, context, lockItemRef(target), item.raw)) === 'changed')
        throw changedMeanwhile(id);
      removed.push('dynamodb');
    } else absent.push('dynamodb');
  }
  return { holder: first, removed, absent };
}

function where(target: BackendTarget): string {
  return `s3://${target.bucket}/${target.workspace && target.workspace !== 'default' ? `${target.key} (workspace ${target.workspace})` : target.key}`;
}

function notLocked(target: BackendTarget): StatewardError {
  return new StatewardError(
    'STATE_NOT_LOCKED',
    `No lock is held on ${where(target)} (lock mode ${target.locking}); nothing was removed.`,
    'Check --project, --workspace and --key; `stateward locks` lists every held lock.',
  );
}

function idMismatch(id: string, holder: LockInfo): StatewardError {
  return new StatewardError(
    'STATE_LOCK_ID_MISMATCH',
    `The lock is held by ${describeHolder(holder)} with lock ID ${holder.ID}, not ${id}; nothing was removed.`,
    `Make sure that run is really dead, then pass its ID: --id ${holder.ID}.`,
  );
}

function changedMeanwhile(id: string): StatewardError {
  return new StatewardError(
    'STATE_LOCK_CHANGED',
    `The DynamoDB lock item changed while stateward removed lock ${id}: someone took the lock again; it was left alone.`,
    'Run `stateward locks` to see the current holder.',
  );
}
