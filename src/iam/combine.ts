// Combines the per-policy analyses into one decision, following the AWS policy evaluation
// logic: an explicit Deny anywhere wins; within one account an identity OR a resource policy
// may allow; across accounts both must; a permissions boundary caps identity-based allows
// (and resource grants to a role ARN), but not resource grants naming a user or a session.
import type { Caller } from './caller.ts';
import type { Decision, DecisionReason, StatementRef } from './decision.ts';
import type { MatchedStatement, PolicyAnalysis } from './policy-analysis.ts';

export interface Analyses {
  identity: PolicyAnalysis;
  resource?: PolicyAnalysis;
  boundary?: PolicyAnalysis;
}

export interface CombineOptions {
  caller: Caller;
  sameAccount: boolean;
  /**
   * S3 and most services trust their own account's identity policies. A role trust policy does
   * not: even within the account it must name the caller, or name the account (and then the
   * caller's identity policies must also allow).
   */
  accountTrust: 'implicit' | 'explicit';
}

const refs = (statements: readonly MatchedStatement[]): StatementRef[] => statements.map((s) => s.ref);
const allow = (statements: StatementRef[]): Decision => ({ decision: 'Allow', reason: 'allowed', statements });
const implicitDeny = (reason: DecisionReason): Decision => ({ decision: 'ImplicitDeny', reason, statements: [] });

/** Resource grants that survive a boundary that allows nothing (AWS: those naming the user or session ARN). */
function boundaryBypass(resourceAllows: readonly MatchedStatement[], caller: Caller): MatchedStatement[] {
  const direct = resourceAllows.filter((s) => s.principal === 'direct');
  if (caller.kind === 'user' || caller.kind === 'role-session' || caller.kind === 'federated-user') return direct;
  if (caller.kind === 'role') return direct.filter((s) => s.wildcardPrincipal);
  return [];
}

function denialReason(
  identityAllows: number,
  resourceDirect: number,
  resourceAccount: number,
  identityGrants: boolean,
): DecisionReason {
  if (identityAllows > 0 && !identityGrants) return 'resource-no-allow';
  if (resourceAccount > 0 && identityAllows === 0 && resourceDirect === 0) return 'identity-no-allow';
  return 'no-allow';
}

function sameAccount(a: Analyses, options: CombineOptions): Decision {
  const resourceAllows = a.resource?.allows ?? [];
  const direct = resourceAllows.filter((s) => s.principal !== 'account');
  const account = resourceAllows.filter((s) => s.principal === 'account');
  const identityAllows = a.identity.allows;
  const identityGrants = identityAllows.length > 0 && (options.accountTrust === 'implicit' || account.length > 0);
  const boundaryAllows = a.boundary?.allows ?? [];
  if (a.boundary && boundaryAllows.length === 0) {
    const bypass = boundaryBypass(resourceAllows, options.caller);
    if (bypass.length > 0) return allow(refs(bypass));
    if (identityGrants || direct.length > 0) return implicitDeny('boundary-no-allow');
  } else {
    const granted = identityGrants
      ? [...identityAllows, ...(options.accountTrust === 'explicit' ? account : []), ...boundaryAllows, ...direct]
      : direct;
    if (granted.length > 0) return allow(refs(granted));
  }
  return implicitDeny(denialReason(identityAllows.length, direct.length, account.length, identityGrants));
}

function crossAccount(a: Analyses): Decision {
  const resourceGrants = a.resource?.allows ?? [];
  const identityAllows = a.identity.allows;
  if (identityAllows.length === 0) return implicitDeny(resourceGrants.length > 0 ? 'identity-no-allow' : 'no-allow');
  if (resourceGrants.length === 0) return implicitDeny('resource-no-allow');
  const boundaryAllows = a.boundary?.allows ?? [];
  if (a.boundary && boundaryAllows.length === 0) return implicitDeny('boundary-no-allow');
  return allow(refs([...identityAllows, ...boundaryAllows, ...resourceGrants]));
}

export function combine(a: Analyses, options: CombineOptions): Decision {
  const denies = [...a.identity.denies, ...(a.boundary?.denies ?? []), ...(a.resource?.denies ?? [])];
  if (denies.length > 0) return { decision: 'ExplicitDeny', reason: 'explicit-deny', statements: refs(denies) };
  if (options.caller.kind === 'service') {
    const granted = (a.resource?.allows ?? []).filter((s) => s.principal !== 'account');
    return granted.length > 0 ? allow(refs(granted)) : implicitDeny('no-allow');
  }
  return options.sameAccount ? sameAccount(a, options) : crossAccount(a);
}
