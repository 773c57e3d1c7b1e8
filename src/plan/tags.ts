// Tags compare as maps. Keys starting with "aws:" belong to AWS (CloudFormation, Service Catalog):
// they cannot be written or removed, so they are left out of every comparison and every write.
//
// Ownership: stateward owns exactly the keys it sets on a resource (the standard Project, ManagedBy,
// Repo, Environment where it sets them, and the config's `tags`). Every other key is someone else's:
// it is never compared and never removed, and each write carries it along. A key dropped from the
// config's `tags` is no longer set, so it is no longer owned either: it stays on the resources with its
// last value (stateward keeps no record of what it once set), and whoever wants it gone removes it.
import type { Tags } from '../model/types.ts';
import type { Change } from './change.ts';
import { type ChangeSpec, updateIf } from './make-change.ts';

const AWS_RESERVED = 'aws:';

export function userTags(tags: Tags | undefined): Tags {
  return Object.fromEntries(Object.entries(tags ?? {}).filter(([key]) => !key.startsWith(AWS_RESERVED)));
}

/** Whether every key stateward sets holds its value; the live resource's other keys do not matter. */
export function ownedTagsMatch(live: Tags | undefined, owned: Tags): boolean {
  const current = userTags(live);
  return Object.entries(userTags(owned)).every(([key, value]) => current[key] === value);
}

/** The complete set to write: the live tags that are not stateward's, kept as they are, plus stateward's. */
export function tagsToWrite(live: Tags | undefined, owned: Tags): Tags {
  return sortedTags({ ...userTags(live), ...owned });
}

/** The keys a write of `owned` adds or changes on the live resource, for the plan's one-line summary. */
export function changedTagKeys(live: Tags | undefined, owned: Tags): string[] {
  const current = userTags(live);
  return Object.keys(userTags(owned))
    .filter((key) => current[key] !== owned[key])
    .sort();
}

/** Desired tags in a stable key order, so plans and snapshots read the same every time. */
export function sortedTags(tags: Tags): Tags {
  return Object.fromEntries(Object.entries(userTags(tags)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

type TagsBase = Omit<ChangeSpec, 'setting' | 'action' | 'old' | 'new' | 'what'>;

/** The update of a resource's tags, or nothing when stateward's keys already hold their values. */
export function tagsChange(live: Tags | undefined, owned: Tags, base: TagsBase): Change[] {
  const changed = changedTagKeys(live, owned);
  const kept = Object.keys(userTags(live)).filter((key) => !(key in owned)).length;
  const keeping = kept > 0 ? `, keeping ${kept} other tag${kept === 1 ? '' : 's'}` : '';
  return updateIf(ownedTagsMatch(live, owned), {
    ...base,
    setting: 'tags',
    old: userTags(live),
    new: tagsToWrite(live, owned),
    what:
      Object.keys(userTags(live)).length === 0
        ? 'set tags'
        : `set tag${changed.length === 1 ? '' : 's'} ${changed.join(', ')}${keeping}`,
  });
}
