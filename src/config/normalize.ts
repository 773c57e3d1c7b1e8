// Fills every default, so nothing downstream has to know what the user left out.

import type { PolicyDocument } from '../iam/document.ts';
import { DEFAULT_MANAGEMENT_ROLE, environmentWorkspace } from '../names/environments.ts';
import { DEFAULT_WORKSPACE_KEY_PREFIX, defaultStateKey, READ_ONLY_ACCESS_POLICY } from '../names/naming.ts';
import type { RawConfig, RawGrant, RawProject } from './schema.ts';
import type {
  Access,
  Config,
  Encryption,
  EnvironmentAccount,
  Grant,
  LockingMode,
  ProjectConfig,
  ProjectEnvironment,
} from './types.ts';

export const DEFAULTS = {
  locking: 'lockfile' as LockingMode,
  encryption: { type: 'sse-s3' } as Encryption,
  keepStateVersions: 100,
  noncurrentDays: 90,
  fence: true,
  managedBy: 'stateward',
  defaultBranch: 'main',
  planManagedPolicies: [READ_ONLY_ACCESS_POLICY],
};

/** `policies[i]`: the documents of project i's `inlinePolicies`, already read from their files. */
export function normalizeConfig(
  raw: RawConfig,
  file: string,
  policies: ReadonlyArray<Record<string, PolicyDocument>> = [],
): Config {
  const config: Config = {
    version: 1,
    file,
    account: raw.account,
    region: raw.region,
    github:
      raw.github.ownerId === undefined ? { org: raw.github.org } : { org: raw.github.org, ownerId: raw.github.ownerId },
    humans: raw.humans ?? [],
    admins: raw.admins ?? [],
    tags: raw.tags ?? {},
    managedBy: raw.managedBy ?? DEFAULTS.managedBy,
    costAllocation: raw.costAllocation ?? false,
    stateBoundary: raw.stateBoundary ?? false,
    projects: raw.projects.map((project, i) => normalizeProject(project, raw, policies[i] ?? {})),
  };
  // Only a config that names environment accounts carries the field: single-account configs stay as they were.
  if (raw.environments) config.environments = normalizeEnvironments(raw.environments);
  return config;
}

function normalizeEnvironments(raw: NonNullable<RawConfig['environments']>): EnvironmentAccount[] {
  return Object.entries(raw).map(([name, environment]) => ({
    name,
    account: environment.account,
    managementRole: environment.managementRole ?? DEFAULT_MANAGEMENT_ROLE,
  }));
}

function normalizeProjectEnvironments(
  raw: NonNullable<RawProject['environments']>,
  planManagedPolicies: string[],
): ProjectEnvironment[] {
  return Object.entries(raw).map(([name, environment]) => {
    const normalized: ProjectEnvironment = {
      name,
      managedPolicies: environment.managedPolicies ?? [],
      oidcSubjects: environment.oidcSubjects ?? [],
      planManagedPolicies: environment.planManagedPolicies ?? planManagedPolicies,
    };
    if (environment.permissionsBoundary !== undefined) normalized.permissionsBoundary = environment.permissionsBoundary;
    return normalized;
  });
}

function normalizeProject(
  raw: RawProject,
  config: RawConfig,
  inlinePolicies: Record<string, PolicyDocument>,
): ProjectConfig {
  const defaults = config.defaults ?? {};
  const repo = raw.repo ?? `${config.github.org}/terraform-${raw.name}`;
  const defaultBranch = raw.defaultBranch ?? defaults.defaultBranch ?? DEFAULTS.defaultBranch;
  // Seed 002: the jobs of a project's environment accounts run in GitHub environments of the same names.
  const githubEnvironments =
    raw.githubEnvironments ?? defaults.githubEnvironments ?? Object.keys(raw.environments ?? {});
  const allowPullRequestApply = raw.allowPullRequestApply ?? defaults.allowPullRequestApply ?? false;
  const project: ProjectConfig = {
    name: raw.name,
    repo,
    oidcSubjects: raw.oidcSubjects ?? defaultSubjects(repo, defaultBranch, githubEnvironments, allowPullRequestApply),
    defaultBranch,
    githubEnvironments,
    allowPullRequestApply,
    planManagedPolicies: raw.planManagedPolicies ?? defaults.planManagedPolicies ?? DEFAULTS.planManagedPolicies,
    humans: raw.humans ?? config.humans ?? [],
    managedPolicies: raw.managedPolicies ?? [],
    inlinePolicies,
    reads: raw.reads ?? [],
    access: normalizeAccess(raw),
    locking: raw.locking ?? defaults.locking ?? DEFAULTS.locking,
    encryption: raw.encryption ?? defaults.encryption ?? DEFAULTS.encryption,
    keepStateVersions: raw.keepStateVersions ?? defaults.keepStateVersions ?? DEFAULTS.keepStateVersions,
    noncurrentDays: raw.noncurrentDays ?? defaults.noncurrentDays ?? DEFAULTS.noncurrentDays,
    fence: raw.fence ?? defaults.fence ?? DEFAULTS.fence,
  };
  if (raw.repoId !== undefined) project.repoId = raw.repoId;
  if (raw.permissionsBoundary !== undefined) project.permissionsBoundary = raw.permissionsBoundary;
  if (raw.environments && Object.keys(raw.environments).length > 0)
    project.environments = normalizeProjectEnvironments(raw.environments, project.planManagedPolicies);
  return project;
}

/**
 * Who gets the apply role when the config does not say: pushes to the default branch and jobs of the
 * configured environments. Pull requests run any workflow a branch holds, so they get the plan role; only a
 * team that opted out keeps the whole repo (`repo:<repo>:*`).
 */
export function defaultSubjects(
  repo: string,
  branch: string,
  environments: string[],
  allowPullRequestApply: boolean,
): string[] {
  if (allowPullRequestApply) return [`repo:${repo}:*`];
  return [
    `repo:${repo}:ref:refs/heads/${branch}`,
    ...[...new Set(environments)].map((env) => `repo:${repo}:environment:${env}`),
  ];
}

function normalizeAccess(raw: RawProject): Access {
  const environments = Object.keys(raw.environments ?? {});
  if (!raw.access && environments.length > 0) {
    // Seed 002: one workspace per environment. The default workspace is never used, but `terraform init` reads
    // it before any workspace is selected: it may be read, never written.
    const key = defaultStateKey(raw.name);
    const workspaces = environments.map(environmentWorkspace);
    return {
      apply: [normalizeGrant({ key, workspaces, defaultWorkspace: false })],
      plan: [],
      read: [normalizeGrant({ key, workspaces: [], defaultWorkspace: true })],
    };
  }
  if (!raw.access) {
    return { apply: [normalizeGrant({ key: defaultStateKey(raw.name) })], plan: [], read: [] };
  }
  return {
    apply: (raw.access.apply ?? []).map(normalizeGrant),
    plan: (raw.access.plan ?? []).map(normalizeGrant),
    read: (raw.access.read ?? []).map(normalizeGrant),
  };
}

function normalizeGrant(raw: RawGrant): Grant {
  return {
    key: raw.key,
    workspaces: raw.workspaces ?? ['*'],
    defaultWorkspace: raw.defaultWorkspace ?? true,
    workspaceKeyPrefix: raw.workspaceKeyPrefix ?? DEFAULT_WORKSPACE_KEY_PREFIX,
  };
}
