// The policies verify evaluates: every project's role and bucket policy, and the humans' group
// policy. Offline they come from the generated documents; live, from the account.
import type { Config } from '../config/types.ts';
import type { NamedPolicy, PolicyDocument } from '../iam/document.ts';
import type { Desired, DesiredRole } from '../model/types.ts';
import { ASSUME_ROLES_POLICY } from '../names/naming.ts';
import { buildStateBoundary, stateBoundaryArn } from '../policy/boundary.ts';
import { type ManagedPolicyDocument, offlineManagedPolicy } from './managed-policies.ts';

export interface WorldRole {
  project: string;
  /** 'plan' for tf-<project>.plan, the role pull requests assume; absent for the apply role. */
  kind?: 'plan';
  arn: string;
  trust: PolicyDocument | null;
  inlinePolicies: NamedPolicy[];
  managedPolicies: ManagedPolicyDocument[];
  boundary?: NamedPolicy;
}

export interface WorldBucket {
  project: string;
  name: string;
  arn: string;
  policy: PolicyDocument | null;
}

export interface VerifyWorld {
  source: 'generated' | 'live';
  config: Config;
  roles: WorldRole[];
  buckets: WorldBucket[];
  /** The tf-operators group's policy, held by every listed human. */
  humansPolicy: NamedPolicy | null;
  /** The DynamoDB lock table's resource-based policy (the lock fence), when there is a table. */
  lockTable?: { arn: string; policy: PolicyDocument | null };
  /** The deploy roles' trust in each environment account (seed 002); null for a role that does not exist. */
  environments?: Array<{
    name: string;
    account: string;
    roles: Array<{ project: string; trust: PolicyDocument | null }>;
  }>;
}

export function worldFromDesired(desired: Desired, config: Config): VerifyWorld {
  const world: VerifyWorld = {
    source: 'generated',
    config,
    roles: desired.projects.flatMap((p) => [
      worldRole(p.name, p.role, config),
      ...(p.planRole ? [{ ...worldRole(p.name, p.planRole, config), kind: 'plan' as const }] : []),
    ]),
    buckets: desired.projects.map((p) => ({
      project: p.name,
      name: p.bucket.name,
      arn: p.bucket.arn,
      policy: p.bucket.policy,
    })),
    humansPolicy: { name: ASSUME_ROLES_POLICY, document: desired.shared.operators.policy },
    ...(desired.shared.lockTable
      ? { lockTable: { arn: desired.shared.lockTable.arn, policy: desired.shared.lockTable.policy ?? null } }
      : {}),
  };
  if (desired.environments)
    world.environments = desired.environments.map((e) => ({
      name: e.name,
      account: e.account,
      // The chain is the deploy roles'; the plan roles' counterparts are reached the same way from tf-<p>.plan.
      roles: e.roles.filter((r) => r.kind !== 'plan').map((r) => ({ project: r.project, trust: r.role.trust })),
    }));
  return world;
}

function worldRole(project: string, desired: DesiredRole, config: Config): WorldRole {
  const role: WorldRole = {
    project,
    arn: desired.arn,
    trust: desired.trust,
    inlinePolicies: Object.entries(desired.inlinePolicies).map(([name, document]) => ({ name, document })),
    managedPolicies: desired.managedPolicyArns.map(offlineManagedPolicy),
  };
  // The boundary `stateward policy --kind boundary` prints is known offline; any other is assumed broad.
  if (desired.permissionsBoundary)
    role.boundary = {
      name: desired.permissionsBoundary,
      document:
        desired.permissionsBoundary === stateBoundaryArn(config.account)
          ? buildStateBoundary(config)
          : offlineManagedPolicy(desired.permissionsBoundary).document,
    };
  return role;
}

/** The project's apply role, tf-<project>. */
export const applyRoleOf = (world: VerifyWorld, project: string): WorldRole | undefined =>
  world.roles.find((r) => r.project === project && r.kind !== 'plan');

/** The project's plan role, tf-<project>.plan, when it has one. */
export const planRoleOf = (world: VerifyWorld, project: string): WorldRole | undefined =>
  world.roles.find((r) => r.project === project && r.kind === 'plan');

export function identityPoliciesOf(role: WorldRole): NamedPolicy[] {
  return [
    ...role.inlinePolicies,
    ...role.managedPolicies.map((m) => ({ name: m.arn.split('/').pop()!, document: m.document })),
  ];
}
