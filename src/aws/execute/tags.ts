// Tag writes from a change's complete old and new sets: what to set, and which keys to remove.
import type { Tags } from '../../model/types.ts';

const AWS_RESERVED = 'aws:';

export function tagList(tags: Tags): Array<{ Key: string; Value: string }> {
  return Object.entries(tags)
    .filter(([key]) => !key.startsWith(AWS_RESERVED))
    .map(([Key, Value]) => ({ Key, Value }));
}

/** Keys in `old` that `next` no longer has; AWS's own keys are never removed. */
export function removedTagKeys(old: unknown, next: Tags): string[] {
  const previous = (old ?? {}) as Tags;
  return Object.keys(previous).filter((key) => !key.startsWith(AWS_RESERVED) && !(key in next));
}

/**
 * The set a whole-set write (S3's PutBucketTagging) must send: the live set as read now, minus the keys the
 * plan removes (in `old`, not in `next`), plus `next`. A key added by someone after the plan was made is in
 * neither `old` nor `next`, so it stays.
 */
export function mergeTagWrite(live: Tags, old: unknown, next: Tags): Tags {
  const removed = new Set(removedTagKeys(old, next));
  const kept = Object.entries(live).filter(([key]) => !key.startsWith(AWS_RESERVED) && !removed.has(key));
  return { ...Object.fromEntries(kept), ...next };
}
