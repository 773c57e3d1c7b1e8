// Whether a session can carry out one Terraform backend operation: every required request of the
// operation, as the backend sends it, must be allowed; a tolerated request may be denied.
import type { BackendRequest } from '../backend/index.ts';
import { requestsFor } from '../backend/index.ts';
import type { Config } from '../config/types.ts';
import { type Decision, evaluateRequest, type NamedPolicy, statementLabel } from '../iam/index.ts';
import { backendTarget, type StateTarget, type VerifyOperation } from './targets.ts';

export interface Session {
  /** The caller as AWS sees it (a role session ARN, or a user ARN). */
  callerArn: string;
  /** aws:PrincipalArn: the role (or user) behind the session. */
  principalArn: string;
  accountId: string;
  identityPolicies: NamedPolicy[];
  boundary?: NamedPolicy;
}

export interface OperationOutcome {
  allowed: boolean;
  /** Statement labels that decided: the allowing ones, or those behind the first refused request. */
  decidedBy: string[];
  /** One line: which request was refused and why, or which request's grant was shown. */
  detail: string;
}

/** The resource-based policy guarding a resource ARN (a bucket's, the lock table's), if any. */
export type ResourcePolicyLookup = (resourceArn: string) => NamedPolicy | undefined;

/** Where the state lives: its account owns the bucket, the lock table and (we assume) the KMS key. */
export interface StateAccount {
  config: Config;
  resourcePolicy: ResourcePolicyLookup;
}

export function evaluateOperation(
  session: Session,
  operation: VerifyOperation,
  target: StateTarget,
  where: StateAccount,
): OperationOutcome {
  const stateExists = operation !== 'apply-new';
  const requests = requestsFor(operation === 'apply-new' ? 'apply' : operation, backendTarget(where.config, target), {
    stateExists,
  });
  let lastAllowed: { request: BackendRequest; decision: Decision } | undefined;
  for (const request of requests) {
    const decision = evaluateBackendRequest(session, request, where);
    if (decision.decision !== 'Allow' && request.need === 'required') return refused(request, decision);
    if (request.whenStateMissing) {
      const listing = evaluateBackendRequest(session, { ...request, ...request.whenStateMissing.alsoNeeds }, where);
      // Without an effective s3:ListBucket, AWS answers the HeadObject of a missing state with 403.
      if (listing.decision !== 'Allow')
        return refused(
          { ...request, ...request.whenStateMissing.alsoNeeds },
          listing,
          'HeadObject of the missing state answers 403 without s3:ListBucket; ',
        );
    }
    if (decision.decision === 'Allow' && request.need === 'required') lastAllowed = { request, decision };
  }
  if (!lastAllowed) return { allowed: true, decidedBy: [], detail: 'no request needed' };
  return {
    allowed: true,
    decidedBy: lastAllowed.decision.statements.map(statementLabel),
    detail: `${lastAllowed.request.action} ${lastAllowed.request.resource}`,
  };
}

/** One request of the backend, as AWS decides it for this session. */
export function evaluateBackendRequest(
  session: Session,
  request: Pick<BackendRequest, 'action' | 'resource' | 'context'>,
  where: StateAccount,
): Decision {
  const resourcePolicy = where.resourcePolicy(request.resource);
  return evaluateRequest({
    identityPolicies: session.identityPolicies,
    ...(session.boundary ? { permissionsBoundary: session.boundary } : {}),
    ...(resourcePolicy ? { resourcePolicy } : {}),
    resourceAccount: where.config.account,
    request: {
      principal: { arn: session.callerArn, accountId: session.accountId },
      action: request.action,
      resource: request.resource,
      context: {
        'aws:PrincipalArn': session.principalArn,
        'aws:PrincipalAccount': session.accountId,
        'aws:SecureTransport': true,
        // S3 puts the bucket owner's account in every request's context.
        ...(request.action.startsWith('s3:') ? { 's3:ResourceAccount': where.config.account } : {}),
        ...request.context,
      },
    },
  });
}

function refused(
  request: Pick<BackendRequest, 'action' | 'resource'>,
  decision: Decision,
  prefix = '',
): OperationOutcome {
  const why = decision.decision === 'ExplicitDeny' ? 'explicitly denied' : 'not allowed by any statement';
  return {
    allowed: false,
    decidedBy: decision.statements.map(statementLabel),
    detail: `${prefix}${request.action} on ${request.resource} is ${why}`,
  };
}
