// Config -> the environment accounts' part of Desired (seed 002): per account the deploy role of each project
// that deploys there, the GitHub OIDC provider when a deploy role trusts GitHub, and on each administrative
// role the policy that reaches its deploy roles.
import type { Config, EnvironmentAccount } from '../config/types.ts';
import type { DesiredEnvironment, DesiredEnvironmentRole, DesiredProject, Tags } from '../model/types.ts';
import {
  ASSUME_ENVIRONMENTS_POLICY_NAME,
  environmentPlanRoleArn,
  environmentRoleArn,
  managementRoleArn,
} from '../names/environments.ts';
import * as naming from '../names/naming.ts';
import {
  buildAssumeEnvironmentsPolicy,
  buildEnvironmentPlanTrust,
  buildEnvironmentTrust,
} from '../policy/environment-roles.ts';
import { hasPlanRole } from '../policy/roles.ts';

export function buildEnvironments(config: Config, projectTags: (name: string) => Tags): DesiredEnvironment[] {
  return (config.environments ?? []).map((environment) => desiredEnvironment(environment, config, projectTags));
}

function desiredEnvironment(
  environment: EnvironmentAccount,
  config: Config,
  projectTags: (name: string) => Tags,
): DesiredEnvironment {
  const roles: DesiredEnvironmentRole[] = config.projects.flatMap((project) => {
    const settings = project.environments?.find((e) => e.name === environment.name);
    if (!settings) return [];
    const role: DesiredEnvironmentRole['role'] = {
      name: naming.roleName(project.name),
      arn: environmentRoleArn(environment.account, project.name),
      trust: buildEnvironmentTrust(project, settings, environment.account, config),
      inlinePolicies: {},
      managedPolicyArns: [...settings.managedPolicies].sort(),
      maxSessionDuration: naming.MAX_SESSION_SECONDS,
      tags: { ...projectTags(project.name), Environment: environment.name },
    };
    if (settings.permissionsBoundary) role.permissionsBoundary = settings.permissionsBoundary;
    if (!hasPlanRole(project)) return [{ project: project.name, role }];
    // The plan role's read-only counterpart: what pull requests reach there, never the deploy role.
    const plan: DesiredEnvironmentRole['role'] = {
      name: naming.planRoleName(project.name),
      arn: environmentPlanRoleArn(environment.account, project.name),
      trust: buildEnvironmentPlanTrust(project, config),
      inlinePolicies: {},
      managedPolicyArns: [...settings.planManagedPolicies].sort(),
      maxSessionDuration: naming.MAX_SESSION_SECONDS,
      tags: { ...projectTags(project.name), Environment: environment.name },
    };
    if (settings.permissionsBoundary) plan.permissionsBoundary = settings.permissionsBoundary;
    return [
      { project: project.name, role },
      { project: project.name, kind: 'plan' as const, role: plan },
    ];
  });
  const desired: DesiredEnvironment = {
    name: environment.name,
    account: environment.account,
    managementRoleArn: managementRoleArn(environment.account, environment.managementRole),
    roles,
  };
  const github = config.projects.some((p) =>
    p.environments?.some((e) => e.name === environment.name && e.oidcSubjects.length > 0),
  );
  if (github)
    desired.oidcProvider = {
      url: `https://${naming.GITHUB_OIDC_HOST}`,
      arn: naming.oidcProviderArn(environment.account),
      clientIds: [naming.GITHUB_OIDC_AUDIENCE],
      tags: { ...config.tags, ManagedBy: config.managedBy, Environment: environment.name },
    };
  return desired;
}

/**
 * The administrative role of a project with environments also holds sts:AssumeRole on exactly its deploy roles;
 * its plan role, on exactly their read-only counterparts, and no infrastructure permissions of its own (they are
 * the environments' planManagedPolicies).
 */
export function withEnvironmentAccess(project: DesiredProject, config: Config): DesiredProject {
  if (!project.config.environments?.length) return project;
  const inlinePolicies = {
    ...project.role.inlinePolicies,
    [ASSUME_ENVIRONMENTS_POLICY_NAME]: buildAssumeEnvironmentsPolicy(project.config, config),
  };
  const withAccess: DesiredProject = { ...project, role: { ...project.role, inlinePolicies } };
  if (project.planRole)
    withAccess.planRole = {
      ...project.planRole,
      managedPolicyArns: [],
      inlinePolicies: {
        ...project.planRole.inlinePolicies,
        [ASSUME_ENVIRONMENTS_POLICY_NAME]: buildAssumeEnvironmentsPolicy(project.config, config, 'plan'),
      },
    };
  return withAccess;
}
