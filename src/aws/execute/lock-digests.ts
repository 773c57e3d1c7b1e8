// The `lockDigests` change of a state bucket (src/plan/lock-digests.ts): each state's `-md5` digest item
// written or removed under terraform's own lock on that state, taken in both stores so no terraform run of
// either lock mode is in progress; refused while a lock is held. A state or digest that changed since the
// plan is not touched: the error says to plan again.
import { randomUUID } from 'node:crypto';
import * as DDB from '@aws-sdk/client-dynamodb';
import * as S3 from '@aws-sdk/client-s3';
import { lockItemId } from '../../backend/keys.ts';
import type { BackendTarget } from '../../backend/types.ts';
import { StatewardError } from '../../errors.ts';
import { STATEWARD, whoAmI } from '../../lock-holder.ts';
import { DIGEST_SUFFIX, LOCK_TABLE } from '../../names/naming.ts';
import type { Change } from '../../plan/change.ts';
import type { DigestEntry } from '../../plan/lock-digests.ts';
import { stateDigest } from '../../state/restore-body.ts';
import type { AwsClients } from '../clients.ts';
import { isAwsError } from '../errors.ts';
import { mustStateCall, type StateCallContext, translateStateError } from '../state/errors.ts';
import { acquireStateLock, releaseStateLock } from '../state/state-lock.ts';

const CONTEXT: StateCallContext = { command: 'apply' };

export async function executeLockDigestsChange(change: Change, clients: AwsClients): Promise<void> {
  const bucket = change.resourceName;
  const entries = change.new as DigestEntry[];
  const work =
    entries.length > 0
      ? entries.map((e) => ({ entry: e, write: true }))
      : (change.old as DigestEntry[]).map((e) => ({ entry: e, write: false }));
  for (const { entry, write } of work) {
    const target = stateTarget(bucket, entry.lockId, clients);
    await underLock(clients, target, () =>
      write ? writeDigest(clients, target, entry, change) : removeDigest(clients, entry),
    );
  }
}

function stateTarget(bucket: string, lockId: string, clients: AwsClients): BackendTarget {
  const key = lockId.slice(bucket.length + 1, lockId.length - DIGEST_SUFFIX.length);
  return { bucket, key, region: clients.region, account: clients.account, locking: 'both' };
}

async function underLock(clients: AwsClients, target: BackendTarget, work: () => Promise<void>): Promise<void> {
  const id = randomUUID();
  await acquireStateLock(clients, CONTEXT, target, {
    ID: id,
    Operation: 'stateward apply',
    Info: 'lock-mode transition: -md5 digest',
    Who: whoAmI(),
    Version: STATEWARD,
    Created: new Date().toISOString(),
    Path: lockItemId(target),
  });
  try {
    await work();
  } finally {
    await releaseStateLock(clients, CONTEXT, target, id);
  }
}

async function writeDigest(clients: AwsClients, target: BackendTarget, entry: DigestEntry, change: Change) {
  const body = await mustStateCall(clients, CONTEXT, async (c) => {
    const result = await c.s3.send(new S3.GetObjectCommand({ Bucket: target.bucket, Key: target.key }));
    return Buffer.from((await result.Body?.transformToByteArray()) ?? []);
  });
  if (stateDigest(body) !== entry.digest) throw changedSincePlan(entry.lockId);
  const old = (change.old as DigestEntry[]).find((e) => e.lockId === entry.lockId);
  await conditional(clients, entry.lockId, () =>
    clients.dynamodb.send(
      new DDB.PutItemCommand({
        TableName: LOCK_TABLE,
        Item: { LockID: { S: entry.lockId }, Digest: { S: entry.digest } },
        ...(old
          ? { ConditionExpression: 'Digest = :old', ExpressionAttributeValues: { ':old': { S: old.digest } } }
          : { ConditionExpression: 'attribute_not_exists(LockID)' }),
      }),
    ),
  );
}

async function removeDigest(clients: AwsClients, entry: DigestEntry) {
  await conditional(clients, entry.lockId, () =>
    clients.dynamodb.send(
      new DDB.DeleteItemCommand({
        TableName: LOCK_TABLE,
        Key: { LockID: { S: entry.lockId } },
        ConditionExpression: 'Digest = :old',
        ExpressionAttributeValues: { ':old': { S: entry.digest } },
      }),
    ),
  );
}

async function conditional(clients: AwsClients, lockId: string, call: () => Promise<unknown>): Promise<void> {
  try {
    await call();
  } catch (error) {
    if (isAwsError(error, 'ConditionalCheckFailedException')) throw changedSincePlan(lockId);
    throw translateStateError(error, clients, CONTEXT);
  }
}

function changedSincePlan(lockId: string): StatewardError {
  return new StatewardError(
    'APPLY_DIGEST_CHANGED',
    `The state or digest of ${lockId} changed after the plan was made (a terraform run wrote it); it was left alone.`,
    'Run `stateward plan` again to see the digests as they are now, then apply.',
  );
}
