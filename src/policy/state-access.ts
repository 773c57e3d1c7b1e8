// The inline policy of tf-<project>: exactly what Terraform's s3 backend needs for the project's
// grants (reference §7), per lock mode, and nothing on any other key of the bucket.
import type { Config, Grant, ProjectConfig } from '../config/types.ts';
import type { PolicyDocument, Statement } from '../iam/document.ts';
import { bucketArn, bucketName, lockTableArn } from '../names/naming.ts';
import { kmsStatement } from './kms.ts';
import { remoteStateStatements } from './remote-state.ts';
import {
  digestItemId,
  dropCovered,
  grantStateKeys,
  grantWorkspaceKeys,
  lockItemId,
  lockKey,
  objectArn,
} from './state-keys.ts';
import { allow, lockItemCondition, mergeConditions } from './statement.ts';

/**
 * The plan role's state access: every grant the project has, at plan level at most (apply grants become plan
 * grants), so it reads the state and takes the lock as `terraform plan` does, and never writes a state or a
 * digest.
 */
export function buildPlanStateAccessPolicy(project: ProjectConfig, config: Config): PolicyDocument {
  const { apply, plan, read } = project.access;
  return buildStateAccessPolicy({ ...project, access: { apply: [], plan: [...apply, ...plan], read } }, config);
}

export function buildStateAccessPolicy(project: ProjectConfig, config: Config): PolicyDocument {
  const bucket = bucketName(project.name, config.account);
  const grants = levels(project);
  const statements: Statement[] = [
    // ★ (reference §7.1): on AWS a HeadObject of a missing key answers 404 only to a caller that may
    // s3:ListBucket, else 403, which Terraform treats as fatal; so the first init/plan/apply and
    // `workspace new` need ListBucket in the HeadObject's context, which carries no s3:prefix. A prefix
    // condition would therefore break them. Left unconditioned, it exposes only key names of this
    // project's own bucket: no other project's state lives there.
    allow('ListStateBucket', ['s3:ListBucket'], [bucketArn(bucket)]),
    allow('ReadState', ['s3:GetObject'], objects(bucket, grants.all.flatMap(grantStateKeys))),
    ...writeStatements(bucket, grants.apply),
    ...(project.locking === 'dynamodb' ? [] : lockFileStatements(bucket, grants.locking)),
    ...(project.locking === 'lockfile'
      ? []
      : lockTableStatements(bucket, grants, lockTableArn(config.region, config.account))),
    ...kmsStatement('StateKmsKey', project, config.region, grants.locking.length > 0 ? 'write' : 'read'),
    ...remoteStateStatements(project, config),
  ];
  return { Version: '2012-10-17', Statement: statements.map((s) => inAccount(s, config.account)) };
}

/**
 * Bucket names are global and ours are predictable: a bucket of the same name in another account that
 * allows everyone would receive the state, and Terraform sends no expected-bucket-owner. So every S3
 * grant holds only for buckets of the config's account.
 */
function inAccount(statement: Statement, account: string): Statement {
  const actions = typeof statement.Action === 'string' ? [statement.Action] : (statement.Action ?? []);
  if (actions.length === 0 || !actions.every((action) => action.startsWith('s3:'))) return statement;
  return {
    ...statement,
    Condition: mergeConditions(statement.Condition ?? {}, { StringEquals: { 's3:ResourceAccount': account } }),
  };
}

interface GrantsByUse {
  all: Grant[];
  /** apply and plan: the grants that take Terraform's lock. */
  locking: Grant[];
  apply: Grant[];
}

function levels(project: ProjectConfig): GrantsByUse {
  const { apply, plan, read } = project.access;
  return { all: [...apply, ...plan, ...read], locking: [...apply, ...plan], apply };
}

const objects = (bucket: string, keys: string[]): string[] => dropCovered(keys).map((key) => objectArn(bucket, key));

function writeStatements(bucket: string, apply: Grant[]): Statement[] {
  if (apply.length === 0) return [];
  const statements = [
    // AbortMultipartUpload: states >= 5 MiB are uploaded in parts; a failed upload is aborted.
    allow('WriteState', ['s3:PutObject', 's3:AbortMultipartUpload'], objects(bucket, apply.flatMap(grantStateKeys))),
  ];
  const workspaceKeys = apply.flatMap(grantWorkspaceKeys);
  if (workspaceKeys.length > 0)
    statements.push(allow('DeleteWorkspaceState', ['s3:DeleteObject'], objects(bucket, workspaceKeys)));
  return statements;
}

function lockFileStatements(bucket: string, locking: Grant[]): Statement[] {
  if (locking.length === 0) return [];
  const locks = objects(bucket, locking.flatMap(grantStateKeys).map(lockKey));
  return [
    // Terraform acquires with If-None-Match: * and nothing else ever writes a lock object.
    allow('AcquireLockFile', ['s3:PutObject'], locks, { StringEquals: { 's3:if-none-match': '*' } }),
    allow('ReleaseLockFile', ['s3:GetObject', 's3:DeleteObject'], locks),
  ];
}

function lockTableStatements(bucket: string, grants: GrantsByUse, table: string): Statement[] {
  const ids = (list: Grant[], id: (b: string, k: string) => string, keys = grantStateKeys) =>
    dropCovered(list.flatMap(keys)).map((key) => id(bucket, key));
  const statements: Statement[] = [];
  if (grants.locking.length > 0) {
    const locks = ids(grants.locking, lockItemId);
    statements.push(
      allow(
        'LockStateInTable',
        ['dynamodb:PutItem', 'dynamodb:GetItem'],
        [table],
        lockItemCondition(locks, ['LockID', 'Info']),
      ),
    );
    // DeleteItem names no attributes, so it gets no attribute condition (ForAllValues would be vacuous).
    statements.push(allow('ReleaseLockInTable', ['dynamodb:DeleteItem'], [table], lockItemCondition(locks)));
  }
  // The -md5 digest: read after every state read, written after every state write.
  statements.push(
    allow(
      'ReadStateDigest',
      ['dynamodb:GetItem'],
      [table],
      lockItemCondition(ids(grants.all, digestItemId), ['LockID', 'Digest']),
    ),
  );
  if (grants.apply.length > 0) {
    statements.push(
      allow(
        'WriteStateDigest',
        ['dynamodb:PutItem'],
        [table],
        lockItemCondition(ids(grants.apply, digestItemId), ['LockID', 'Digest']),
      ),
    );
    const workspaceDigests = ids(grants.apply, digestItemId, grantWorkspaceKeys);
    if (workspaceDigests.length > 0)
      statements.push(
        allow('DeleteWorkspaceDigest', ['dynamodb:DeleteItem'], [table], lockItemCondition(workspaceDigests)),
      );
  }
  return statements;
}
