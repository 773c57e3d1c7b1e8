// Will the roles' trust accept the workflow's OIDC tokens? GitHub sets the token's `sub` from the
// event: `repo:<org>/<repo>:pull_request` for pull requests, `repo:<org>/<repo>:ref:refs/heads/<branch>`
// for pushes (jobs without an `environment`). Pull requests assume the plan role (the apply role when the
// project opted out), pushes the apply role. We ask the same evaluator `verify` uses.
import type { Config, ProjectConfig } from '../config/types.ts';
import type { PolicyDocument } from '../iam/document.ts';
import { evaluateTrust } from '../iam/index.ts';
import {
  GITHUB_OIDC_AUDIENCE,
  GITHUB_OIDC_HOST,
  oidcProviderArn,
  planRoleArn,
  planRoleName,
  roleArn,
  roleName,
} from '../names/naming.ts';
import { hasPlanRole } from '../policy/roles.ts';
import { buildPlanTrustPolicy, buildTrustPolicy, pullRequestSubject } from '../policy/trust.ts';
import type { ScaffoldWarning } from './types.ts';

export interface WorkflowRun {
  /** What runs, in words, e.g. "plan on pull requests". */
  what: string;
  subject: string;
  /** The role the run assumes. */
  role: 'apply' | 'plan';
}

export function workflowRuns(project: ProjectConfig, branch: string): WorkflowRun[] {
  return [
    {
      what: 'plan on pull requests',
      subject: pullRequestSubject(project.repo),
      role: hasPlanRole(project) ? 'plan' : 'apply',
    },
    {
      what: `plan and apply on pushes to ${branch}`,
      subject: `repo:${project.repo}:ref:refs/heads/${branch}`,
      role: 'apply',
    },
  ];
}

/** Whether the trust of the project's apply role (or its plan role) accepts a GitHub token with this subject. */
export function trustAcceptsSubject(
  config: Config,
  project: ProjectConfig,
  subject: string,
  role: 'apply' | 'plan' = 'apply',
): boolean {
  const [name, arn, trust]: [string, string, PolicyDocument] =
    role === 'plan'
      ? [planRoleName(project.name), planRoleArn(config.account, project.name), buildPlanTrustPolicy(project, config)]
      : [roleName(project.name), roleArn(config.account, project.name), buildTrustPolicy(project, config)];
  const decision = evaluateTrust({
    trustPolicy: { name: `${name}-trust`, document: trust },
    request: {
      principal: { arn: oidcProviderArn(config.account), accountId: config.account },
      action: 'sts:AssumeRoleWithWebIdentity',
      resource: arn,
      context: { [`${GITHUB_OIDC_HOST}:aud`]: GITHUB_OIDC_AUDIENCE, [`${GITHUB_OIDC_HOST}:sub`]: subject },
    },
  });
  return decision.decision === 'Allow';
}

export function oidcWarnings(config: Config, project: ProjectConfig, branch: string): ScaffoldWarning[] {
  return workflowRuns(project, branch)
    .filter((run) => !trustAcceptsSubject(config, project, run.subject, run.role))
    .map((run) => ({
      code: 'SCAFFOLD_OIDC_SUBJECT_REFUSED',
      message: `the workflow's terraform job (${run.what}) gets an OIDC token with subject "${run.subject}", which ${run.role === 'plan' ? planRoleName(project.name) : roleName(project.name)}'s trust refuses`,
      fix: refusedFix(project, run, branch),
    }));
}

function refusedFix(project: ProjectConfig, run: WorkflowRun, branch: string): string {
  const at = `projects[${project.name}]`;
  if (run.role === 'apply' && run.subject.endsWith(':pull_request'))
    return `remove allowPullRequestApply from ${at} in stateward.yaml so that pull requests get the plan role ${planRoleName(project.name)}, then run stateward apply and scaffold again`;
  if (run.role === 'apply' && branch !== project.defaultBranch)
    return `set defaultBranch: ${branch} on ${at} in stateward.yaml (or scaffold with --branch ${project.defaultBranch}), then run stateward apply`;
  return `add "${run.subject}" to ${at}.oidcSubjects in stateward.yaml, then run stateward apply`;
}
