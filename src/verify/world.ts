// The policies verify evaluates: every project's role and bucket policy, and the humans' group
// policy. Offline they come from the generated documents; live, from the account.
import type { Config } from '../config/types.ts';
import type { NamedPolicy, PolicyDocument } from '../iam/document.ts';
import type { Desired } from '../model/types.ts';
import { ASSUME_ROLES_POLICY } from '../names/naming.ts';
import { buildStateBoundary, stateBoundaryArn } from '../policy/boundary.ts';
import { type ManagedPolicyDocument, offlineManagedPolicy } from './managed-policies.ts';

export interface WorldRole {
  project: string;
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
    roles: desired.projects.map((p) => {
      const role: WorldRole = {
        project: p.name,
        arn: p.role.arn,
        trust: p.role.trust,
        inlinePolicies: Object.entries(p.role.inlinePolicies).map(([name, document]) => ({ name, document })),
        managedPolicies: p.role.managedPolicyArns.map(offlineManagedPolicy),
      };
      // The boundary `stateward policy --kind boundary` prints is known offline; any other is assumed broad.
      if (p.role.permissionsBoundary)
        role.boundary = {
          name: p.role.permissionsBoundary,
          document:
            p.role.permissionsBoundary === stateBoundaryArn(config.account)
              ? buildStateBoundary(config)
              : offlineManagedPolicy(p.role.permissionsBoundary).document,
        };
      return role;
    }),
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
      roles: e.roles.map((r) => ({ project: r.project, trust: r.role.trust })),
    }));
  return world;
}

export function identityPoliciesOf(role: WorldRole): NamedPolicy[] {
  return [
    ...role.inlinePolicies,
    ...role.managedPolicies.map((m) => ({ name: m.arn.split('/').pop()!, document: m.document })),
  ];
}
