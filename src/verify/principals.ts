// Who tries to become tf-<project>: its own GitHub workflows (one per configured subject), its pull requests
// (refused unless the project opted out: they get tf-<project>.plan), another repo's workflow, a listed human
// with and without MFA, and an IAM user nobody listed.
import type { Config, ProjectConfig } from '../config/types.ts';
import type { RequestContext } from '../iam/index.ts';
import { GITHUB_OIDC_AUDIENCE, GITHUB_OIDC_HOST, oidcProviderArn, roleArn, userArn } from '../names/naming.ts';
import { githubSubjects, pullRequestSubject } from '../policy/trust.ts';

export type PrincipalKind = 'workflow' | 'other-repo-workflow' | 'human-mfa' | 'human-no-mfa' | 'unlisted-user';

export interface AssumingPrincipal {
  id: string;
  kind: PrincipalKind;
  label: string;
  /** The AssumeRole(WithWebIdentity) request it makes for the project's role. */
  request: RequestContext;
  /** Listed humans hold the tf-operators group policy. */
  inOperatorsGroup: boolean;
  expectedToAssume: boolean;
}

/** An OIDC `sub` pattern turned into a concrete token subject. */
function concreteSubject(pattern: string): string {
  return pattern.replace(/\*$/, 'ref:refs/heads/main').replaceAll('*', 'x').replaceAll('?', 'x');
}

export function assumingPrincipals(project: ProjectConfig, config: Config): AssumingPrincipal[] {
  const role = roleArn(config.account, project.name);
  const workflow = (
    id: string,
    label: string,
    sub: string,
    expected: boolean,
    kind: PrincipalKind,
  ): AssumingPrincipal => ({
    id,
    kind,
    label,
    inOperatorsGroup: false,
    expectedToAssume: expected,
    request: {
      principal: { arn: oidcProviderArn(config.account), accountId: config.account },
      action: 'sts:AssumeRoleWithWebIdentity',
      resource: role,
      context: { [`${GITHUB_OIDC_HOST}:aud`]: GITHUB_OIDC_AUDIENCE, [`${GITHUB_OIDC_HOST}:sub`]: sub },
    },
  });
  const human = (
    id: string,
    kind: PrincipalKind,
    label: string,
    user: string,
    mfa: boolean,
    listed: boolean,
    expected: boolean,
  ): AssumingPrincipal => ({
    id,
    kind,
    label,
    inOperatorsGroup: listed,
    expectedToAssume: expected,
    request: {
      principal: { arn: userArn(config.account, user), accountId: config.account },
      action: 'sts:AssumeRole',
      resource: role,
      context: {
        'aws:PrincipalArn': userArn(config.account, user),
        'aws:username': user,
        'aws:MultiFactorAuthPresent': mfa,
        ...(mfa ? { 'aws:MultiFactorAuthAge': 300 } : {}),
      },
    },
  });
  const principals = githubSubjects(project, config).map((subject, i) =>
    workflow(`workflow-${i}`, `workflow ${concreteSubject(subject)}`, concreteSubject(subject), true, 'workflow'),
  );
  const pullRequest = pullRequestSubject(project.repo);
  if (!project.allowPullRequestApply && !githubSubjects(project, config).includes(pullRequest))
    principals.push(workflow('pull-request', `pull request (${pullRequest})`, pullRequest, false, 'workflow'));
  const [org] = project.repo.split('/');
  principals.push(
    workflow(
      'other-repo',
      `workflow of ${org}/another-repo`,
      `repo:${org}/another-repo:ref:refs/heads/main`,
      false,
      'other-repo-workflow',
    ),
  );
  const listed = project.humans[0];
  if (listed) {
    principals.push(human('human-mfa', 'human-mfa', `${listed} with MFA`, listed, true, true, true));
    principals.push(human('human-no-mfa', 'human-no-mfa', `${listed} without MFA`, listed, false, true, false));
  }
  const unlisted = config.humans.find((h) => !project.humans.includes(h)) ?? 'unlisted-user';
  const isMember = config.humans.includes(unlisted);
  principals.push(
    human(
      'unlisted-user',
      'unlisted-user',
      `${unlisted} (not listed for ${project.name}) with MFA`,
      unlisted,
      true,
      isMember,
      false,
    ),
  );
  return principals;
}
