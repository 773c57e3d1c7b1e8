// Who may apply: the default branch and the configured GitHub environments. A pull request runs whatever
// workflow its branch holds, so a trust that admits pull requests (or any branch, through a wildcard) gives
// the apply role to anyone who can push a branch. Such a trust is refused unless the project accepts the risk.
import { defaultSubjects } from '../normalize.ts';
import { POLICY_ARN } from './formats.ts';
import { duplicatesIn, issue, type Rule, type RuleIssue } from './issue.ts';

/** Git allows more, but these stay safe to write unquoted into a subject, YAML and workflow expressions. */
export const BRANCH_NAME = /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/;
/** GitHub's environment names, minus what would change the subject's meaning (`:`, wildcards). */
const ENVIRONMENT_NAME = /^[A-Za-z0-9._-][A-Za-z0-9 ._-]{0,254}$/;

/** A subject that any branch can obtain a token for: a pull request's, or one with a wildcard. */
export function admitsAnyBranch(subject: string): boolean {
  return subject.endsWith(':pull_request') || /[*?]/.test(subject);
}

export const pullRequestRules: Rule[] = [
  (c) =>
    c.projects.flatMap((p, i): RuleIssue[] => {
      const at = ['projects', i] as const;
      const problems: RuleIssue[] = [];
      if (!BRANCH_NAME.test(p.defaultBranch))
        problems.push(
          issue(
            [...at, 'defaultBranch'],
            'CONFIG_DEFAULT_BRANCH',
            `defaultBranch "${p.defaultBranch}" is not a plain branch name`,
            'write the branch as GitHub shows it, e.g. main or release/v2 (letters, digits, . _ - and /)',
          ),
        );
      p.githubEnvironments.forEach((env, j) => {
        if (!ENVIRONMENT_NAME.test(env))
          problems.push(
            issue(
              [...at, 'githubEnvironments', j],
              'CONFIG_GITHUB_ENVIRONMENT',
              `GitHub environment "${env}" is not an environment name (a wildcard or a colon would widen the apply role's trust)`,
              'write the exact name of one environment, e.g. production',
            ),
          );
      });
      problems.push(...duplicatesIn(p.githubEnvironments, [...at, 'githubEnvironments'], 'GitHub environment'));
      p.planManagedPolicies.forEach((arn, j) => {
        if (!POLICY_ARN.test(arn))
          problems.push(
            issue(
              [...at, 'planManagedPolicies', j],
              'CONFIG_POLICY_ARN',
              `"${arn}" is not a managed policy ARN`,
              'write e.g. arn:aws:iam::aws:policy/ReadOnlyAccess or arn:aws:iam::111122223333:policy/name',
            ),
          );
      });
      problems.push(...duplicatesIn(p.planManagedPolicies, [...at, 'planManagedPolicies'], 'managed policy'));
      // Subjects the config did not write come from defaultBranch and githubEnvironments, checked above.
      const written =
        p.oidcSubjects.join('\n') !== defaultSubjects(p.repo, p.defaultBranch, p.githubEnvironments, false).join('\n');
      if (p.allowPullRequestApply || !written) return problems;
      p.oidcSubjects.forEach((subject, j) => {
        // One not pinned to the repo is refused by the subjects rule already.
        if (subject.startsWith(`repo:${p.repo}:`) && admitsAnyBranch(subject))
          problems.push(
            issue(
              [...at, 'oidcSubjects', j],
              'CONFIG_OIDC_SUBJECT_ANY_BRANCH',
              `OIDC subject "${subject}" gives the apply role ${subject.endsWith(':pull_request') ? 'to pull requests' : 'to every workflow it matches'}, so anyone who can push a branch can edit the workflow and apply`,
              `remove it: pull requests get the plan role tf-${p.name}.plan, and pushes to ${p.defaultBranch} (defaultBranch) and the githubEnvironments get the apply role; to accept the risk instead, set allowPullRequestApply: true on the project`,
            ),
          );
      });
      return problems;
    }),
];
