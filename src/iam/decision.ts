// What an evaluation returns: the verdict, why, and the statements that decided it, so that
// `verify` can print the deciding statement for every cell of its matrix.

export type Verdict = 'Allow' | 'ExplicitDeny' | 'ImplicitDeny';

/** Where a statement came from. */
export type PolicyKind = 'identity' | 'resource' | 'boundary' | 'trust';

export interface StatementRef {
  /** The NamedPolicy's name. */
  policy: string;
  kind: PolicyKind;
  /** Position in the policy's Statement array, from 0. */
  index: number;
  sid?: string;
  effect: 'Allow' | 'Deny';
}

export type DecisionReason =
  | 'explicit-deny' // statements: every matching Deny
  | 'allowed' // statements: the Allows that granted (and the boundary Allows that let them through)
  | 'no-allow' // nothing allows the request
  | 'boundary-no-allow' // an Allow exists, but the permissions boundary allows nothing here
  | 'resource-no-allow' // identity allows, but the resource/trust policy does not grant this caller
  | 'identity-no-allow'; // the resource/trust policy grants the caller's account, its identity policies do not allow

export interface Decision {
  decision: Verdict;
  reason: DecisionReason;
  /** Empty for ImplicitDeny: no statement decided it. */
  statements: StatementRef[];
}

/** "policy/Sid" or "policy/#index", e.g. for a verify cell. */
export function statementLabel(ref: StatementRef): string {
  return `${ref.policy}/${ref.sid ?? `#${ref.index}`}`;
}
