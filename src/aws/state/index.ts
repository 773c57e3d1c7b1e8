// The SDK calls of the day-2 state commands: locks, unlock, history, diff and restore.

export { type ReadVersion, readVersionPair } from './diff.ts';
export { type StateCallContext, translateStateError } from './errors.ts';
export { type HistoryOptions, stateHistory } from './history.ts';
export { type LockListing, listLocks } from './list-locks.ts';
export { executeRestore, type PreparedRestore, prepareRestore, type RestoreResult } from './restore.ts';
export { acquireStateLock, releaseStateLock } from './state-lock.ts';
export { type UnlockResult, unlockState } from './unlock.ts';
export { listStateVersions, readStateVersion, versionLabel } from './versions.ts';
