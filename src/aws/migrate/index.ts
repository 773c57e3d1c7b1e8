// The SDK side of `stateward migrate`: plan against both sides, then carry out each state in plan order.
export { executeUnit, type LockOwner, MIGRATE_OPERATION } from './execute.ts';
export { prepareMigration } from './prepare.ts';
