// A project's state bucket: its creation, then each setting as its own change. A bucket that does not
// exist yet has every setting planned (old = null): S3's defaults differ between AWS and emulators,
// so the plan never relies on them.

import type { ObservedBucket } from '../model/observed.ts';
import type { BucketEncryption, DesiredBucket, PublicAccessBlock } from '../model/types.ts';
import { foreignStatementCount, mergeBucketPolicy, statewardStatementsMatch } from './bucket-policy-merge.ts';
import type { BucketCreate, BucketLifecycleConfig, Change } from './change.ts';
import { changeId } from './change.ts';
import { harmfulLifecycleRules } from './foreign-lifecycle.ts';
import { lifecyclesEqual } from './lifecycle.ts';
import { type ChangeSpec, makeChange, updateIf } from './make-change.ts';
import { tagsChange } from './tags.ts';

type Setting = (
  desired: DesiredBucket,
  observed: ObservedBucket,
  base: Omit<ChangeSpec, 'setting' | 'action' | 'old' | 'new' | 'what'>,
  stateKeys: readonly string[],
) => Change[];

/** `stateKeys`: where the project's states live (a foreign lifecycle rule on another prefix cannot harm them). */
export function diffBucket(
  desired: DesiredBucket,
  observed: ObservedBucket,
  project: string,
  stateKeys: readonly string[],
): Change[] {
  const absent = observed.status === 'absent';
  const createId = changeId('bucket', desired.name, 'resource');
  const base = {
    project,
    resourceType: 'bucket' as const,
    resourceName: desired.name,
    after: absent ? [createId] : [],
  };
  const creation = absent
    ? [
        makeChange({
          ...base,
          after: [],
          setting: 'resource',
          action: 'create',
          old: null,
          new: { name: desired.name, region: desired.region } satisfies BucketCreate,
          what: `create state bucket ${desired.name} in ${desired.region}`,
        }),
      ]
    : [];
  const current: ObservedBucket = absent ? { name: observed.name, status: 'absent' } : observed;
  return [...creation, ...SETTINGS.flatMap((setting) => setting(desired, current, base, stateKeys))];
}

const versioning: Setting = (d, o, base) =>
  updateIf(o.versioning === d.versioning, {
    ...base,
    setting: 'versioning',
    old: o.versioning ?? null,
    new: d.versioning,
    what: 'turn on versioning',
  });

const encryption: Setting = (d, o, base) =>
  updateIf(encryptionEqual(o.encryption, d.encryption), {
    ...base,
    setting: 'encryption',
    old: o.encryption ?? null,
    new: d.encryption,
    what: `set default encryption to ${describeEncryption(d.encryption)}`,
  });

const publicAccessBlock: Setting = (d, o, base) =>
  updateIf(pabEqual(o.publicAccessBlock, d.publicAccessBlock), {
    ...base,
    setting: 'publicAccessBlock',
    old: o.publicAccessBlock ?? null,
    new: d.publicAccessBlock,
    what: 'block all public access',
  });

const ownership: Setting = (d, o, base) =>
  updateIf(o.ownership === d.ownership, {
    ...base,
    setting: 'ownership',
    old: o.ownership ?? null,
    new: d.ownership,
    what: `set object ownership to ${d.ownership}`,
  });

const policy: Setting = (d, o, base) => {
  const kept = foreignStatementCount(o.policy);
  const what = `write stateward's bucket policy statements${kept > 0 ? `, keeping ${kept} other statement${kept === 1 ? '' : 's'}` : ''}`;
  return updateIf(statewardStatementsMatch(o.policy, d.policy), {
    ...base,
    setting: 'policy',
    old: o.policy ?? null,
    new: mergeBucketPolicy(o.policy, d.policy),
    what,
  });
};

/** stateward's rule, and the removal of any foreign rule that deletes state versions it keeps. */
const lifecycle: Setting = (d, o, base, stateKeys) => {
  const others = o.lifecycle?.otherRules ?? [];
  const harmful = harmfulLifecycleRules(others, d.lifecycle, stateKeys);
  const next: BucketLifecycleConfig = {
    stateward: d.lifecycle,
    otherRules: others.filter((rule) => !harmful.some((h) => h.rule === rule)),
  };
  const removals = harmful.map((h) => `remove lifecycle rule "${h.id}", which ${h.harms.join(' and ')}; `).join('');
  const what = `${removals}keep the newest ${d.lifecycle.newerNoncurrentVersions} old state versions, expire older ones after ${d.lifecycle.noncurrentDays} days`;
  return updateIf(lifecyclesEqual(o.lifecycle?.stateward, d.lifecycle) && harmful.length === 0, {
    ...base,
    setting: 'lifecycle',
    old: o.lifecycle ?? null,
    new: next,
    what,
  });
};

const tags: Setting = (d, o, base) => tagsChange(o.tags, d.tags, base);

const SETTINGS: Setting[] = [versioning, encryption, publicAccessBlock, ownership, policy, lifecycle, tags];

function encryptionEqual(observed: ObservedBucket['encryption'], desired: BucketEncryption): boolean {
  if (!observed || observed.algorithm !== desired.algorithm) return false;
  if (desired.algorithm === 'AES256') return true;
  const live = observed as { kmsKeyArn?: string; bucketKeyEnabled?: boolean };
  return live.kmsKeyArn === desired.kmsKeyArn && live.bucketKeyEnabled === desired.bucketKeyEnabled;
}

function pabEqual(observed: PublicAccessBlock | null | undefined, desired: PublicAccessBlock): boolean {
  if (!observed) return false;
  return (Object.keys(desired) as Array<keyof PublicAccessBlock>).every((flag) => observed[flag] === desired[flag]);
}

function describeEncryption(encryption: BucketEncryption): string {
  return encryption.algorithm === 'AES256' ? 'SSE-S3 (AES256)' : `SSE-KMS with key ${encryption.kmsKeyArn}`;
}
