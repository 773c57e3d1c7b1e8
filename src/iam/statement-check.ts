// A statement IAM itself would reject is an error, not something to guess about: a missing
// Resource read as "everything" would report access that AWS never grants.
import { StatewardError } from '../errors.ts';
import { checkConditionBlock } from './condition-sets.ts';
import type { PolicyKind } from './decision.ts';
import type { Statement } from './document.ts';

function invalid(where: string, message: string, fix: string): never {
  throw new StatewardError('IAM_INVALID_STATEMENT', `${where}: ${message}`, fix);
}

export function checkStatement(statement: Statement, where: string, kind: PolicyKind): void {
  const withPrincipal = kind === 'resource' || kind === 'trust';
  if (statement.Effect !== 'Allow' && statement.Effect !== 'Deny') {
    invalid(
      where,
      `Effect must be "Allow" or "Deny", not ${JSON.stringify(statement.Effect)}.`,
      'Set Effect to Allow or Deny.',
    );
  }
  if ((statement.Action === undefined) === (statement.NotAction === undefined)) {
    invalid(where, 'a statement needs exactly one of Action and NotAction.', 'Keep either Action or NotAction.');
  }
  if (statement.Resource !== undefined && statement.NotResource !== undefined) {
    invalid(where, 'a statement cannot have both Resource and NotResource.', 'Keep either Resource or NotResource.');
  }
  // Trust policies alone leave the resource out: the role is the resource.
  if (kind !== 'trust' && statement.Resource === undefined && statement.NotResource === undefined) {
    invalid(where, 'a statement needs a Resource or NotResource.', 'Add "Resource": "*" or the ARNs it covers.');
  }
  if (withPrincipal && (statement.Principal === undefined) === (statement.NotPrincipal === undefined)) {
    invalid(
      where,
      'a resource or trust policy statement needs exactly one of Principal and NotPrincipal.',
      'Name the principal.',
    );
  }
  if (!withPrincipal && (statement.Principal !== undefined || statement.NotPrincipal !== undefined)) {
    invalid(
      where,
      'identity policies and permissions boundaries cannot name a Principal.',
      'Remove Principal/NotPrincipal.',
    );
  }
  checkConditionBlock(statement.Condition);
}
