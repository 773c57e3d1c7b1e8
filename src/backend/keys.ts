// Terraform's key layout in the bucket and the lock table (internal/backend/remote-state/s3, v1.11).
import {
  bucketArn,
  DEFAULT_WORKSPACE_KEY_PREFIX,
  DIGEST_SUFFIX,
  LOCK_TABLE,
  LOCKFILE_SUFFIX,
} from '../names/naming.ts';
import type { BackendTarget } from './types.ts';

export const DEFAULT_WORKSPACE = 'default';

/** Go's path.Join: empty elements dropped, then path.Clean (no '.', no '..', no doubled or trailing '/'). */
export function goPathJoin(...elements: string[]): string {
  const joined = elements.filter((e) => e !== '').join('/');
  if (joined === '') return '';
  const rooted = joined.startsWith('/');
  const parts: string[] = [];
  for (const part of joined.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..' && parts.length > 0 && parts[parts.length - 1] !== '..') parts.pop();
    else if (part !== '..' || !rooted) parts.push(part);
  }
  const cleaned = parts.join('/');
  if (rooted) return `/${cleaned}`;
  return cleaned === '' ? '.' : cleaned;
}

export function isDefaultWorkspace(target: BackendTarget): boolean {
  return target.workspace === undefined || target.workspace === DEFAULT_WORKSPACE;
}

export function workspaceKeyPrefix(target: BackendTarget): string {
  return target.workspaceKeyPrefix ?? DEFAULT_WORKSPACE_KEY_PREFIX;
}

/** The state object's key: the backend key, or path.Join(prefix, workspace, key) in a named workspace. */
export function stateObjectKey(target: BackendTarget): string {
  if (isDefaultWorkspace(target)) return target.key;
  return goPathJoin(workspaceKeyPrefix(target), target.workspace ?? DEFAULT_WORKSPACE, target.key);
}

export function lockObjectKey(target: BackendTarget): string {
  return `${stateObjectKey(target)}${LOCKFILE_SUFFIX}`;
}

/** The ListObjectsV2 prefix of the workspace listing: '<prefix>/', or the whole bucket for an empty prefix. */
export function listPrefix(target: BackendTarget): string {
  const prefix = workspaceKeyPrefix(target);
  return prefix === '' ? '' : `${prefix}/`;
}

/** DynamoDB LockID of the lock item; the `Path` inside every lock's JSON is the same string. */
export function lockItemId(target: BackendTarget): string {
  return `${target.bucket}/${stateObjectKey(target)}`;
}

export function digestItemId(target: BackendTarget): string {
  return `${lockItemId(target)}${DIGEST_SUFFIX}`;
}

export function lockTableName(target: BackendTarget): string {
  return target.lockTable ?? LOCK_TABLE;
}

export function lockTableArn(target: BackendTarget): string {
  return `arn:aws:dynamodb:${target.region}:${target.account}:table/${lockTableName(target)}`;
}

export function objectArn(target: BackendTarget, key: string): string {
  return `${bucketArn(target.bucket)}/${key}`;
}

export { bucketArn };
