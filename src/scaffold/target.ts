// Which state the consuming repo's backend points at, and everything the files say about it. The key is
// the project's first grant that can run the pipeline: an apply grant, else a plan grant, with a
// concrete key (a backend cannot use a pattern), preferring one that includes the default workspace.
import type { AccessLevel, Config, Encryption, Grant, LockingMode, ProjectConfig } from '../config/types.ts';
import { StatewardError } from '../errors.ts';
import { bucketName, DEFAULT_WORKSPACE_KEY_PREFIX, roleArn, roleName } from '../names/naming.ts';
import { planRoleArnOf } from '../policy/roles.ts';
import type { ScaffoldWarning } from './types.ts';

export interface BackendTarget {
  project: string;
  account: string;
  region: string;
  bucket: string;
  key: string;
  /** Only when the grant uses another prefix than Terraform's default `env:`. */
  workspaceKeyPrefix?: string;
  locking: LockingMode;
  encryption: Encryption;
  roleName: string;
  roleArn: string;
  /** The plan-only role pull requests assume; absent when the project lets pull requests apply. */
  planRoleArn?: string;
  repo: string;
}

export function backendTarget(
  config: Config,
  project: ProjectConfig,
): { target: BackendTarget; warnings: ScaffoldWarning[] } {
  const { grant, level } = chooseGrant(project);
  const target: BackendTarget = {
    project: project.name,
    account: config.account,
    region: config.region,
    bucket: bucketName(project.name, config.account),
    key: grant.key,
    locking: project.locking,
    encryption: project.encryption,
    roleName: roleName(project.name),
    roleArn: roleArn(config.account, project.name),
    repo: project.repo,
  };
  if (grant.workspaceKeyPrefix !== DEFAULT_WORKSPACE_KEY_PREFIX) target.workspaceKeyPrefix = grant.workspaceKeyPrefix;
  const planRole = planRoleArnOf(project, config);
  if (planRole) target.planRoleArn = planRole;
  return { target, warnings: grantWarnings(project, grant, level) };
}

function chooseGrant(project: ProjectConfig): { grant: Grant; level: AccessLevel } {
  const candidates = (['apply', 'plan'] as const).flatMap((level) =>
    project.access[level].filter((g) => !/[*?]/.test(g.key)).map((grant) => ({ grant, level })),
  );
  const chosen = candidates.find((c) => c.grant.defaultWorkspace) ?? candidates[0];
  if (chosen) return chosen;
  throw new StatewardError(
    'SCAFFOLD_NO_BACKEND_KEY',
    `project "${project.name}" has no apply or plan grant with a concrete key, so there is no state for backend.tf to point at`,
    `add one to its access in stateward.yaml, e.g. apply: [{ key: "${project.name}/terraform.tfstate" }]`,
  );
}

function grantWarnings(project: ProjectConfig, grant: Grant, level: AccessLevel): ScaffoldWarning[] {
  const warnings: ScaffoldWarning[] = [];
  if (level !== 'apply') {
    warnings.push({
      code: 'SCAFFOLD_PLAN_ONLY',
      message: `${roleName(project.name)} may only plan "${grant.key}": the workflow's apply on pushes will be refused`,
      fix: `grant apply on it in stateward.yaml: move { key: "${grant.key}" } from access.plan to access.apply`,
    });
  }
  if (!grant.defaultWorkspace) {
    warnings.push({
      code: 'SCAFFOLD_DEFAULT_WORKSPACE',
      message: `the grant for "${grant.key}" excludes the default workspace, which the generated files use`,
      fix: `set defaultWorkspace: true on that grant, or select a granted workspace (TF_WORKSPACE) before running`,
    });
  }
  return warnings;
}
