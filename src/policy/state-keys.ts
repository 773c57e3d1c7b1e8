// Which objects and lock items a grant touches, spelled the way Terraform's s3 backend spells them.

import { goPathJoin } from '../backend/keys.ts';
import type { Grant } from '../config/types.ts';
import { bucketArn, DIGEST_SUFFIX, LOCKFILE_SUFFIX } from '../names/naming.ts';

/** Object keys (patterns) of a grant's states: the default-workspace key and `<prefix>/<workspace>/<key>`. */
export function grantStateKeys(grant: Grant): string[] {
  const keys = grant.defaultWorkspace ? [grant.key] : [];
  for (const workspace of grant.workspaces) keys.push(workspaceKey(grant, workspace));
  return dropCovered(keys);
}

/** Only the named-workspace keys (what `workspace delete` removes). */
export function grantWorkspaceKeys(grant: Grant): string[] {
  return dropCovered(grant.workspaces.map((workspace) => workspaceKey(grant, workspace)));
}

/** Terraform's layout, `path.Join(workspace_key_prefix, workspace, key)`, with the wildcards kept. */
function workspaceKey(grant: Grant, workspace: string): string {
  return goPathJoin(grant.workspaceKeyPrefix, workspace, grant.key);
}

export const lockKey = (stateKey: string): string => `${stateKey}${LOCKFILE_SUFFIX}`;
export const lockItemId = (bucket: string, stateKey: string): string => `${bucket}/${stateKey}`;
export const digestItemId = (bucket: string, stateKey: string): string => `${bucket}/${stateKey}${DIGEST_SUFFIX}`;
export const objectArn = (bucket: string, key: string): string => `${bucketArn(bucket)}/${key}`;

/** The `s3:prefix` Terraform lists workspaces with: `<workspace_key_prefix>/`. */
export const workspaceListPrefix = (grant: Grant): string => `${grant.workspaceKeyPrefix}/`;

/**
 * Removes patterns that another pattern in the list already matches, without losing precision.
 * Only the plain case is treated as covered: a literal matched by a pattern, or a pattern that
 * extends the literal stem of a trailing-`*` pattern. Anything subtler is kept (still correct, just longer).
 */
export function dropCovered(patterns: readonly string[]): string[] {
  const unique = [...new Set(patterns)];
  return unique.filter((p) => !unique.some((q) => q !== p && covers(q, p)));
}

function covers(wide: string, narrow: string): boolean {
  if (!/[*?]/.test(narrow)) return wildcardMatch(wide, narrow);
  const star = wide.indexOf('*');
  return star === wide.length - 1 && !wide.slice(0, star).includes('?') && narrow.startsWith(wide.slice(0, star));
}

export function wildcardMatch(pattern: string, value: string): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`, 's').test(value);
}

export const hasWildcard = (values: readonly string[]): boolean => values.some((v) => /[*?]/.test(v));
