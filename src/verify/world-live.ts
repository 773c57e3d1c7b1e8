// The verify world read from the account: the live roles (all their inline and attached policies),
// bucket policies, the operators' policy and the lock table's policy.
import type { Config } from '../config/types.ts';
import type { PolicyDocument } from '../iam/document.ts';
import type { Observed, ObservedRole } from '../model/observed.ts';
import { ASSUME_ROLES_POLICY, bucketArn, bucketName, planRoleArn, roleArn, roleName } from '../names/naming.ts';
import type { VerifyWorld, WorldRole } from './world.ts';

export function worldFromObserved(
  observed: Observed,
  config: Config,
  managed: ReadonlyMap<string, PolicyDocument>,
  lockTableArn?: string,
): VerifyWorld {
  const roles: WorldRole[] = observed.projects.flatMap(({ name, role, planRole }) => [
    liveRole(name, role, role.arn ?? roleArn(config.account, name), managed),
    // A plan role that does not exist yet is no principal: nothing can assume it.
    ...(planRole?.status === 'present'
      ? [
          {
            ...liveRole(name, planRole, planRole.arn ?? planRoleArn(config.account, name), managed),
            kind: 'plan' as const,
          },
        ]
      : []),
  ]);
  const operators = observed.shared.operators.policy;
  const lockTable = observed.shared.lockTable;
  return {
    source: 'live',
    config,
    roles,
    buckets: observed.projects.map(({ name, bucket }) => ({
      project: name,
      name: bucketName(name, config.account),
      arn: bucketArn(bucketName(name, config.account)),
      policy: bucket.status === 'present' ? (bucket.policy ?? null) : null,
    })),
    humansPolicy:
      operators.status === 'present' && operators.document && operators.attachedToGroup
        ? { name: ASSUME_ROLES_POLICY, document: operators.document }
        : null,
    ...(lockTable.status === 'present' && lockTableArn
      ? { lockTable: { arn: lockTableArn, policy: lockTable.policy ?? null } }
      : {}),
    ...(observed.environments
      ? {
          environments: observed.environments.map((e) => ({
            name: e.name,
            account: e.account,
            roles: e.roles
              .filter((r) => r.role.name === roleName(r.project))
              .map((r) => ({
                project: r.project,
                trust: r.role.status === 'present' ? (r.role.trust ?? null) : null,
              })),
          })),
        }
      : {}),
  };
}

function liveRole(
  project: string,
  role: ObservedRole,
  arn: string,
  managed: ReadonlyMap<string, PolicyDocument>,
): WorldRole {
  const world: WorldRole = {
    project,
    arn,
    trust: role.status === 'present' ? (role.trust ?? null) : null,
    inlinePolicies: Object.entries(role.inlinePolicies ?? {}).map(([policy, document]) => ({
      name: policy,
      document,
    })),
    // A policy the account would not show us is a read error in observe, never a silent gap here.
    managedPolicies: (role.managedPolicyArns ?? []).map((policy) => ({
      arn: policy,
      document: managed.get(policy)!,
      assumed: false,
    })),
  };
  if (role.permissionsBoundary)
    world.boundary = { name: role.permissionsBoundary, document: managed.get(role.permissionsBoundary)! };
  return world;
}

/** Every managed policy verify must read: attached ones and permissions boundaries, of both roles. */
export function managedPolicyArns(observed: Observed): string[] {
  return observed.projects.flatMap(({ role, planRole }) =>
    [role, ...(planRole ? [planRole] : [])].flatMap((r) => [
      ...(r.managedPolicyArns ?? []),
      ...(r.permissionsBoundary ? [r.permissionsBoundary] : []),
    ]),
  );
}
