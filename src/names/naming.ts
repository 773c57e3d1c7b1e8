// The naming shape of the pattern (DESIGN §1). One place, so audit and plan agree on what "ours" is.

export const BUCKET_PREFIX = 'tfstate-';
export const ROLE_PREFIX = 'tf-';
export const STATE_ACCESS_POLICY_NAME = 'stateward-state-access';
export const OPERATORS_GROUP = 'tf-operators';
export const ASSUME_ROLES_POLICY = 'tf-assume-roles';
export const LOCK_TABLE = 'terraform-locks';
export const GITHUB_OIDC_HOST = 'token.actions.githubusercontent.com';
export const GITHUB_OIDC_AUDIENCE = 'sts.amazonaws.com';
export const BOOTSTRAP_PREFIX = '_bootstrap/';
export const DEFAULT_WORKSPACE_KEY_PREFIX = 'env:';
export const MAX_SESSION_SECONDS = 3600;
export const LOCKFILE_SUFFIX = '.tflock';
export const DIGEST_SUFFIX = '-md5';
/** The plan role's default infrastructure permissions: read everything, change nothing. */
export const READ_ONLY_ACCESS_POLICY = 'arn:aws:iam::aws:policy/ReadOnlyAccess';

export function bucketName(project: string, account: string): string {
  return `${BUCKET_PREFIX}${project}-${account}`;
}

export function roleName(project: string): string {
  return `${ROLE_PREFIX}${project}`;
}

export function roleArn(account: string, project: string): string {
  return `arn:aws:iam::${account}:role/${roleName(project)}`;
}

/**
 * The plan-only role of a project, the one pull requests assume. A dot cannot appear in a kebab-case project
 * name, so `tf-<p>.plan` is never another project's apply role, and it stays inside the `tf-*` pattern that
 * the humans' group policy, the fences and audit match.
 */
export const PLAN_ROLE_SUFFIX = '.plan';

export function planRoleName(project: string): string {
  return `${roleName(project)}${PLAN_ROLE_SUFFIX}`;
}

export function planRoleArn(account: string, project: string): string {
  return `arn:aws:iam::${account}:role/${planRoleName(project)}`;
}

export type RoleKind = 'apply' | 'plan';

/** The project and kind of a role name stateward writes (the inverse of roleName and planRoleName). */
export function roleOfName(name: string): { project: string; kind: RoleKind } | undefined {
  if (!name.startsWith(ROLE_PREFIX)) return undefined;
  const rest = name.slice(ROLE_PREFIX.length);
  const plan = rest.endsWith(PLAN_ROLE_SUFFIX);
  const project = plan ? rest.slice(0, -PLAN_ROLE_SUFFIX.length) : rest;
  if (!KEBAB_CASE.test(project)) return undefined;
  return { project, kind: plan ? 'plan' : 'apply' };
}

/** The shape of a project name: lowercase letters, digits and single hyphens (never a dot). */
export const KEBAB_CASE = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export function userArn(account: string, user: string): string {
  return `arn:aws:iam::${account}:user/${user}`;
}

export function oidcProviderArn(account: string): string {
  return `arn:aws:iam::${account}:oidc-provider/${GITHUB_OIDC_HOST}`;
}

export function assumeRolesPolicyArn(account: string): string {
  return `arn:aws:iam::${account}:policy/${ASSUME_ROLES_POLICY}`;
}

export function lockTableArn(region: string, account: string): string {
  return `arn:aws:dynamodb:${region}:${account}:table/${LOCK_TABLE}`;
}

export function defaultStateKey(project: string): string {
  return `${project}/terraform.tfstate`;
}

export function bucketArn(bucket: string): string {
  return `arn:aws:s3:::${bucket}`;
}

/** The longest project name whose bucket name still fits S3's 63 characters. */
export const MAX_PROJECT_NAME = 63 - BUCKET_PREFIX.length - 1 - 12;
