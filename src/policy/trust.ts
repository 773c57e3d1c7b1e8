// Who may become tf-<project>: the repo's GitHub workflows through OIDC (by default pushes to the default
// branch and the configured environments), and listed humans with MFA. Who may become tf-<project>.plan:
// the repo's pull requests, and the same humans.
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
  return trustPolicy(githubSubjects(project, config), project, config);
}

/** A pull request's token says `repo:<repo>:pull_request` whatever its branch; only the plan role takes it. */
export function pullRequestSubject(repo: string): string {
  return `repo:${repo}:pull_request`;
}

export function buildPlanTrustPolicy(project: ProjectConfig, config: Config): PolicyDocument {
  return trustPolicy(withImmutableForms([pullRequestSubject(project.repo)], project, config), project, config);
}

function trustPolicy(subjects: string[], project: ProjectConfig, config: Config): PolicyDocument {
  const statements: Statement[] = [githubStatement(subjects, config)];
  if (project.humans.length > 0) statements.push(humansStatement(project, config));
  return { Version: '2012-10-17', Statement: statements };
}

function githubStatement(subjects: string[], config: Config): Statement {
  return {
    Sid: TRUST_SIDS.github,
    Effect: 'Allow',
    Principal: { Federated: oidcProviderArn(config.account) },
    Action: 'sts:AssumeRoleWithWebIdentity',
    Condition: mergeConditions(
      { StringEquals: { [`${GITHUB_OIDC_HOST}:aud`]: GITHUB_OIDC_AUDIENCE } },
      stringMatch(`${GITHUB_OIDC_HOST}:sub`, subjects),
    ),
  };
}

/**
 * The configured subjects, plus GitHub's immutable form `repo:<org>@<ownerId>/<repo>@<repoId>:…`
 * when both ids are known, so the trust survives either form of the token.
 */
export function githubSubjects(project: ProjectConfig, config: Config): string[] {
  return withImmutableForms(project.oidcSubjects, project, config);
}

function withImmutableForms(named: string[], project: ProjectConfig, config: Config): string[] {
  const subjects = [...named];
  if (project.repoId !== undefined && config.github.ownerId !== undefined) {
    const [org, repo] = project.repo.split('/');
    const prefix = `repo:${project.repo}:`;
    const immutable = `repo:${org}@${config.github.ownerId}/${repo}@${project.repoId}:`;
    subjects.push(...named.map((s) => immutable + s.slice(prefix.length)));
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
