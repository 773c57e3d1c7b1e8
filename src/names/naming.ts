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

export function bucketName(project: string, account: string): string {
  return `${BUCKET_PREFIX}${project}-${account}`;
}

export function roleName(project: string): string {
  return `${ROLE_PREFIX}${project}`;
}

export function roleArn(account: string, project: string): string {
  return `arn:aws:iam::${account}:role/${roleName(project)}`;
}

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
