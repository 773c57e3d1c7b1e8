// Which denials Terraform survives (reference §6, §7 and §8).
import { DEFAULT_WORKSPACE_KEY_PREFIX } from '../names/naming.ts';
import { isDefaultWorkspace, workspaceKeyPrefix } from './keys.ts';
import type { RequestKind } from './kinds.ts';
import type { BackendRequest, BackendTarget } from './types.ts';

/**
 * Terraform >= 1.7 swallows AccessDenied on the workspace listing only for the default prefix 'env:', and
 * then sees only the default workspace. So a denied List is harmless only in the default workspace, and
 * only while the state exists: a HeadObject of a missing state needs s3:ListBucket for its 404 (★).
 */
export function listDenialTolerated(target: BackendTarget, stateMissing: boolean): boolean {
  return workspaceKeyPrefix(target) === DEFAULT_WORKSPACE_KEY_PREFIX && isDefaultWorkspace(target) && !stateMissing;
}

export function needOf(kind: RequestKind, api: string, listTolerated: boolean): BackendRequest['need'] {
  if (kind === 'bucket') return listTolerated ? 'optional' : 'required';
  // The digest check and the digest cleanup on workspace delete only log a warning when denied. The digest
  // write is kept required: a denied write leaves a stale digest that makes every later read fail.
  if (kind === 'digest-item' && (api === 'GetItem' || api === 'DeleteItem')) return 'optional';
  return 'required';
}
