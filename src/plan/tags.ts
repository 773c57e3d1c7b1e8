// Tags compare as maps. Keys starting with "aws:" belong to AWS (CloudFormation, Service Catalog):
// they cannot be written or removed, so they are left out of every comparison and every write.
import type { Tags } from '../model/types.ts';

const AWS_RESERVED = 'aws:';

export function userTags(tags: Tags | undefined): Tags {
  return Object.fromEntries(Object.entries(tags ?? {}).filter(([key]) => !key.startsWith(AWS_RESERVED)));
}

export function tagsEqual(a: Tags | undefined, b: Tags | undefined): boolean {
  const left = userTags(a);
  const right = userTags(b);
  const keys = Object.keys(left);
  return keys.length === Object.keys(right).length && keys.every((key) => right[key] === left[key]);
}

/** Desired tags in a stable key order, so plans and snapshots read the same every time. */
export function sortedTags(tags: Tags): Tags {
  return Object.fromEntries(Object.entries(userTags(tags)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
