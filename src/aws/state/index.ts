// The SDK calls of the day-2 state commands: locks, unlock, history, diff and restore.
export { translateStateError, type StateCallContext } from './errors.ts';
export { listLocks, type LockListing } from './list-locks.ts';
export { unlockState, type UnlockResult } from './unlock.ts';
export { stateHistory, type HistoryOptions } from './history.ts';
export { listStateVersions, readStateVersion, versionLabel } from './versions.ts';
export { prepareRestore, executeRestore, type PreparedRestore, type RestoreResult } from './restore.ts';
export { acquireStateLock, releaseStateLock } from './state-lock.ts';
export { readVersionPair, type ReadVersion } from './diff.ts';
