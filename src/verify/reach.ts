// What a role's declared managed policies let it do to stateward's IAM side: no resource policy guards a
// role or a managed policy, so a role that may rewrite them could undo the rest. verify shows these as
// warnings with the fix; they are declared, not drift. The stores themselves (bucket settings, the lock
// table, KMS keys) are probed with every policy in force by management.ts, and an allowed one is a violation.
import { evaluateRequest, type NamedPolicy, statementLabel } from '../iam/index.ts';
import { roleArn } from '../names/naming.ts';
import { sessionArn } from './sessions.ts';
import type { VerifyWorld, WorldRole } from './world.ts';

export interface ReachProbe {
  what: string;
  action: string;
  resource: string;
  allowed: boolean;
  decidedBy: string[];
}

export function managedPolicyReach(world: VerifyWorld, role: WorldRole): ReachProbe[] {
  if (role.managedPolicies.length === 0) return [];
  const { account } = world.config;
  const other = world.config.projects.find((p) => p.name !== role.project)?.name;
  const probes: Array<Omit<ReachProbe, 'allowed' | 'decidedBy'>> = [
    { what: 'edit its own trust policy (who may become it)', action: 'iam:UpdateAssumeRolePolicy', resource: role.arn },
    {
      what: 'remove the tf-operators or any other IAM policy',
      action: 'iam:DeletePolicy',
      resource: `arn:aws:iam::${account}:policy/tf-assume-roles`,
    },
  ];
  if (other) {
    probes.push({
      what: `change another project role's permissions (tf-${other})`,
      action: 'iam:PutRolePolicy',
      resource: roleArn(account, other),
    });
  }
  const identity: NamedPolicy[] = role.managedPolicies.map((m) => ({
    name: m.arn.split('/').pop()!,
    document: m.document,
  }));
  return probes.map((probe) => {
    const decision = evaluateRequest({
      identityPolicies: identity,
      ...(role.boundary ? { permissionsBoundary: role.boundary } : {}),
      resourceAccount: account,
      request: {
        principal: { arn: sessionArn(role.arn), accountId: account },
        action: probe.action,
        resource: probe.resource,
        context: { 'aws:PrincipalArn': role.arn, 'aws:SecureTransport': true },
      },
    });
    return { ...probe, allowed: decision.decision === 'Allow', decidedBy: decision.statements.map(statementLabel) };
  });
}

export const REACH_FIX =
  'give the role the boundary `stateward policy --kind boundary` prints (it denies changes to tf-* roles and policies), or narrow its managedPolicies';
