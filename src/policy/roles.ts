// The roles of a project: tf-<p>, which applies, and tf-<p>.plan, which pull requests get, unless the
// project accepts the risk of pull requests applying (allowPullRequestApply) and has no plan role.
import type { Config, ProjectConfig } from '../config/types.ts';
import { planRoleArn, roleArn } from '../names/naming.ts';

export function hasPlanRole(project: ProjectConfig): boolean {
  return !project.allowPullRequestApply;
}

/** The plan role's ARN, when the project has one. */
export function planRoleArnOf(project: ProjectConfig, config: Config): string | undefined {
  return hasPlanRole(project) ? planRoleArn(config.account, project.name) : undefined;
}

/** The apply role, then the plan role when there is one. */
export function projectRoleArns(project: ProjectConfig, config: Config): string[] {
  const plan = planRoleArnOf(project, config);
  return [roleArn(config.account, project.name), ...(plan ? [plan] : [])];
}
