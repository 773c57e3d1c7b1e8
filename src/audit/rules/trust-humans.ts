// Trust to AWS principals: named humans only with MFA, and never the account root or everyone without conditions.
import type { Statement } from '../../iam/document.ts';
import { MAX_SESSION_SECONDS } from '../../names/naming.ts';
import type { AuditContext } from '../context.ts';
import { applyOr, shellJson } from '../fixes.ts';
import { conditionsOn } from '../statements.ts';
import { awsPrincipalStatements, withStatement } from '../trust-statements.ts';
import type { Hit, Rule } from '../types.ts';

const isRootOrEveryone = (principal: string): boolean =>
  principal === '*' || /^\d{12}$/.test(principal) || /^arn:[^:]+:iam::\d{12}:root$/.test(principal);

function unconditionedRootOrEveryone(s: ReturnType<typeof awsPrincipalStatements>[number]): string[] {
  if (Object.keys(s.statement.Condition ?? {}).length > 0) return [];
  return s.principals.filter(isRootOrEveryone);
}

export const trustRootOrEveryone: Rule<AuditContext> = {
  meta: {
    id: 'SW-TRUST-005',
    severity: 'high',
    title: 'Trust to the account root or everyone without conditions',
    rationale:
      'Root or "*" without conditions hands the role to every identity that may call sts:AssumeRole, with no MFA.',
  },
  check: (context) =>
    context.readableRoles.flatMap((role) =>
      awsPrincipalStatements(role).flatMap((s): Hit[] => {
        const wide = unconditionedRootOrEveryone(s);
        if (wide.length === 0) return [];
        return [
          {
            project: role.project,
            resource: role.arn,
            message: `Role ${role.name} trusts ${wide.join(', ')} without any condition: every identity there with sts:AssumeRole can become it.`,
            evidence: `${s.label}: Principal AWS ${wide.join(', ')}, no Condition`,
            fix: applyOr(
              context,
              role.project,
              `name the IAM users instead of ${wide.join(', ')} and require MFA (Bool aws:MultiFactorAuthPresent = true), then aws iam update-assume-role-policy --role-name ${role.name} --policy-document file://trust.json`,
            ),
          },
        ];
      }),
    ),
};

const MFA_OPERATOR = /^Bool$/;

export const humansWithoutMfa: Rule<AuditContext> = {
  meta: {
    id: 'SW-TRUST-004',
    severity: 'high',
    title: 'Human trust without MFA',
    rationale: 'A leaked long-lived access key alone must not be enough to reach state.',
  },
  check: (context) =>
    context.readableRoles.flatMap((role) =>
      awsPrincipalStatements(role).flatMap((s): Hit[] => {
        if (unconditionedRootOrEveryone(s).length > 0) return [];
        const mfa = conditionsOn(s.statement, 'aws:MultiFactorAuthPresent').some(
          (e) => MFA_OPERATOR.test(e.operator) && e.values.every((v) => v.toLowerCase() === 'true'),
        );
        if (mfa) return [];
        const ifExists = conditionsOn(s.statement, 'aws:MultiFactorAuthPresent').some(
          (e) => e.operator === 'BoolIfExists',
        );
        const document = withStatement(role.observed.trust!, s.index, requireMfa(s.statement));
        return [
          {
            project: role.project,
            resource: role.arn,
            message: `Role ${role.name} can be assumed by ${s.principals.join(', ')} without MFA.`,
            evidence: `${s.label}: ${ifExists ? 'BoolIfExists aws:MultiFactorAuthPresent passes for long-term keys, which carry no MFA key' : 'no Bool aws:MultiFactorAuthPresent = true condition'}`,
            fix: applyOr(
              context,
              role.project,
              `aws iam update-assume-role-policy --role-name ${role.name} --policy-document ${shellJson(document)}`,
            ),
          },
        ];
      }),
    ),
};

/** The statement with Bool aws:MultiFactorAuthPresent = true and a fresh-MFA age, any BoolIfExists on it dropped. */
function requireMfa(statement: Statement): Statement {
  const condition = structuredClone(statement.Condition ?? {});
  for (const operator of Object.keys(condition)) {
    for (const key of Object.keys(condition[operator] ?? {}))
      if (key.toLowerCase() === 'aws:multifactorauthpresent') delete condition[operator]![key];
    if (Object.keys(condition[operator] ?? {}).length === 0) delete condition[operator];
  }
  condition.Bool = { ...(condition.Bool ?? {}), 'aws:MultiFactorAuthPresent': 'true' };
  condition.NumericLessThanEquals = {
    ...(condition.NumericLessThanEquals ?? {}),
    'aws:MultiFactorAuthAge': String(MAX_SESSION_SECONDS),
  };
  return { ...statement, Condition: condition };
}
