// The oracle: @cloud-copilot/iam-simulate (AGPL, test-only), driven with the same inputs as our
// evaluator. runUnsafeSimulation is used throughout because runSimulation drops context keys it
// does not associate with the action (e.g. token.actions.githubusercontent.com:sub), and the
// policies go in through createValidatedPolicy, which also carries the name the engine needs.

import {
  createValidatedPolicy,
  type ValidationError,
  validateIdentityPolicy,
  validateResourcePolicy,
  validateTrustPolicy,
} from '@cloud-copilot/iam-policy';
import { runUnsafeSimulation } from '@cloud-copilot/iam-simulate';
import type { ContextValue, NamedPolicy, RequestContext, Verdict } from '../../src/iam/index.ts';

export interface OracleInput {
  identityPolicies: readonly NamedPolicy[];
  resourcePolicy?: NamedPolicy;
  resourceAccount?: string;
  permissionsBoundary?: NamedPolicy;
  request: RequestContext;
  /** The resource policy is a role trust policy. */
  trust?: boolean;
}

const VERDICTS = { Allowed: 'Allow', ExplicitlyDenied: 'ExplicitDeny', ImplicitlyDenied: 'ImplicitDeny' } as const;

function contextVariables(context: Readonly<Record<string, ContextValue>>): Record<string, string | string[]> {
  return Object.fromEntries(
    Object.entries(context).map(([key, value]) => [key, Array.isArray(value) ? value.map(String) : String(value)]),
  );
}

function validated(policy: NamedPolicy, validate: (document: unknown) => ValidationError[]) {
  const result = createValidatedPolicy(policy.document, validate, { name: policy.name });
  if (result.errors.length > 0) {
    throw new Error(`generated policy "${policy.name}" is not valid IAM: ${JSON.stringify(result.errors)}`);
  }
  return result;
}

function resourceAccountOf(input: OracleInput): string {
  if (input.resourceAccount) return input.resourceAccount;
  const account = input.request.resource.split(':')[4];
  return account || input.request.principal.accountId;
}

export function oracleVerdict(input: OracleInput): Verdict {
  const result = runUnsafeSimulation(
    {
      identityPolicies: input.identityPolicies.map((p) => ({
        name: p.name,
        policy: validated(p, validateIdentityPolicy),
      })),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: input.resourcePolicy
        ? validated(input.resourcePolicy, input.trust ? validateTrustPolicy : validateResourcePolicy)
        : undefined,
      permissionBoundaryPolicies: input.permissionsBoundary
        ? [
            {
              name: input.permissionsBoundary.name,
              policy: validated(input.permissionsBoundary, validateIdentityPolicy),
            },
          ]
        : undefined,
      request: {
        principal: input.request.principal.arn,
        action: input.request.action,
        resource: { resource: input.request.resource, accountId: resourceAccountOf(input) },
        contextVariables: contextVariables(input.request.context),
      },
    },
    {},
  );
  return VERDICTS[result];
}
