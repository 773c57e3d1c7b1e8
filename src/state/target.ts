// Which state a day-2 command acts on: a project of the config, a backend key and a workspace, laid out as
// Terraform lays them out (src/backend/keys.ts), and the reverse: which key and workspace an object belongs to.

import { DEFAULT_WORKSPACE } from '../backend/keys.ts';
import type { BackendTarget } from '../backend/types.ts';
import type { Config, Grant, ProjectConfig } from '../config/types.ts';
import { bucketName, DEFAULT_WORKSPACE_KEY_PREFIX, defaultStateKey } from '../names/naming.ts';

export interface TargetChoice {
  workspace?: string;
  /** The backend `key`; default the project's `<name>/terraform.tfstate` if granted, else its first granted key. */
  key?: string;
}

export function projectGrants(project: ProjectConfig): Grant[] {
  return [...project.access.apply, ...project.access.plan, ...project.access.read];
}

export function projectTarget(config: Config, project: ProjectConfig, choice: TargetChoice = {}): BackendTarget {
  const grants = projectGrants(project);
  const key = choice.key ?? defaultKey(project, grants);
  const grant = grants.find((g) => g.key === key);
  const workspace = choice.workspace ?? DEFAULT_WORKSPACE;
  return {
    bucket: bucketName(project.name, config.account),
    key,
    region: config.region,
    account: config.account,
    workspace,
    workspaceKeyPrefix: grant?.workspaceKeyPrefix ?? DEFAULT_WORKSPACE_KEY_PREFIX,
    locking: project.locking,
    encryption: project.encryption,
  };
}

function defaultKey(project: ProjectConfig, grants: Grant[]): string {
  const conventional = defaultStateKey(project.name);
  if (grants.length === 0 || grants.some((g) => g.key === conventional)) return conventional;
  return (grants[0] as Grant).key;
}

export { findProject } from '../config/find-project.ts';

export interface LocatedKey {
  key: string;
  workspace: string;
}

/**
 * The backend key and workspace of a state object key in a project's bucket. A granted key decides when
 * it matches (`<prefix>/<workspace>/<key>`); otherwise a key under `env:/` is read as `env:/<ws>/<rest>`,
 * and anything else is a default-workspace key.
 */
export function locateStateKey(project: ProjectConfig, stateKey: string): LocatedKey {
  for (const grant of projectGrants(project)) {
    if (stateKey === grant.key) return { key: grant.key, workspace: DEFAULT_WORKSPACE };
    const prefix = grant.workspaceKeyPrefix === '' ? '' : `${grant.workspaceKeyPrefix}/`;
    const suffix = `/${grant.key}`;
    if (stateKey.startsWith(prefix) && stateKey.endsWith(suffix)) {
      const workspace = stateKey.slice(prefix.length, stateKey.length - suffix.length);
      if (workspace !== '' && !workspace.includes('/')) return { key: grant.key, workspace };
    }
  }
  const defaultPrefix = `${DEFAULT_WORKSPACE_KEY_PREFIX}/`;
  if (stateKey.startsWith(defaultPrefix)) {
    const [workspace, ...rest] = stateKey.slice(defaultPrefix.length).split('/');
    if (workspace && rest.length > 0) return { key: rest.join('/'), workspace };
  }
  return { key: stateKey, workspace: DEFAULT_WORKSPACE };
}
