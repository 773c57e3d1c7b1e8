// The humans' group tf-operators: its only permission is sts:AssumeRole on tf-* roles; the roles' trust
// policies decide who becomes which, with MFA.
import type { Statement } from '../../iam/document.ts';
import { ASSUME_ROLES_POLICY, assumeRolesPolicyArn, OPERATORS_GROUP, ROLE_PREFIX } from '../../names/naming.ts';
import type { AuditContext } from '../context.ts';
import { labelledStatements, listOf } from '../statements.ts';
import type { Hit, Rule } from '../types.ts';

/** What a statement allows beyond sts:AssumeRole on this account's tf-* roles. */
function excess(statement: Statement, account: string): string[] {
  const problems: string[] = [];
  if (statement.NotAction !== undefined) problems.push(`NotAction ${listOf(statement.NotAction).join(', ')}`);
  problems.push(
    ...listOf(statement.Action)
      .filter((a) => a.toLowerCase() !== 'sts:assumerole')
      .map((a) => `Action ${a}`),
  );
  if (statement.NotResource !== undefined) problems.push(`NotResource ${listOf(statement.NotResource).join(', ')}`);
  const rolePrefix = `arn:aws:iam::${account}:role/${ROLE_PREFIX}`;
  problems.push(
    ...listOf(statement.Resource)
      .filter((r) => !r.startsWith(rolePrefix))
      .map((r) => `Resource ${r}`),
  );
  return problems;
}

export const operatorsHoldMore: Rule<AuditContext> = {
  meta: {
    id: 'SW-HUMANS-001',
    severity: 'high',
    title: `Group ${OPERATORS_GROUP} holds more than sts:AssumeRole on tf-*`,
    rationale:
      'Humans must reach state only through a project role, with MFA; anything else on their group bypasses the roles.',
  },
  check: (context) => {
    const { account } = context.snapshot;
    return labelledStatements(context.snapshot.operators.policies)
      .filter((s) => s.statement.Effect === 'Allow')
      .flatMap((s): Hit[] => {
        const problems = excess(s.statement, account);
        if (problems.length === 0) return [];
        return [
          {
            project: null,
            resource: `arn:aws:iam::${account}:group/${OPERATORS_GROUP}`,
            message: `Group ${OPERATORS_GROUP} grants its members more than assuming tf-* roles: ${problems.join('; ')}.`,
            evidence: `${s.label}: ${problems.join('; ')}`,
            fix: operatorsFix(s.policy, account, context.snapshot.config !== undefined),
          },
        ];
      });
  },
};

/** Attached policies are named by ARN, inline ones by name. With a config, apply removes either. */
function operatorsFix(policy: string, account: string, withConfig: boolean): string {
  if (policy === assumeRolesPolicyArn(account)) {
    return `Run \`stateward apply\` (it rewrites ${ASSUME_ROLES_POLICY} to sts:AssumeRole on arn:aws:iam::${account}:role/${ROLE_PREFIX}*), or create a new default version of ${policy} with only that statement.`;
  }
  const byHand = policy.startsWith('arn:')
    ? `aws iam detach-group-policy --group-name ${OPERATORS_GROUP} --policy-arn ${policy}`
    : `aws iam delete-group-policy --group-name ${OPERATORS_GROUP} --policy-name ${policy}`;
  const apply = withConfig
    ? `Run \`stateward apply\` (it ${policy.startsWith('arn:') ? 'detaches' : 'deletes'} every policy of ${OPERATORS_GROUP} but ${ASSUME_ROLES_POLICY}), or by hand: `
    : '';
  return `${apply}${byHand} (grant humans through a project role instead)`;
}
