// Held locks as `stateward locks` reports them: one row per lock, merged across the two stores when a
// `both`-mode lock is in S3 and DynamoDB with the same ID, filtered by age.
import type { LockInfo } from './lock-info.ts';

export type LockStore = 's3' | 'dynamodb';

export interface FoundLock {
  project: string;
  workspace: string;
  /** The backend key. */
  key: string;
  /** The state object key the lock guards. */
  stateKey: string;
  store: LockStore;
  info: LockInfo;
}

export interface HeldLock extends Omit<FoundLock, 'store'> {
  stores: LockStore[];
  createdAt: Date;
  ageMs: number;
}

export function mergeLocks(found: FoundLock[], now: Date): HeldLock[] {
  const byIdentity = new Map<string, HeldLock>();
  for (const lock of found) {
    const identity = `${lock.project}\u0000${lock.stateKey}\u0000${lock.info.ID}`;
    const existing = byIdentity.get(identity);
    if (existing) {
      if (!existing.stores.includes(lock.store)) existing.stores.push(lock.store);
      continue;
    }
    const { store, ...rest } = lock;
    const createdAt = new Date(lock.info.Created);
    byIdentity.set(identity, {
      ...rest,
      stores: [store],
      createdAt,
      ageMs: Math.max(0, now.getTime() - createdAt.getTime()),
    });
  }
  return [...byIdentity.values()].sort(
    (a, b) =>
      a.project.localeCompare(b.project) || a.stateKey.localeCompare(b.stateKey) || a.info.ID.localeCompare(b.info.ID),
  );
}

/** Locks at least `minAgeMs` old (`--stale`). */
export function staleLocks(locks: HeldLock[], minAgeMs: number): HeldLock[] {
  return locks.filter((lock) => lock.ageMs >= minAgeMs);
}

export interface LocksDocument {
  version: 1;
  locks: Array<{
    project: string;
    workspace: string;
    key: string;
    stateKey: string;
    stores: LockStore[];
    id: string;
    operation: string;
    who: string;
    terraformVersion: string;
    info: string;
    path: string;
    created: string;
    ageSeconds: number;
  }>;
  /** Locks that could not be read (corrupt bodies), by the object or item they are in. */
  problems: string[];
}

export function locksDocument(locks: HeldLock[], problems: string[]): LocksDocument {
  return {
    version: 1,
    locks: locks.map((lock) => ({
      project: lock.project,
      workspace: lock.workspace,
      key: lock.key,
      stateKey: lock.stateKey,
      stores: lock.stores,
      id: lock.info.ID,
      operation: lock.info.Operation,
      who: lock.info.Who,
      terraformVersion: lock.info.Version,
      info: lock.info.Info,
      path: lock.info.Path,
      created: lock.info.Created,
      ageSeconds: Math.floor(lock.ageMs / 1000),
    })),
    problems,
  };
}
