// The `.tflock` object of terraform's lockfile mode: read, create-if-absent (If-None-Match: *), delete.
import * as S3 from '@aws-sdk/client-s3';
import type { Encryption } from '../../config/types.ts';
import { type LockInfo, parseLockInfo, serializeLockInfo } from '../../state/lock-info.ts';
import type { AwsClients } from '../clients.ts';
import { httpStatusOf, isAwsError } from '../errors.ts';
import { mustStateCall, type StateCallContext, stateCall, translateStateError } from './errors.ts';

export interface ObjectRef {
  bucket: string;
  key: string;
}

export const objectName = (ref: ObjectRef) => `s3://${ref.bucket}/${ref.key}`;

/** The lock info in the object, or undefined when there is none. */
export async function readLockObject(
  clients: AwsClients,
  context: StateCallContext,
  ref: ObjectRef,
): Promise<LockInfo | undefined> {
  const body = await stateCall(
    clients,
    context,
    async (c) => {
      const result = await c.s3.send(new S3.GetObjectCommand({ Bucket: ref.bucket, Key: ref.key }));
      return (await result.Body?.transformToString('utf8')) ?? '';
    },
    ['NoSuchKey', 'NotFound'],
  );
  return body === undefined ? undefined : parseLockInfo(body, objectName(ref));
}

/** SSE headers as `encrypt = true` (and `kms_key_id`) make terraform send them on the state and the lock. */
export function sseParams(
  encryption: Encryption | undefined,
): Pick<S3.PutObjectCommandInput, 'ServerSideEncryption' | 'SSEKMSKeyId'> {
  if (!encryption) return {};
  if (encryption.type === 'sse-s3') return { ServerSideEncryption: 'AES256' };
  return { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: encryption.kmsKeyArn };
}

/** Creates the lock object unless one exists: 'acquired', or 'held' when S3 answers 412. */
export async function createLockObject(
  clients: AwsClients,
  context: StateCallContext,
  ref: ObjectRef,
  info: LockInfo,
  encryption: Encryption | undefined,
): Promise<'acquired' | 'held'> {
  try {
    await clients.s3.send(
      new S3.PutObjectCommand({
        Bucket: ref.bucket,
        Key: ref.key,
        Body: serializeLockInfo(info),
        ContentType: 'application/json',
        IfNoneMatch: '*',
        ...sseParams(encryption),
      }),
    );
    return 'acquired';
  } catch (error) {
    // 409 ConditionalRequestConflict: another conditional write to the key is in flight; it is taken either way.
    if (isAwsError(error, 'PreconditionFailed', 'ConditionalRequestConflict') || httpStatusOf(error) === 412)
      return 'held';
    throw translateStateError(error, clients, context);
  }
}

export async function deleteLockObject(clients: AwsClients, context: StateCallContext, ref: ObjectRef): Promise<void> {
  await mustStateCall(clients, context, (c) =>
    c.s3.send(new S3.DeleteObjectCommand({ Bucket: ref.bucket, Key: ref.key })),
  );
}
