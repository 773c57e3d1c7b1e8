// Terraform's lock on one state, taken and released exactly as the s3 backend does it: the `.tflock`
// object (If-None-Match: *) first, then the DynamoDB item (attribute_not_exists), by lock mode.

import { lockItemId, lockObjectKey, lockTableName } from '../../backend/keys.ts';
import type { BackendTarget } from '../../backend/types.ts';
import { StatewardError } from '../../errors.ts';
import { describeHolder, type LockInfo } from '../../state/lock-info.ts';
import type { LockStore } from '../../state/locks.ts';
import type { AwsClients } from '../clients.ts';
import type { StateCallContext } from './errors.ts';
import { createLockItem, deleteLockItem, type ItemRef, readLockItem } from './lock-item.ts';
import { createLockObject, deleteLockObject, type ObjectRef, objectName, readLockObject } from './lock-object.ts';

export const usesLockObject = (target: BackendTarget) => target.locking !== 'dynamodb';
export const usesLockItem = (target: BackendTarget) => target.locking !== 'lockfile';

export const lockObjectRef = (target: BackendTarget): ObjectRef => ({
  bucket: target.bucket,
  key: lockObjectKey(target),
});
export const lockItemRef = (target: BackendTarget): ItemRef => ({
  table: lockTableName(target),
  lockId: lockItemId(target),
});

/** Takes the lock in every store of the target's mode, or throws STATE_LOCKED naming the holder. */
export async function acquireStateLock(
  clients: AwsClients,
  context: StateCallContext,
  target: BackendTarget,
  info: LockInfo,
): Promise<void> {
  if (usesLockObject(target)) {
    const ref = lockObjectRef(target);
    if ((await createLockObject(clients, context, ref, info, target.encryption)) === 'held') {
      throw lockedError(await readLockObject(clients, context, ref).catch(() => undefined), objectName(ref));
    }
  }
  if (!usesLockItem(target)) return;
  const ref = lockItemRef(target);
  let outcome: 'acquired' | 'held';
  try {
    outcome = await createLockItem(clients, context, ref, info);
  } catch (error) {
    if (usesLockObject(target)) await deleteLockObject(clients, context, lockObjectRef(target)).catch(() => undefined);
    throw error;
  }
  if (outcome === 'acquired') return;
  // Like terraform in `both` mode: the half already taken is given back before reporting the holder.
  if (usesLockObject(target)) await deleteLockObject(clients, context, lockObjectRef(target)).catch(() => undefined);
  throw lockedError(
    (await readLockItem(clients, context, ref).catch(() => undefined))?.info,
    `the DynamoDB item LockID=${ref.lockId}`,
  );
}

function lockedError(holder: LockInfo | undefined, where: string): StatewardError {
  const who = holder
    ? `${describeHolder(holder)}, lock ID ${holder.ID}`
    : 'someone (the lock was released while stateward read it)';
  return new StatewardError(
    'STATE_LOCKED',
    `The state is locked by ${who} (${where}); nothing was changed.`,
    holder
      ? `Wait for that run to finish and try again. If it died and no terraform run is in progress, clear the lock with \`stateward unlock --id ${holder.ID}\` (same --project/--workspace).`
      : 'Try again.',
  );
}

export interface ReleaseOutcome {
  released: LockStore[];
  /** Stores where the lock was no longer stateward's (missing, or another ID): left alone. */
  notOurs: Array<{ store: LockStore; holder?: LockInfo }>;
}

/**
 * Releases the lock with `id` in every store of the mode: read, compare the ID, delete (terraform's unlock).
 * Each store is tried even when the other fails; the failures are reported together afterwards.
 */
export async function releaseStateLock(
  clients: AwsClients,
  context: StateCallContext,
  target: BackendTarget,
  id: string,
): Promise<ReleaseOutcome> {
  const outcome: ReleaseOutcome = { released: [], notOurs: [] };
  const failures: string[] = [];
  const attempt = async (store: LockStore, release: () => Promise<LockInfo | undefined | 'released'>) => {
    try {
      const result = await release();
      if (result === 'released') outcome.released.push(store);
      else outcome.notOurs.push({ store, ...(result ? { holder: result } : {}) });
    } catch (error) {
      failures.push(`${store}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  if (usesLockObject(target)) {
    await attempt('s3', async () => {
      const ref = lockObjectRef(target);
      const holder = await readLockObject(clients, context, ref);
      if (holder?.ID !== id) return holder;
      await deleteLockObject(clients, context, ref);
      return 'released';
    });
  }
  if (usesLockItem(target)) {
    await attempt('dynamodb', async () => {
      const ref = lockItemRef(target);
      const stored = await readLockItem(clients, context, ref);
      if (stored?.info.ID !== id) return stored?.info;
      return (await deleteLockItem(clients, context, ref, stored.raw)) === 'deleted'
        ? 'released'
        : (await readLockItem(clients, context, ref))?.info;
    });
  }
  if (failures.length > 0) {
    throw new StatewardError(
      'STATE_UNLOCK_FAILED',
      `Releasing lock ${id} failed (${failures.join('; ')}).`,
      `Clear it with \`stateward unlock --id ${id}\` once the cause is fixed.`,
    );
  }
  return outcome;
}
