// The executor's public face: one change at a time, or a whole plan in dependency order.

export {
  APPLY_CONCURRENCY,
  type ApplyOptions,
  type ApplyProgress,
  type ApplyResult,
  applyPlan,
} from './apply-plan.ts';
export { executeChange } from './execute-change.ts';
