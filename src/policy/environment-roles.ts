// The two documents of the environment-account shape (seed 002): the deploy role's trust in an environment
// account (only the project's administrative role, and GitHub with that environment's subjects when given),
// and the administrative role's policy that may assume exactly its own deploy roles.
import type { Config, ProjectConfig, ProjectEnvironment } from '../config/types.ts';
import type { PolicyDocument, Statement } from '../iam/document.ts';
import { environmentPlanRoleArn, environmentRoleArn } from '../names/environments.ts';
import { GITHUB_OIDC_AUDIENCE, GITHUB_OIDC_HOST, oidcProviderArn, planRoleArn, roleArn } from '../names/naming.ts';
import { allow, mergeConditions, stringMatch } from './statement.ts';

export const ENVIRONMENT_TRUST_SIDS = {
  admin: 'AdministrativeRole',
  adminPlan: 'AdministrativePlanRole',
  github: 'GitHubEnvironment',
} as const;

export function buildEnvironmentTrust(
  project: ProjectConfig,
  environment: ProjectEnvironment,
  account: string,
  config: Config,
): PolicyDocument {
  const statements: Statement[] = [
    {
      Sid: ENVIRONMENT_TRUST_SIDS.admin,
      Effect: 'Allow',
      Principal: { AWS: roleArn(config.account, project.name) },
      Action: 'sts:AssumeRole',
    },
  ];
  if (environment.oidcSubjects.length > 0)
    statements.push({
      Sid: ENVIRONMENT_TRUST_SIDS.github,
      Effect: 'Allow',
      Principal: { Federated: oidcProviderArn(account) },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: mergeConditions(
        { StringEquals: { [`${GITHUB_OIDC_HOST}:aud`]: GITHUB_OIDC_AUDIENCE } },
        stringMatch(`${GITHUB_OIDC_HOST}:sub`, environment.oidcSubjects),
      ),
    });
  return { Version: '2012-10-17', Statement: statements };
}

/**
 * sts:AssumeRole on the project's deploy role in each of its environment accounts, and nothing else; for the
 * plan role, on its read-only counterparts there.
 */
export function buildAssumeEnvironmentsPolicy(
  project: ProjectConfig,
  config: Config,
  kind: 'apply' | 'plan' = 'apply',
): PolicyDocument {
  const accounts = new Map((config.environments ?? []).map((e) => [e.name, e.account]));
  const arnIn = kind === 'plan' ? environmentPlanRoleArn : environmentRoleArn;
  const targets = (project.environments ?? []).flatMap((e) => {
    const account = accounts.get(e.name);
    return account ? [arnIn(account, project.name)] : [];
  });
  return { Version: '2012-10-17', Statement: [allow('AssumeEnvironmentRoles', ['sts:AssumeRole'], targets)] };
}

/** The plan role's counterpart in an environment account: only the administrative plan role may assume it. */
export function buildEnvironmentPlanTrust(project: ProjectConfig, config: Config): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: ENVIRONMENT_TRUST_SIDS.adminPlan,
        Effect: 'Allow',
        Principal: { AWS: planRoleArn(config.account, project.name) },
        Action: 'sts:AssumeRole',
      },
    ],
  };
}
