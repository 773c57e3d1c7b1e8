// The states of a project's bucket and terraform's `-md5` digest items for them, for the lock-mode
// transitions of src/plan/lock-digests.ts. A state's body is read only where a digest must be written or
// removed: an object's ETag is the MD5 of its bytes for single-part SSE-S3 uploads, so a digest that
// equals it is in order without a GetObject.
import * as DDB from '@aws-sdk/client-dynamodb';
import * as S3 from '@aws-sdk/client-s3';
import type { LockingMode } from '../../config/types.ts';
import type { ObservedStateDigest } from '../../model/observed.ts';
import { DIGEST_SUFFIX, LOCK_TABLE } from '../../names/naming.ts';
import { needsStateBody } from '../../plan/lock-digests.ts';
import { stateDigest } from '../../state/restore-body.ts';
import { parseState } from '../../state/state-file.ts';
import type { Reader } from './read.ts';

/** `isProjectState`: which keys are the project's own; an adopted bucket may hold other teams' states too. */
export async function observeStateDigests(
  reader: Reader,
  bucket: string,
  locking: LockingMode,
  isProjectState: (key: string) => boolean,
): Promise<ObservedStateDigest[]> {
  const objects = (await stateObjects(reader, bucket)).filter(({ key }) => isProjectState(key));
  return Promise.all(
    objects.map(async ({ key, etag }) => {
      const observed: ObservedStateDigest = {
        key,
        stored: await storedDigest(reader, `${bucket}/${key}${DIGEST_SUFFIX}`),
      };
      if (!needsStateBody(locking, observed, etag)) return observed;
      const body = await reader.must(async (c) => {
        const result = await c.s3.send(new S3.GetObjectCommand({ Bucket: bucket, Key: key }));
        return Buffer.from((await result.Body?.transformToByteArray()) ?? []);
      });
      const state = parseState(body.toString('utf8'), `s3://${bucket}/${key}`);
      observed.state = {
        digest: stateDigest(body),
        lineage: state.lineage,
        serial: state.serial,
      };
      return observed;
    }),
  );
}

async function stateObjects(reader: Reader, Bucket: string): Promise<Array<{ key: string; etag?: string }>> {
  const found: Array<{ key: string; etag?: string }> = [];
  let ContinuationToken: string | undefined;
  do {
    const page = await reader.must((c) => c.s3.send(new S3.ListObjectsV2Command({ Bucket, ContinuationToken })));
    for (const o of page.Contents ?? []) {
      if (!o.Key?.endsWith('.tfstate')) continue;
      const etag = o.ETag?.replace(/"/g, '');
      found.push({ key: o.Key, ...(etag ? { etag } : {}) });
    }
    ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (ContinuationToken);
  return found;
}

/** The Digest of the item, or null when there is none (or no lock table at all). */
async function storedDigest(reader: Reader, lockId: string): Promise<string | null> {
  const result = await reader.read(
    (c) =>
      c.dynamodb.send(
        new DDB.GetItemCommand({
          TableName: LOCK_TABLE,
          Key: { LockID: { S: lockId } },
          ConsistentRead: true,
          ProjectionExpression: 'LockID, Digest',
        }),
      ),
    ['ResourceNotFoundException'],
  );
  return result?.Item?.Digest?.S ?? null;
}
