// The reads of a migration: state objects as exact text, the `-md5` digest, the workspaces of a source key,
// whether the destination bucket exists, and who holds terraform's lock on either side.
import { readFileSync } from 'node:fs';
import * as DDB from '@aws-sdk/client-dynamodb';
import * as S3 from '@aws-sdk/client-s3';
import { digestItemId, lockTableName } from '../../backend/keys.ts';
import type { BackendTarget } from '../../backend/types.ts';
import { StatewardError } from '../../errors.ts';
import type { LockInfo } from '../../state/lock-info.ts';
import type { AwsClients } from '../clients.ts';
import { mustStateCall, type StateCallContext, stateCall } from '../state/errors.ts';
import { readLockItem } from '../state/lock-item.ts';
import { readLockObject } from '../state/lock-object.ts';
import { lockItemRef, lockObjectRef, usesLockItem, usesLockObject } from '../state/state-lock.ts';

export const MIGRATE_CONTEXT: StateCallContext = { command: 'migrate' };

/** The object's text, or undefined when there is none. Refused when its bytes are not UTF-8 (no lossless copy). */
export async function readObjectText(clients: AwsClients, bucket: string, key: string): Promise<string | undefined> {
  const bytes = await stateCall(
    clients,
    MIGRATE_CONTEXT,
    async (c) => {
      const result = await c.s3.send(new S3.GetObjectCommand({ Bucket: bucket, Key: key }));
      return (await result.Body?.transformToByteArray()) ?? new Uint8Array();
    },
    ['NoSuchKey', 'NotFound'],
  );
  return bytes === undefined ? undefined : exactText(bytes, `s3://${bucket}/${key}`);
}

export function readFileText(path: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (cause) {
    throw new StatewardError(
      'MIGRATE_SOURCE_UNREADABLE',
      `Cannot read the state file ${path}: ${(cause as Error).message}.`,
      'Give the path of the terraform.tfstate to migrate (relative to the current directory).',
      { cause },
    );
  }
  return exactText(bytes, path);
}

function exactText(bytes: Uint8Array, label: string): string {
  const text = Buffer.from(bytes).toString('utf8');
  if (!Buffer.from(text, 'utf8').equals(Buffer.from(bytes))) {
    throw new StatewardError(
      'STATE_CORRUPT',
      `The state in ${label} is not UTF-8 text, so it cannot be copied byte for byte.`,
      'Inspect it; terraform writes its state as UTF-8 JSON.',
    );
  }
  return text;
}

export async function bucketExists(clients: AwsClients, bucket: string): Promise<boolean> {
  const found = await stateCall(
    clients,
    MIGRATE_CONTEXT,
    (c) => c.s3.send(new S3.HeadBucketCommand({ Bucket: bucket })),
    ['NotFound', 'NoSuchBucket'],
  );
  return found !== undefined;
}

/** The `-md5` Digest of the target's state, or null when the table has no digest item. */
export async function readDigest(clients: AwsClients, target: BackendTarget): Promise<string | null> {
  const result = await mustStateCall(clients, MIGRATE_CONTEXT, (c) =>
    c.dynamodb.send(
      new DDB.GetItemCommand({
        TableName: lockTableName(target),
        Key: { LockID: { S: digestItemId(target) } },
        ConsistentRead: true,
      }),
    ),
  );
  return result.Item?.Digest?.S ?? null;
}

/** Whoever holds terraform's lock on the target, in any store of its lock mode. */
export async function lockHolder(clients: AwsClients, target: BackendTarget): Promise<LockInfo | undefined> {
  if (usesLockObject(target)) {
    const holder = await readLockObject(clients, MIGRATE_CONTEXT, lockObjectRef(target));
    if (holder) return holder;
  }
  if (usesLockItem(target)) return (await readLockItem(clients, MIGRATE_CONTEXT, lockItemRef(target)))?.info;
  return undefined;
}

/** The named workspaces of `key` in the bucket: objects `env:/<workspace>/<key>`. */
export async function listObjectKeys(clients: AwsClients, bucket: string, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let ContinuationToken: string | undefined;
  do {
    const page = await mustStateCall(clients, MIGRATE_CONTEXT, (c) =>
      c.s3.send(new S3.ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken })),
    );
    keys.push(...(page.Contents ?? []).flatMap((o) => (o.Key ? [o.Key] : [])));
    ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (ContinuationToken);
  return keys;
}
