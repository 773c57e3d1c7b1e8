// The normalized config: every default filled in, every name checked. Everything downstream reads this.
import type { PolicyDocument } from '../iam/document.ts';

export type LockingMode = 'lockfile' | 'dynamodb' | 'both';

export type Encryption = { type: 'sse-s3' } | { type: 'sse-kms'; kmsKeyArn: string };

/**
 * One backend configuration a role may use. `key` is the backend `key` (inside `<project>/`).
 * `workspaces` are named workspaces (wildcards allowed; `["*"]` = all); the default workspace is
 * included unless `defaultWorkspace` is false.
 */
export interface Grant {
  key: string;
  workspaces: string[];
  defaultWorkspace: boolean;
  workspaceKeyPrefix: string;
}

export type AccessLevel = 'apply' | 'plan' | 'read';

export type Access = Record<AccessLevel, Grant[]>;

/** A project's deploy role in one environment account (seed 002). */
export interface ProjectEnvironment {
  /** The top-level environment's name. */
  name: string;
  managedPolicies: string[];
  permissionsBoundary?: string;
  /** GitHub subjects trusted directly by the deploy role; empty: only the project's admin role. */
  oidcSubjects: string[];
  /** The plan role's infrastructure permissions there (default: the project's planManagedPolicies). */
  planManagedPolicies: string[];
}

/** An environment account: where projects' deploy roles live, managed through `managementRole`. */
export interface EnvironmentAccount {
  name: string;
  account: string;
  managementRole: string;
}

export interface ProjectConfig {
  name: string;
  repo: string;
  /** Subjects the apply role trusts: by default the default branch and the GitHub environments only. */
  oidcSubjects: string[];
  repoId?: number;
  /** The repository's default branch, whose pushes may apply. */
  defaultBranch: string;
  /** GitHub environments whose jobs may apply (subject `repo:<repo>:environment:<name>`). */
  githubEnvironments: string[];
  /**
   * The team accepts that every workflow of the repo (pull requests included) gets the apply role: the old
   * `repo:<repo>:*` trust, and no plan role.
   */
  allowPullRequestApply: boolean;
  /** Infrastructure permissions of the plan role tf-<p>.plan (read-only by default). */
  planManagedPolicies: string[];
  humans: string[];
  managedPolicies: string[];
  /** Declared inline policies (name -> document, read from the files the config names). */
  inlinePolicies: Record<string, PolicyDocument>;
  permissionsBoundary?: string;
  reads: string[];
  access: Access;
  locking: LockingMode;
  encryption: Encryption;
  keepStateVersions: number;
  noncurrentDays: number;
  fence: boolean;
  /** The environment accounts it deploys to, in the config's order; absent for a single-account project. */
  environments?: ProjectEnvironment[];
}

export interface Config {
  version: 1;
  /** Path of the file this came from, for messages. */
  file: string;
  account: string;
  region: string;
  github: { org: string; ownerId?: number };
  humans: string[];
  admins: string[];
  tags: Record<string, string>;
  managedBy: string;
  /** Activate the Project tag as a cost allocation tag (Cost Explorer); off unless the config says so. */
  costAllocation: boolean;
  /** Keep tf-state-boundary and set it on every role with infrastructure permissions and no boundary of its own. */
  stateBoundary: boolean;
  projects: ProjectConfig[];
  /** Environment accounts (seed 002), in the config's order; absent when the config has none. */
  environments?: EnvironmentAccount[];
}
