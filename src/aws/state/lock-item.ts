// The DynamoDB lock item (LockID = <bucket>/<key>, Info = lock JSON) and the `-md5` digest item.
import * as DDB from '@aws-sdk/client-dynamodb';
import { type LockInfo, parseLockInfo, serializeLockInfo } from '../../state/lock-info.ts';
import type { AwsClients } from '../clients.ts';
import { isAwsError } from '../errors.ts';
import { mustStateCall, type StateCallContext, translateStateError } from './errors.ts';

export interface ItemRef {
  table: string;
  lockId: string;
}

export const itemName = (ref: ItemRef) => `DynamoDB item LockID=${ref.lockId} in table ${ref.table}`;

export interface StoredLockItem {
  info: LockInfo;
  /** The exact Info text, so a delete can be made on the condition that it is still this lock. */
  raw: string;
}

export async function readLockItem(
  clients: AwsClients,
  context: StateCallContext,
  ref: ItemRef,
): Promise<StoredLockItem | undefined> {
  const result = await mustStateCall(clients, context, (c) =>
    c.dynamodb.send(
      new DDB.GetItemCommand({
        TableName: ref.table,
        Key: { LockID: { S: ref.lockId } },
        ConsistentRead: true,
        ProjectionExpression: 'LockID, Info',
      }),
    ),
  );
  const raw = result.Item?.Info?.S;
  if (raw === undefined) return undefined;
  return { info: parseLockInfo(raw, itemName(ref)), raw };
}

/** Puts the lock item unless one exists (terraform's condition): 'acquired' or 'held'. */
export async function createLockItem(
  clients: AwsClients,
  context: StateCallContext,
  ref: ItemRef,
  info: LockInfo,
): Promise<'acquired' | 'held'> {
  try {
    await clients.dynamodb.send(
      new DDB.PutItemCommand({
        TableName: ref.table,
        Item: { LockID: { S: ref.lockId }, Info: { S: serializeLockInfo(info) } },
        ConditionExpression: 'attribute_not_exists(LockID)',
      }),
    );
    return 'acquired';
  } catch (error) {
    if (isAwsError(error, 'ConditionalCheckFailedException')) return 'held';
    throw translateStateError(error, clients, context);
  }
}

/** Deletes the lock item only while it still holds `raw`: a lock taken meanwhile by someone else survives. */
export async function deleteLockItem(
  clients: AwsClients,
  context: StateCallContext,
  ref: ItemRef,
  raw: string,
): Promise<'deleted' | 'changed'> {
  try {
    await clients.dynamodb.send(
      new DDB.DeleteItemCommand({
        TableName: ref.table,
        Key: { LockID: { S: ref.lockId } },
        ConditionExpression: 'Info = :info',
        ExpressionAttributeValues: { ':info': { S: raw } },
      }),
    );
    return 'deleted';
  } catch (error) {
    if (isAwsError(error, 'ConditionalCheckFailedException')) return 'changed';
    throw translateStateError(error, clients, context);
  }
}

/** Terraform's `-md5` item: the hex MD5 of the state it last wrote, checked on every read. */
export async function putDigestItem(
  clients: AwsClients,
  context: StateCallContext,
  table: string,
  digestId: string,
  digest: string,
): Promise<void> {
  await mustStateCall(clients, context, (c) =>
    c.dynamodb.send(
      new DDB.PutItemCommand({
        TableName: table,
        Item: { LockID: { S: digestId }, Digest: { S: digest } },
      }),
    ),
  );
}

/** Every lock item (an Info attribute, so no `-md5` digest) whose LockID starts with one of `prefixes`. */
export async function scanLockItems(
  clients: AwsClients,
  context: StateCallContext,
  table: string,
  prefixes: string[],
): Promise<Array<{ lockId: string; raw: string }>> {
  const found: Array<{ lockId: string; raw: string }> = [];
  let ExclusiveStartKey: Record<string, DDB.AttributeValue> | undefined;
  do {
    const page = await mustStateCall(clients, context, (c) =>
      c.dynamodb.send(
        new DDB.ScanCommand({
          TableName: table,
          ConsistentRead: true,
          FilterExpression: 'attribute_exists(Info)',
          ProjectionExpression: 'LockID, Info',
          ExclusiveStartKey,
        }),
      ),
    );
    for (const item of page.Items ?? []) {
      const lockId = item.LockID?.S;
      const raw = item.Info?.S;
      if (lockId && raw !== undefined && prefixes.some((prefix) => lockId.startsWith(prefix)))
        found.push({ lockId, raw });
    }
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return found;
}
