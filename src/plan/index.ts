// The planner's public surface: diff, ordering, offline snapshot, renderings, and the Change contract.

export { isStatewardStatement, mergeBucketPolicy } from './bucket-policy-merge.ts';
export { policiesEqual } from './canonical.ts';
export type {
  BucketCreate,
  BucketLifecycleConfig,
  Change,
  ChangeAction,
  GroupPolicyAttachment,
  GroupPolicyCreate,
  Impact,
  LockTableCreate,
  OidcProviderCreate,
  Plan,
  ResourceType,
  RoleCreate,
} from './change.ts';
export { changeId } from './change.ts';
export { diff } from './diff.ts';
export { emptyObserved } from './empty-observed.ts';
export { LIFECYCLE_RULE_ID, lifecycleRule, type S3LifecycleRule, statewardLifecycle } from './lifecycle.ts';
export { grantReaches, type Notice } from './notices.ts';
export { changeWaves, orderChanges } from './order.ts';
export { planToJson } from './plan-json.ts';
export { type RenderOptions, renderPlanText } from './render-text.ts';
export { documentBroadens, statementCovers } from './statement-cover.ts';
export { type PlanSummary, planSummary, summaryLine } from './summary.ts';
