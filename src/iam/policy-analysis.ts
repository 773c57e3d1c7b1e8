// Runs every statement of one policy against the request and sorts the ones that apply into
// Allows and Denies, remembering how each named the caller.
import type { PolicyKind, StatementRef } from './decision.ts';
import { asArray, type NamedPolicy, type OneOrMany, type Statement } from './document.ts';
import type { PrincipalMatch } from './principal.ts';
import { type PreparedRequest, statementApplies } from './statement.ts';
import { checkStatement } from './statement-check.ts';

export interface MatchedStatement {
  ref: StatementRef;
  principal: PrincipalMatch;
  /** The statement's Principal is `*` (or AWS `*`): such a grant also reaches a role's own ARN. */
  wildcardPrincipal: boolean;
}

export interface PolicyAnalysis {
  allows: MatchedStatement[];
  denies: MatchedStatement[];
}

function refOf(policy: NamedPolicy, kind: PolicyKind, statement: Statement, index: number): StatementRef {
  const ref: StatementRef = { policy: policy.name, kind, index, effect: statement.Effect };
  if (statement.Sid) ref.sid = statement.Sid;
  return ref;
}

function namesEveryone(statement: Statement): boolean {
  const principal = statement.Principal;
  if (principal === undefined) return false;
  if (principal === '*') return true;
  const aws = principal.AWS;
  return aws === '*' || (Array.isArray(aws) && aws.includes('*'));
}

export function analyzePolicies(
  policies: readonly NamedPolicy[],
  kind: PolicyKind,
  request: PreparedRequest,
  boundaryPresent: boolean,
): PolicyAnalysis {
  const withPrincipal = kind === 'resource' || kind === 'trust';
  const analysis: PolicyAnalysis = { allows: [], denies: [] };
  for (const policy of policies) {
    // Live documents may hold a single statement object instead of an array.
    asArray(policy.document.Statement as OneOrMany<Statement>).forEach((statement, index) => {
      checkStatement(statement, `${kind} policy "${policy.name}" statement ${statement.Sid ?? index}`, kind);
      const principal = statementApplies(statement, request, { withPrincipal, boundaryPresent });
      if (principal === undefined) return;
      const matched = {
        ref: refOf(policy, kind, statement, index),
        principal,
        wildcardPrincipal: namesEveryone(statement),
      };
      (statement.Effect === 'Deny' ? analysis.denies : analysis.allows).push(matched);
    });
  }
  return analysis;
}
