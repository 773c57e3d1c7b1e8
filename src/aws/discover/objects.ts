// Object listings of a bucket: whether it holds Terraform state (*.tfstate), and its lock files (*.tflock)
// with their LastModified times.
import * as S3 from '@aws-sdk/client-s3';
import { LOCKFILE_SUFFIX } from '../../names/naming.ts';
import type { Reader } from '../observe/read.ts';

export interface LockObject {
  key: string;
  lastModified: string;
}

/** Pages of ListObjectsV2 until `stop` says so; every page one limited read. */
async function eachPage(reader: Reader, Bucket: string, visit: (objects: S3._Object[]) => boolean): Promise<void> {
  let ContinuationToken: string | undefined;
  do {
    const page = await reader.must((c) => c.s3.send(new S3.ListObjectsV2Command({ Bucket, ContinuationToken })));
    if (visit(page.Contents ?? [])) return;
    ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (ContinuationToken);
}

export async function holdsState(reader: Reader, bucket: string): Promise<boolean> {
  let found = false;
  await eachPage(reader, bucket, (objects) => (found = objects.some((o) => o.Key?.endsWith('.tfstate'))));
  return found;
}

export async function lockObjects(reader: Reader, bucket: string): Promise<LockObject[]> {
  const locks: LockObject[] = [];
  await eachPage(reader, bucket, (objects) => {
    for (const o of objects) {
      if (o.Key?.endsWith(LOCKFILE_SUFFIX))
        locks.push({ key: o.Key, lastModified: (o.LastModified ?? new Date(0)).toISOString() });
    }
    return false;
  });
  return locks;
}

/** A lock object's body (Terraform's lock info JSON). */
export async function readLockBody(reader: Reader, Bucket: string, Key: string): Promise<string> {
  const result = await reader.must((c) => c.s3.send(new S3.GetObjectCommand({ Bucket, Key })));
  return (await result.Body?.transformToString()) ?? '';
}
