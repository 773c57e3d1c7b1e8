// State buckets of the account: every bucket named tfstate-*, and every other bucket that holds *.tfstate
// objects. A bucket whose listing or settings cannot be read is reported, never skipped.
import * as S3 from '@aws-sdk/client-s3';
import type { AuditBucket } from '../../audit/snapshot.ts';
import { BUCKET_PREFIX, bucketArn } from '../../names/naming.ts';
import { readBucketSettings } from '../observe/bucket-settings.ts';
import type { Reader } from '../observe/read.ts';
import { capture, type ErrorSink } from './capture.ts';
import { holdsState } from './objects.ts';

/** Every bucket of the account by name, with its region when the listing gives it (AWS does). */
export async function listAllBuckets(reader: Reader): Promise<Map<string, string | undefined>> {
  const found: Array<[string, string | undefined]> = [];
  let ContinuationToken: string | undefined;
  do {
    const page = await reader.must((c) =>
      c.s3.send(new S3.ListBucketsCommand({ MaxBuckets: 1000, ContinuationToken })),
    );
    found.push(
      ...(page.Buckets ?? []).flatMap((b) =>
        b.Name ? [[b.Name, b.BucketRegion || undefined] as [string, string | undefined]] : [],
      ),
    );
    ContinuationToken = page.ContinuationToken;
  } while (ContinuationToken);
  return new Map(found.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** `tfstate-<project>-<account>` -> project; any other name -> null. */
export function projectOfBucket(name: string, account: string): string | null {
  const suffix = `-${account}`;
  if (!name.startsWith(BUCKET_PREFIX) || !name.endsWith(suffix)) return null;
  const project = name.slice(BUCKET_PREFIX.length, name.length - suffix.length);
  return project === '' ? null : project;
}

export async function discoverBuckets(reader: Reader, account: string, errors: ErrorSink): Promise<AuditBucket[]> {
  const listed = await listAllBuckets(reader);
  const found = await Promise.all([...listed.keys()].map((name) => classify(reader, name, account, errors)));
  const buckets = found.filter((b): b is AuditBucket => b !== undefined);
  await Promise.all(
    buckets.map(async (bucket) => {
      const settings = await capture(errors, bucket.arn, bucket.project, () =>
        readBucketSettings(reader, bucket.name, listed.get(bucket.name)),
      );
      if (settings) bucket.settings = { name: bucket.name, status: 'present', ...settings };
    }),
  );
  return buckets;
}

async function classify(
  reader: Reader,
  name: string,
  account: string,
  errors: ErrorSink,
): Promise<AuditBucket | undefined> {
  const base = { name, arn: bucketArn(name), project: projectOfBucket(name, account) };
  if (name.startsWith(BUCKET_PREFIX)) return { ...base, discoveredBy: 'name' };
  const state = await capture(errors, base.arn, null, () => holdsState(reader, name));
  return state ? { ...base, discoveredBy: 'objects' } : undefined;
}
