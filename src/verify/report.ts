// The shape of a verify report: versioned, the same cells in the terminal table and in --json.
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
   * cannot touch this project's states. All denied, by construction (src/verify/connections.ts).
   */
  unconnected: { otherStates: number; otherRoles: number };
}

export interface VerifyReport {
  version: 2;
  source: 'generated' | 'live';
  /** 'connected': pairs some statement connects, plus a sample; 'all': every role against every state. */
  pairs: 'connected' | 'all';
  projects: ProjectReport[];
  violations: Array<TrustCell | OperationCell | ManagementCell>;
}

export const isViolation = (cell: TrustCell | OperationCell | ManagementCell): boolean => cell.expected !== cell.actual;
