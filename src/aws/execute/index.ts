// The executor's public face: one change at a time, or a whole plan in dependency order.
export { executeChange } from './execute-change.ts';
export { applyPlan, DEFAULT_APPLY_CONCURRENCY, type ApplyOptions, type ApplyProgress, type ApplyResult } from './apply-plan.ts';
