// Who may become tf-<project>: the repo's GitHub workflows through OIDC, and listed humans with MFA.
import type { Config, ProjectConfig } from '../config/types.ts';
import type { PolicyDocument, Statement } from '../iam/document.ts';
import {
  GITHUB_OIDC_AUDIENCE,
  GITHUB_OIDC_HOST,
  MAX_SESSION_SECONDS,
  oidcProviderArn,
  userArn,
} from '../names/naming.ts';
import { mergeConditions, single, stringMatch } from './statement.ts';

export const TRUST_SIDS = { github: 'GitHubActions', humans: 'HumansWithMfa' } as const;

export function buildTrustPolicy(project: ProjectConfig, config: Config): PolicyDocument {
  const statements: Statement[] = [githubStatement(project, config)];
  if (project.humans.length > 0) statements.push(humansStatement(project, config));
  return { Version: '2012-10-17', Statement: statements };
}

function githubStatement(project: ProjectConfig, config: Config): Statement {
  return {
    Sid: TRUST_SIDS.github,
    Effect: 'Allow',
    Principal: { Federated: oidcProviderArn(config.account) },
    Action: 'sts:AssumeRoleWithWebIdentity',
    Condition: mergeConditions(
      { StringEquals: { [`${GITHUB_OIDC_HOST}:aud`]: GITHUB_OIDC_AUDIENCE } },
      stringMatch(`${GITHUB_OIDC_HOST}:sub`, githubSubjects(project, config)),
    ),
  };
}

/**
 * The configured subjects, plus GitHub's immutable form `repo:<org>@<ownerId>/<repo>@<repoId>:…`
 * when both ids are known, so the trust survives either form of the token.
 */
export function githubSubjects(project: ProjectConfig, config: Config): string[] {
  const subjects = [...project.oidcSubjects];
  if (project.repoId !== undefined && config.github.ownerId !== undefined) {
    const [org, repo] = project.repo.split('/');
    const named = `repo:${project.repo}:`;
    const immutable = `repo:${org}@${config.github.ownerId}/${repo}@${project.repoId}:`;
    subjects.push(...project.oidcSubjects.map((s) => immutable + s.slice(named.length)));
  }
  return subjects;
}

function humansStatement(project: ProjectConfig, config: Config): Statement {
  return {
    Sid: TRUST_SIDS.humans,
    Effect: 'Allow',
    Principal: { AWS: single(project.humans.map((user) => userArn(config.account, user))) },
    Action: 'sts:AssumeRole',
    Condition: {
      Bool: { 'aws:MultiFactorAuthPresent': 'true' },
      // The MFA must be fresh: a session older than the role's own maximum is refused.
      NumericLessThanEquals: { 'aws:MultiFactorAuthAge': String(MAX_SESSION_SECONDS) },
    },
  };
}
