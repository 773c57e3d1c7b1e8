// The shape of a verify report: versioned, the same cells in the terminal table and in --json.
import type { ChainCell, EnvironmentChain } from './environment-chain.ts';
import type { ManagementCell } from './management.ts';
import type { ReachProbe } from './reach.ts';

export interface TrustCell {
  project: string;
  principal: string;
  label: string;
  expected: boolean;
  actual: boolean;
  decidedBy: string[];
  detail: string;
}

export type ActorKind = 'own-role' | 'plan-role' | 'other-role' | 'admin' | 'outsider';

export interface OperationCell {
  project: string;
  actor: string;
  actorKind: ActorKind;
  target: string;
  targetOwner: string;
  operation: string;
  layer: 'effective' | 'stateward';
  expected: boolean;
  actual: boolean;
  decidedBy: string[];
  detail: string;
  /** Why the expectation is what it is, when not obvious (e.g. a declared managed policy adds it). */
  note?: string;
}

export interface ProjectReport {
  name: string;
  role: string;
  managedPolicies: Array<{ arn: string; assumed: boolean }>;
  /** What the managed policies allow outside state, against stateward's own controls (warnings). */
  outsideState: ReachProbe[];
  trust: TrustCell[];
  operations: OperationCell[];
  /** This role's management actions on other projects' buckets and keys and on the lock table: all must be denied. */
  management: ManagementCell[];
  /**
   * Single S3 and DynamoDB requests on other projects' states that this role may make, fence aside,
   * though the config grants it none of them (one PutObject overwrites a state): each a violation.
   */
  strayRequests: OperationCell[];
  /**
   * Other projects left out of the cells because no Allow statement, in an identity policy or a
   * resource policy, could connect them: their states this role cannot touch, and their roles that
   * cannot touch this project's states. All denied, by construction (src/verify/connections.ts). And the
   * management actions on other projects' stores that no Allow statement could match (src/verify/may-allow.ts).
   */
  unconnected: { otherStates: number; otherRoles: number; managementActions: number };
}

export interface VerifyReport {
  version: 2;
  source: 'generated' | 'live';
  /** 'connected': pairs some statement connects, plus a sample; 'all': every role against every state. */
  pairs: 'connected' | 'all';
  projects: ProjectReport[];
  violations: Array<TrustCell | OperationCell | ManagementCell>;
  /** Environment accounts (seed 002): who reaches each deploy role, and each environment's workspace; absent without. */
  environments?: EnvironmentChain[];
  /** The chain's cells that differ from the config's intent (with `environments`). */
  environmentViolations?: Array<ChainCell | EnvironmentStateCell>;
}

/** A state cell of an environment's workspace, as a violation names it. */
export interface EnvironmentStateCell {
  project: string;
  environment: string;
  workspace: string;
  operation: string;
  expected: boolean;
  actual: boolean;
}

export const isViolation = (cell: { expected: boolean; actual: boolean }): boolean => cell.expected !== cell.actual;

/** Every violation of a report: the projects' and, with environment accounts, the chain's. */
export const violationCount = (report: VerifyReport): number =>
  report.violations.length + (report.environmentViolations?.length ?? 0);
