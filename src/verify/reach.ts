// What a role's declared managed policies let it do outside state, against stateward's own controls.
// Bucket-level management stays with IAM by design (an admin can never be locked out), so a role that
// may rewrite another state bucket's policy can remove that bucket's fence, and the fence then stops
// only direct access. verify shows these as warnings with the fix; they are declared, not drift.
import { evaluateRequest, type NamedPolicy, statementLabel } from '../iam/index.ts';
import { bucketArn, bucketName, LOCK_TABLE, lockTableArn, roleArn } from '../model/naming.ts';
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
  const { account, region } = world.config;
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
    const bucket = bucketArn(bucketName(other, account));
    probes.push(
      {
        what: `rewrite another state bucket's policy, removing its fence (${bucketName(other, account)})`,
        action: 's3:PutBucketPolicy',
        resource: bucket,
      },
      {
        what: `delete another state bucket's policy (${bucketName(other, account)})`,
        action: 's3:DeleteBucketPolicy',
        resource: bucket,
      },
      {
        what: `change another project role's permissions (tf-${other})`,
        action: 'iam:PutRolePolicy',
        resource: roleArn(account, other),
      },
    );
  }
  if (world.lockTable)
    probes.push({
      what: `remove the lock table's fence (${LOCK_TABLE})`,
      action: 'dynamodb:DeleteResourcePolicy',
      resource: lockTableArn(region, account),
    });
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
  "give the role a permissionsBoundary that denies s3:PutBucketPolicy, s3:DeleteBucketPolicy and dynamodb:*ResourcePolicy on stateward's resources and iam:* on tf-* roles and tf-assume-roles, or narrow its managedPolicies";
