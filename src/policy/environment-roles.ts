// The two documents of the environment-account shape (seed 002): the deploy role's trust in an environment
// account (only the project's administrative role, and GitHub with that environment's subjects when given),
// and the administrative role's policy that may assume exactly its own deploy roles.
import type { Config, ProjectConfig, ProjectEnvironment } from '../config/types.ts';
import type { PolicyDocument, Statement } from '../iam/document.ts';
import { environmentRoleArn } from '../names/environments.ts';
import { GITHUB_OIDC_AUDIENCE, GITHUB_OIDC_HOST, oidcProviderArn, roleArn } from '../names/naming.ts';
import { allow, mergeConditions, stringMatch } from './statement.ts';

export const ENVIRONMENT_TRUST_SIDS = { admin: 'AdministrativeRole', github: 'GitHubEnvironment' } as const;

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

/** sts:AssumeRole on the project's deploy role in each of its environment accounts, and nothing else. */
export function buildAssumeEnvironmentsPolicy(project: ProjectConfig, config: Config): PolicyDocument {
  const accounts = new Map((config.environments ?? []).map((e) => [e.name, e.account]));
  const targets = (project.environments ?? []).flatMap((e) => {
    const account = accounts.get(e.name);
    return account ? [environmentRoleArn(account, project.name)] : [];
  });
  return { Version: '2012-10-17', Statement: [allow('AssumeEnvironmentRoles', ['sts:AssumeRole'], targets)] };
}
