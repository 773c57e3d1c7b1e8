// Which state buckets exist and whose they are. A bucket in the account's own list is ours; a name that is
// not in the list but answers HeadBucket (200, or 403 because ExpectedBucketOwner does not match) belongs to
// another account: S3 names are global. Only 404 means the name is free.
import * as S3 from '@aws-sdk/client-s3';
import { StatewardError } from '../../errors.ts';
import type { ObservedBucket } from '../../model/observed.ts';
import { BUCKET_PREFIX } from '../../names/naming.ts';
import { readBucketSettings } from './bucket-settings.ts';
import type { Reader } from './read.ts';

/** This account's buckets named `tfstate-*`, each with its region when the listing gives it (AWS does). */
export type StateBuckets = ReadonlyMap<string, string | undefined>;

export async function listStateBuckets(reader: Reader): Promise<StateBuckets> {
  const names = new Map<string, string | undefined>();
  let token: string | undefined;
  do {
    const page = await reader.must((c) =>
      c.s3.send(new S3.ListBucketsCommand({ Prefix: BUCKET_PREFIX, MaxBuckets: 1000, ContinuationToken: token })),
    );
    for (const bucket of page.Buckets ?? [])
      if (bucket.Name?.startsWith(BUCKET_PREFIX)) names.set(bucket.Name, bucket.BucketRegion || undefined);
    token = page.ContinuationToken;
  } while (token);
  return names;
}

export async function observeBucket(reader: Reader, name: string, owned: StateBuckets): Promise<ObservedBucket> {
  const status = await bucketStatus(reader, name, owned);
  // A bucket found only by the second listing has no region from the first: GetBucketLocation reads it.
  if (status === 'present') return { name, status, ...(await readBucketSettings(reader, name, owned.get(name))) };
  return { name, status };
}

/** Whether a state bucket is ours, another account's, or not there, without reading its settings. */
export async function bucketStatus(
  reader: Reader,
  name: string,
  owned: StateBuckets,
): Promise<ObservedBucket['status']> {
  if (owned.has(name)) return 'present';
  const probed = await probeUnlisted(reader, name);
  // Another apply of this account may have created it since the list was read: list once more before
  // calling it another account's.
  if (probed === 'foreign' && (await listStateBuckets(reader)).has(name)) return 'present';
  return probed;
}

async function probeUnlisted(reader: Reader, Bucket: string): Promise<'absent' | 'foreign'> {
  try {
    const found = await reader.read(
      (c) => c.s3.send(new S3.HeadBucketCommand({ Bucket })),
      ['NotFound', 'NoSuchBucket'],
    );
    return found === undefined ? 'absent' : 'foreign';
  } catch (error) {
    if (error instanceof StatewardError && error.code === 'AWS_ACCESS_DENIED') return 'foreign';
    throw error;
  }
}
