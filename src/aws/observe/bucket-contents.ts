// What an existing bucket holds before stateward adopts it: how many objects, and which are Terraform
// states (*.tfstate). Read only for a bucket stateward has not tagged yet, and at most MAX_PAGES pages, so
// a converged account and a huge bucket cost no more than a few calls.
import * as S3 from '@aws-sdk/client-s3';
import { StatewardError } from '../../errors.ts';
import type { BucketContents } from '../../model/observed.ts';
import type { Reader } from './read.ts';

const MAX_PAGES = 10;
const STATE_SUFFIX = '.tfstate';

/** A policy that keeps the caller out (a fence written before the tags) leaves the contents unknown, not fatal. */
export async function readBucketContents(reader: Reader, Bucket: string): Promise<BucketContents> {
  try {
    return await listContents(reader, Bucket);
  } catch (error) {
    if (error instanceof StatewardError && error.code === 'AWS_ACCESS_DENIED')
      return { objects: 0, stateKeys: [], complete: false, denied: true };
    throw error;
  }
}

async function listContents(reader: Reader, Bucket: string): Promise<BucketContents> {
  let objects = 0;
  const stateKeys: string[] = [];
  let ContinuationToken: string | undefined;
  for (let pages = 0; pages < MAX_PAGES; pages++) {
    const page = await reader.must((c) => c.s3.send(new S3.ListObjectsV2Command({ Bucket, ContinuationToken })));
    for (const object of page.Contents ?? []) {
      objects += 1;
      if (object.Key?.endsWith(STATE_SUFFIX)) stateKeys.push(object.Key);
    }
    ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    if (!ContinuationToken) return { objects, stateKeys: stateKeys.sort(), complete: true };
  }
  return { objects, stateKeys: stateKeys.sort(), complete: false };
}
