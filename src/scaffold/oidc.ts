// Will the role's trust accept the workflow's OIDC tokens? GitHub sets the token's `sub` from the
// event: `repo:<org>/<repo>:pull_request` for pull requests, `repo:<org>/<repo>:ref:refs/heads/<branch>`
// for pushes (jobs without an `environment`). We ask the same evaluator `verify` uses.
import type { Config, ProjectConfig } from '../config/types.ts';
import { evaluateTrust } from '../iam/index.ts';
import { GITHUB_OIDC_AUDIENCE, GITHUB_OIDC_HOST, oidcProviderArn, roleArn, roleName } from '../names/naming.ts';
import { buildTrustPolicy } from '../policy/trust.ts';
import type { ScaffoldWarning } from './types.ts';

export interface WorkflowRun {
  /** What runs, in words, e.g. "plan on pull requests". */
  what: string;
  subject: string;
}

export function workflowRuns(repo: string, branch: string): WorkflowRun[] {
  return [
    { what: 'plan on pull requests', subject: `repo:${repo}:pull_request` },
    { what: `plan and apply on pushes to ${branch}`, subject: `repo:${repo}:ref:refs/heads/${branch}` },
  ];
}

export function trustAcceptsSubject(config: Config, project: ProjectConfig, subject: string): boolean {
  const decision = evaluateTrust({
    trustPolicy: { name: `${roleName(project.name)}-trust`, document: buildTrustPolicy(project, config) },
    request: {
      principal: { arn: oidcProviderArn(config.account), accountId: config.account },
      action: 'sts:AssumeRoleWithWebIdentity',
      resource: roleArn(config.account, project.name),
      context: { [`${GITHUB_OIDC_HOST}:aud`]: GITHUB_OIDC_AUDIENCE, [`${GITHUB_OIDC_HOST}:sub`]: subject },
    },
  });
  return decision.decision === 'Allow';
}

export function oidcWarnings(config: Config, project: ProjectConfig, branch: string): ScaffoldWarning[] {
  return workflowRuns(project.repo, branch)
    .filter((run) => !trustAcceptsSubject(config, project, run.subject))
    .map((run) => ({
      code: 'SCAFFOLD_OIDC_SUBJECT_REFUSED',
      message: `the workflow's terraform job (${run.what}) gets an OIDC token with subject "${run.subject}", which ${roleName(project.name)}'s trust refuses`,
      fix: `add "${run.subject}" to projects[${project.name}].oidcSubjects in stateward.yaml, then run stateward apply`,
    }));
}
