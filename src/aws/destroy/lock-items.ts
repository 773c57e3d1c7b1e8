// A project's entries in the shared DynamoDB lock table: lock items ("<bucket>/<key>", held by a running
// terraform) and digest items ("<bucket>/<key>-md5"). Left behind, a digest makes a project created again
// under the same name fail Terraform's checksum check, so destroy removes them with the bucket.
import * as DDB from '@aws-sdk/client-dynamodb';
import { StatewardError } from '../../errors.ts';
import { DIGEST_SUFFIX, LOCK_TABLE } from '../../names/naming.ts';
import { projectLockFenceSid } from '../../policy/sids.ts';
import type { AwsClients } from '../clients.ts';
import { send } from '../execute/send.ts';
import type { Reader } from '../observe/read.ts';

export interface LockItem {
  lockId: string;
  /** A digest item (-md5), not a held lock. */
  digest: boolean;
}

/** Every item whose LockID lies under the bucket; none when the account has no lock table. */
export async function listLockItems(reader: Reader, bucket: string): Promise<LockItem[]> {
  const items: LockItem[] = [];
  let ExclusiveStartKey: Record<string, DDB.AttributeValue> | undefined;
  do {
    const page = await reader.read(
      (c) =>
        c.dynamodb.send(
          new DDB.ScanCommand({
            TableName: LOCK_TABLE,
            ProjectionExpression: 'LockID',
            FilterExpression: 'begins_with(LockID, :bucket)',
            ExpressionAttributeValues: { ':bucket': { S: `${bucket}/` } },
            ExclusiveStartKey,
          }),
        ),
      ['ResourceNotFoundException'],
    );
    if (!page) return [];
    for (const item of page.Items ?? []) {
      const lockId = item.LockID?.S;
      if (lockId) items.push({ lockId, digest: lockId.endsWith(DIGEST_SUFFIX) });
    }
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}

export async function deleteLockItems(items: LockItem[], clients: AwsClients, project: string): Promise<void> {
  for (const { lockId } of items) {
    try {
      await send(clients, (c) =>
        c.dynamodb.send(new DDB.DeleteItemCommand({ TableName: LOCK_TABLE, Key: { LockID: { S: lockId } } })),
      );
    } catch (error) {
      if (error instanceof StatewardError && error.code === 'AWS_ACCESS_DENIED') throw fenced(project, lockId, error);
      throw error;
    }
  }
}

function fenced(project: string, lockId: string, cause: StatewardError): StatewardError {
  return new StatewardError(
    'DESTROY_LOCK_FENCED',
    `Deleting lock table item ${lockId} was denied. The lock table's fence (statement ${projectLockFenceSid(project)}) admits only role tf-${project} and the config's admins. Nothing was deleted.`,
    'Run destroy as one of the principals listed under `admins` in the config, or add yours there and run `stateward apply` first.',
    { cause },
  );
}
