// scaffoldProject: (config, project, options) -> the files a consuming repo drops in, and warnings.
// Pure: nothing here touches the file system or the network.

import { findProject } from '../config/find-project.ts';
import { BRANCH_NAME } from '../config/rules/pull-requests.ts';
import type { Config, ProjectConfig } from '../config/types.ts';
import { StatewardError } from '../errors.ts';
import { roleName } from '../names/naming.ts';
import { awsVaultConfig } from './aws-vault.ts';
import { backendTf } from './backend-tf.ts';
import { environmentsWorkflow, environmentWarnings, providersTf } from './environments.ts';
import { oidcWarnings } from './oidc.ts';
import { preCommitConfig } from './pre-commit.ts';
import { readmeFile } from './readme.ts';
import { backendTarget } from './target.ts';
import { terragruntRoot, terragruntWarnings } from './terragrunt.ts';
import { DEFAULT_SCAFFOLD_OPTIONS, type ScaffoldOptions, type ScaffoldResult, type ScaffoldWarning } from './types.ts';
import { workflowFile } from './workflow.ts';

export type { ScaffoldFile, ScaffoldOptions, ScaffoldResult, ScaffoldWarning, Tool } from './types.ts';
export { DEFAULT_SCAFFOLD_OPTIONS } from './types.ts';

export function scaffoldProject(
  config: Config,
  projectName: string,
  options: Partial<ScaffoldOptions> = {},
): ScaffoldResult {
  const project = findProject(config, projectName);
  // The workflow applies on pushes to the branch the apply role trusts, unless told otherwise.
  const opts: ScaffoldOptions = { ...DEFAULT_SCAFFOLD_OPTIONS, branch: project.defaultBranch, ...options };
  if (!BRANCH_NAME.test(opts.branch)) {
    throw new StatewardError(
      'SCAFFOLD_BRANCH',
      `branch "${opts.branch}" is not a plain branch name`,
      "pass the repo's default branch, e.g. --branch main",
    );
  }
  const { target, warnings } = backendTarget(config, project);
  // Seed 002: with environment accounts, a provider per workspace and a job per GitHub environment.
  const environments = (project.environments?.length ?? 0) > 0 && !opts.terragrunt;
  const files = [
    backendTf(target, opts.tool),
    ...(environments ? [providersTf(config, project, opts.tool)] : []),
    environments
      ? environmentsWorkflow(config, project, target, opts.tool, opts.branch)
      : workflowFile(target, opts.tool, opts.branch, opts.terragrunt),
    awsVaultConfig(target, project.humans, opts.tool),
    readmeFile(target, opts),
    preCommitConfig(opts.tool),
    ...(opts.terragrunt ? [terragruntRoot(target, project, opts.tool)] : []),
  ];
  return {
    files,
    warnings: [
      // The environment jobs select their own workspaces; the default one is only read by init.
      ...warnings.filter((w) => !environments || w.code !== 'SCAFFOLD_DEFAULT_WORKSPACE'),
      ...(environments ? environmentWarnings(config, project) : oidcWarnings(config, project, opts.branch)),
      ...humanWarnings(project),
      ...(opts.terragrunt ? terragruntWarnings(project) : []),
    ],
  };
}

function humanWarnings(project: ProjectConfig): ScaffoldWarning[] {
  if (project.humans.length > 0) return [];
  return [
    {
      code: 'SCAFFOLD_NO_HUMANS',
      message: `no IAM user may assume ${roleName(project.name)}, so the aws-vault profile will be refused`,
      fix: `list the users under the project's humans (or the top-level humans) in stateward.yaml, then run stateward apply`,
    },
  ];
}
