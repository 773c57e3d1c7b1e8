// evaluateTrust: may this caller assume the role? The role's trust policy is the resource
// policy of sts:AssumeRole / AssumeRoleWithWebIdentity / AssumeRoleWithSAML, with the one
// difference that it must grant the caller even inside the role's own account.
import type { RequestContext } from './context.ts';
import type { Decision } from './decision.ts';
import type { NamedPolicy } from './document.ts';
import { evaluateWith } from './evaluate.ts';

export interface TrustEvaluation {
  trustPolicy: NamedPolicy;
  /** action: e.g. 'sts:AssumeRole'; resource: the role ARN; principal: the caller (user, session, or identity provider ARN). */
  request: RequestContext;
  /**
   * The caller's identity policies. Needed when the trust policy names the caller's account
   * rather than the caller: then the caller also needs sts:AssumeRole in its own policies.
   * Web identity and SAML callers have none.
   */
  identityPolicies?: readonly NamedPolicy[];
  permissionsBoundary?: NamedPolicy;
}

export function evaluateTrust(input: TrustEvaluation): Decision {
  return evaluateWith({
    identityPolicies: input.identityPolicies ?? [],
    resourcePolicy: input.trustPolicy,
    ...(input.permissionsBoundary ? { permissionsBoundary: input.permissionsBoundary } : {}),
    request: input.request,
    resourceKind: 'trust',
    accountTrust: 'explicit',
  });
}
