// stateward's lifecycle rule in S3's own shape (the SDK's LifecycleRule), and back. observe() parses
// the live rule with statewardLifecycle(); the executor writes lifecycleRule(); both agree on the ID.
import type { BucketLifecycle } from '../model/types.ts';

export const LIFECYCLE_RULE_ID = 'stateward-state-versions';

export interface S3LifecycleRule {
  ID: string;
  Status: 'Enabled';
  Filter: { Prefix: string };
  NoncurrentVersionExpiration: { NoncurrentDays: number; NewerNoncurrentVersions: number };
  AbortIncompleteMultipartUpload: { DaysAfterInitiation: number };
}

/** The whole bucket: every state key, every workspace, keeps the newest versions. */
export function lifecycleRule(lifecycle: BucketLifecycle): S3LifecycleRule {
  return {
    ID: LIFECYCLE_RULE_ID,
    Status: 'Enabled',
    Filter: { Prefix: '' },
    NoncurrentVersionExpiration: {
      NoncurrentDays: lifecycle.noncurrentDays,
      NewerNoncurrentVersions: lifecycle.newerNoncurrentVersions,
    },
    AbortIncompleteMultipartUpload: { DaysAfterInitiation: lifecycle.abortIncompleteMultipartUploadDays },
  };
}

/**
 * stateward's settings from a live rule with our ID, or null when the rule is not exactly ours in
 * effect (disabled, filtered to a prefix, missing a part, or doing more, such as expiring current
 * versions): the planner then rewrites it.
 */
export function statewardLifecycle(rule: unknown): BucketLifecycle | null {
  const r = rule as Partial<S3LifecycleRule> & { Prefix?: string };
  if (!r || r.ID !== LIFECYCLE_RULE_ID || r.Status !== 'Enabled') return null;
  const prefix = r.Filter?.Prefix ?? r.Prefix ?? '';
  const narrowed = Object.keys(r.Filter ?? {}).some((key) => key !== 'Prefix');
  const expiration = r.NoncurrentVersionExpiration;
  const abort = r.AbortIncompleteMultipartUpload;
  if (prefix !== '' || narrowed || !expiration || !abort || EXTRA_ACTIONS.some((key) => present(r, key))) return null;
  const values = [expiration.NoncurrentDays, expiration.NewerNoncurrentVersions, abort.DaysAfterInitiation];
  if (!values.every((n) => typeof n === 'number')) return null;
  return {
    noncurrentDays: expiration.NoncurrentDays,
    newerNoncurrentVersions: expiration.NewerNoncurrentVersions,
    abortIncompleteMultipartUploadDays: abort.DaysAfterInitiation,
  };
}

/** What a rule can do beyond stateward's: an added one makes the rule someone else's in effect. */
const EXTRA_ACTIONS = ['Expiration', 'Transitions', 'NoncurrentVersionTransitions'];

function present(rule: object, key: string): boolean {
  const value = (rule as Record<string, unknown>)[key];
  return value !== undefined && value !== null && !(Array.isArray(value) && value.length === 0);
}

export function lifecyclesEqual(a: BucketLifecycle | null | undefined, b: BucketLifecycle | null | undefined): boolean {
  if (!a || !b) return !a && !b;
  return (
    a.noncurrentDays === b.noncurrentDays &&
    a.newerNoncurrentVersions === b.newerNoncurrentVersions &&
    a.abortIncompleteMultipartUploadDays === b.abortIncompleteMultipartUploadDays
  );
}
