// The executor's public face: one change at a time, or a whole plan in dependency order.

export {
  type ApplyOptions,
  type ApplyProgress,
  type ApplyResult,
  applyPlan,
  DEFAULT_APPLY_CONCURRENCY,
} from './apply-plan.ts';
export { executeChange } from './execute-change.ts';
