// Every audit rule, in report order. Ids are stable: a rule that changes meaning gets a new id.

import type { AuditContext } from './context.ts';
import { grantsToOthers, noTlsDeny } from './rules/bucket-policy.ts';
import {
  aclsEnabled,
  noEncryption,
  noNoncurrentLifecycle,
  publicAccessNotBlocked,
  tagsMissing,
  versioningOff,
} from './rules/bucket-settings.ts';
import { costAllocationOff } from './rules/cost-allocation.ts';
import { deployRoleMissing, deployRoleTrustedBeyondAdmin, deployRoleUnconfigured } from './rules/environments.ts';
import { broadRoleUnfenced, noFence, readsMismatch } from './rules/fence.ts';
import {
  bucketWithoutRole,
  configuredProjectMissing,
  roleWithoutBucket,
  staleLock,
  unreadable,
} from './rules/fleet.ts';
import { lifecycleDeletesState } from './rules/lifecycle.ts';
import { lockBootstrapUnreserved, lockItemsUnfenced } from './rules/lock-fence.ts';
import { operatorsHoldMore } from './rules/operators.ts';
import {
  longSessions,
  planRoleWritesState,
  reachesBeyondOwnState,
  resourceWildcard,
  serviceWideActions,
  writesBootstrap,
} from './rules/role-permissions.ts';
import { stateBoundaryMissing } from './rules/state-boundary.ts';
import { humansWithoutMfa, trustRootOrEveryone } from './rules/trust-humans.ts';
import { nameOnlySubject, oidcSubjectTooWide, oidcWithoutAudience } from './rules/trust-oidc.ts';
import { applyRoleTrustsPullRequests } from './rules/trust-pull-requests.ts';
import type { Rule } from './types.ts';

export const RULES: ReadonlyArray<Rule<AuditContext>> = [
  unreadable,
  versioningOff,
  noEncryption,
  publicAccessNotBlocked,
  aclsEnabled,
  noTlsDeny,
  grantsToOthers,
  noNoncurrentLifecycle,
  lifecycleDeletesState,
  tagsMissing,
  noFence,
  broadRoleUnfenced,
  stateBoundaryMissing,
  readsMismatch,
  lockItemsUnfenced,
  lockBootstrapUnreserved,
  oidcWithoutAudience,
  oidcSubjectTooWide,
  nameOnlySubject,
  applyRoleTrustsPullRequests,
  humansWithoutMfa,
  trustRootOrEveryone,
  reachesBeyondOwnState,
  serviceWideActions,
  resourceWildcard,
  writesBootstrap,
  longSessions,
  planRoleWritesState,
  operatorsHoldMore,
  costAllocationOff,
  bucketWithoutRole,
  roleWithoutBucket,
  staleLock,
  configuredProjectMissing,
  deployRoleTrustedBeyondAdmin,
  deployRoleMissing,
  deployRoleUnconfigured,
];
