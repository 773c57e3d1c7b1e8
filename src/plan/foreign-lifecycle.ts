// Lifecycle rules that are not stateward's but reach the state (issue 12, finding 1): a rule that expires
// current versions, or expires old versions sooner or keeps fewer of them than the config says, deletes
// what stateward promises to keep. Plan shows such a rule's removal for the user to approve; audit reports
// it. A rule that cannot touch a state object (another prefix, only aborting uploads) is left alone.
import type { ProjectConfig } from '../config/types.ts';
import type { BucketLifecycle } from '../model/types.ts';
import { grantStateKeys } from '../policy/state-keys.ts';

/** How many old versions stateward keeps, and for how long: a foreign rule must not keep less. */
export type VersionsKept = Pick<BucketLifecycle, 'noncurrentDays' | 'newerNoncurrentVersions'>;

export interface HarmfulRule {
  /** The rule as S3 returned it. */
  rule: unknown;
  id: string;
  /** What it does to the state, one clause each: "expires current state versions after 1 day". */
  harms: string[];
}

interface S3Rule {
  ID?: string;
  Status?: string;
  Prefix?: string;
  Filter?: { Prefix?: string; And?: { Prefix?: string } };
  Expiration?: { Days?: number; Date?: string | Date; ExpiredObjectDeleteMarker?: boolean };
  NoncurrentVersionExpiration?: { NoncurrentDays?: number; NewerNoncurrentVersions?: number };
}

/** The object keys (patterns, `*` and `?` wildcards) a project's states live at, lock files extend them. */
export function projectStateKeys(project: ProjectConfig): string[] {
  return [...new Set(Object.values(project.access).flatMap((grants) => grants.flatMap(grantStateKeys)))];
}

/**
 * The rules of `rules` that delete state versions stateward keeps. `stateKeys` null: where the states live
 * is unknown (a bucket not in the config), so every prefix may hold one. Only the prefix narrows a rule:
 * a tag or size filter still matches any state someone tags or that grows, so it counts as matching.
 */
export function harmfulLifecycleRules(
  rules: readonly unknown[],
  kept: VersionsKept,
  stateKeys: readonly string[] | null,
): HarmfulRule[] {
  return rules.flatMap((rule): HarmfulRule[] => {
    const r = (rule ?? {}) as S3Rule;
    if (r.Status !== 'Enabled') return [];
    const prefix = r.Filter?.Prefix ?? r.Filter?.And?.Prefix ?? r.Prefix ?? '';
    if (stateKeys !== null && !stateKeys.some((pattern) => prefixCanMatch(prefix, pattern))) return [];
    const harms = harmsOf(r, kept);
    return harms.length > 0 ? [{ rule, id: r.ID ?? '(no ID)', harms }] : [];
  });
}

function harmsOf(r: S3Rule, kept: VersionsKept): string[] {
  const harms: string[] = [];
  const current = r.Expiration;
  if (typeof current?.Days === 'number') harms.push(`expires current state versions after ${days(current.Days)}`);
  if (current?.Date !== undefined && current.Date !== null)
    harms.push(`expires current state versions on ${new Date(current.Date).toISOString().slice(0, 10)}`);
  const old = r.NoncurrentVersionExpiration;
  if (old) {
    const after = old.NoncurrentDays ?? 0;
    const newer = old.NewerNoncurrentVersions ?? 0;
    if (after < kept.noncurrentDays)
      harms.push(`expires old state versions after ${days(after)} (the config keeps them ${kept.noncurrentDays})`);
    if (newer < kept.newerNoncurrentVersions)
      harms.push(`keeps only ${newer} newer old versions (the config keeps ${kept.newerNoncurrentVersions})`);
  }
  return harms;
}

const days = (n: number) => `${n} day${n === 1 ? '' : 's'}`;

/** Whether some key matching `pattern` (IAM-style `*` and `?`) starts with `prefix`. */
export function prefixCanMatch(prefix: string, pattern: string): boolean {
  for (let i = 0; i < prefix.length; i++) {
    const p = pattern[i];
    if (p === undefined) return false;
    if (p === '*') return true;
    if (p !== '?' && p !== prefix[i]) return false;
  }
  return true;
}

/** The rules of `before` that `after` no longer holds (by value: a plan read back from JSON still compares). */
export function droppedRules(before: readonly unknown[] | undefined, after: readonly unknown[]): unknown[] {
  const kept = new Set(after.map((rule) => JSON.stringify(rule)));
  return (before ?? []).filter((rule) => !kept.has(JSON.stringify(rule)));
}

export const ruleId = (rule: unknown): string => (rule as S3Rule | null)?.ID ?? '(no ID)';
