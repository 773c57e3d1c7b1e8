// The planner's public surface: diff, ordering, offline snapshot, renderings, and the Change contract.
export type { Change, ChangeAction, Impact, Plan, ResourceType } from './change.ts';
export type { BucketCreate, BucketLifecycleConfig, GroupPolicyAttachment, GroupPolicyCreate, LockTableCreate, OidcProviderCreate, RoleCreate } from './change.ts';
export { changeId } from './change.ts';
export { diff } from './diff.ts';
export { orderChanges, changeWaves } from './order.ts';
export { emptyObserved } from './empty-observed.ts';
export { renderPlanText, type RenderOptions } from './render-text.ts';
export { planToJson } from './plan-json.ts';
export { planSummary, summaryLine, type PlanSummary } from './summary.ts';
export { policiesEqual } from './canonical.ts';
export { documentBroadens, statementCovers } from './statement-cover.ts';
export { mergeBucketPolicy, isStatewardStatement } from './bucket-policy-merge.ts';
export { LIFECYCLE_RULE_ID, lifecycleRule, statewardLifecycle, type S3LifecycleRule } from './lifecycle.ts';
