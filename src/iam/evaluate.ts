// evaluateRequest: may this caller make this API request, given its identity policies, an
// optional permissions boundary and the resource's own policy (e.g. the bucket policy)?
import { arnAccount } from './arn.ts';
import { describeCaller } from './caller.ts';
import { type Analyses, type CombineOptions, combine } from './combine.ts';
import { indexContext, type RequestContext } from './context.ts';
import type { Decision, PolicyKind } from './decision.ts';
import type { NamedPolicy } from './document.ts';
import { analyzePolicies } from './policy-analysis.ts';
import type { PreparedRequest } from './statement.ts';

export interface RequestEvaluation {
  /** The caller's identity policies (inline and attached, including those of its groups). */
  identityPolicies: readonly NamedPolicy[];
  /** The resource's policy, e.g. the bucket policy. */
  resourcePolicy?: NamedPolicy;
  /** The account owning the resource; defaults to the resource ARN's account, else the caller's (S3 ARNs carry none). */
  resourceAccount?: string;
  permissionsBoundary?: NamedPolicy;
  request: RequestContext;
}

export function prepareRequest(request: RequestContext): PreparedRequest {
  return {
    caller: describeCaller(request.principal),
    action: request.action,
    resource: request.resource,
    context: indexContext(request.context),
  };
}

interface CoreEvaluation extends RequestEvaluation {
  resourceKind: Extract<PolicyKind, 'resource' | 'trust'>;
  accountTrust: CombineOptions['accountTrust'];
}

export function evaluateWith(input: CoreEvaluation): Decision {
  const request = prepareRequest(input.request);
  const boundaryPresent = input.permissionsBoundary !== undefined;
  const analyses: Analyses = {
    identity: analyzePolicies(input.identityPolicies, 'identity', request, boundaryPresent),
  };
  if (input.permissionsBoundary) {
    analyses.boundary = analyzePolicies([input.permissionsBoundary], 'boundary', request, boundaryPresent);
  }
  if (input.resourcePolicy) {
    analyses.resource = analyzePolicies([input.resourcePolicy], input.resourceKind, request, boundaryPresent);
  }
  const resourceAccount =
    input.resourceAccount ?? arnAccount(input.request.resource) ?? input.request.principal.accountId;
  return combine(analyses, {
    caller: request.caller,
    sameAccount: request.caller.accountId === resourceAccount,
    accountTrust: input.accountTrust,
  });
}

export function evaluateRequest(input: RequestEvaluation): Decision {
  return evaluateWith({ ...input, resourceKind: 'resource', accountTrust: 'implicit' });
}
