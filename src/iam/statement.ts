// Does one statement apply to the request? Action, resource, principal (resource and trust
// policies only) and conditions must all match.
import { actionsMatch } from './action.ts';
import type { Caller } from './caller.ts';
import { conditionBlockHolds } from './condition-sets.ts';
import type { ContextIndex } from './context.ts';
import { asArray, type Statement } from './document.ts';
import { notPrincipalDenies } from './not-principal.ts';
import { notPrincipalAllowMatch, type PrincipalMatch, principalMatch } from './principal.ts';
import { notResourcesMatch, resourcesMatch } from './resource.ts';

export interface PreparedRequest {
  caller: Caller;
  action: string;
  resource: string;
  context: ContextIndex;
}

export interface StatementOptions {
  /** Resource and trust policies name principals; identity policies and boundaries do not. */
  withPrincipal: boolean;
  /** The caller has a permissions boundary (changes how Deny + NotPrincipal applies). */
  boundaryPresent: boolean;
}

function principalOf(statement: Statement, request: PreparedRequest, options: StatementOptions): PrincipalMatch {
  if (!options.withPrincipal) return 'direct';
  if (statement.NotPrincipal !== undefined) {
    // AWS: Deny + NotPrincipal "will always deny any IAM principal that has a permissions
    // boundary policy attached, regardless of the values specified in the NotPrincipal element".
    if (statement.Effect === 'Deny') {
      return options.boundaryPresent || notPrincipalDenies(statement.NotPrincipal, request.caller) ? 'direct' : 'none';
    }
    return notPrincipalAllowMatch(statement.NotPrincipal, request.caller);
  }
  return statement.Principal === undefined ? 'none' : principalMatch(statement.Principal, request.caller);
}

function resourceMatches(statement: Statement, request: PreparedRequest): boolean {
  if (statement.NotResource !== undefined)
    return notResourcesMatch(asArray(statement.NotResource), request.resource, request.context);
  // Trust policies have no Resource element: the role itself is the resource.
  if (statement.Resource === undefined) return true;
  return resourcesMatch(asArray(statement.Resource), request.resource, request.context);
}

function actionMatches(statement: Statement, action: string): boolean {
  if (statement.NotAction !== undefined) return !actionsMatch(asArray(statement.NotAction), action);
  return actionsMatch(asArray(statement.Action), action);
}

/** How the statement names the caller when it applies to the request, or undefined when it does not. */
export function statementApplies(
  statement: Statement,
  request: PreparedRequest,
  options: StatementOptions,
): PrincipalMatch | undefined {
  if (!actionMatches(statement, request.action) || !resourceMatches(statement, request)) return undefined;
  const principal = principalOf(statement, request, options);
  if (principal === 'none') return undefined;
  return conditionBlockHolds(statement.Condition, request.context) ? principal : undefined;
}
