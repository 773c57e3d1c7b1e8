// Terraform's legacy lock table: created on demand (LockID, string), tagged, and fenced by its resource policy.
import * as DDB from '@aws-sdk/client-dynamodb';
import { StatewardError } from '../../errors.ts';
import type { PolicyDocument } from '../../iam/document.ts';
import type { Tags } from '../../model/types.ts';
import type { Change, LockTableCreate } from '../../plan/change.ts';
import type { AwsClients } from '../clients.ts';
import { unknownSetting } from './bucket.ts';
import { send, waitUntilTrue, wasTolerated } from './send.ts';
import { removedTagKeys, tagList } from './tags.ts';

const TABLE_ACTIVE_MS = 120_000;

export async function executeLockTableChange(change: Change, clients: AwsClients): Promise<void> {
  if (change.setting === 'resource') return createLockTable(change.new as LockTableCreate, clients);
  if (change.setting === 'tags') return writeTags(change.resourceName, change.old, change.new as Tags, clients);
  if (change.setting === 'policy')
    return writePolicy(change.resourceName, change.new as PolicyDocument | null, clients);
  throw unknownSetting(change);
}

async function createLockTable(table: LockTableCreate, clients: AwsClients): Promise<void> {
  const created = await send(
    clients,
    (c) =>
      c.dynamodb.send(
        new DDB.CreateTableCommand({
          TableName: table.name,
          KeySchema: [{ AttributeName: table.partitionKey.name, KeyType: 'HASH' }],
          AttributeDefinitions: [{ AttributeName: table.partitionKey.name, AttributeType: table.partitionKey.type }],
          BillingMode: table.billingMode,
          Tags: tagList(table.tags),
        }),
      ),
    // Another apply is creating it: wait for it like for our own, then tag it.
    ['ResourceInUseException'],
  );
  await waitForActive(table.name, clients);
  if (wasTolerated(created)) await writeTags(table.name, {}, table.tags, clients);
}

async function waitForActive(TableName: string, clients: AwsClients): Promise<void> {
  await waitUntilTrue(
    async () => {
      const described = await send(clients, (c) => c.dynamodb.send(new DDB.DescribeTableCommand({ TableName })), [
        'ResourceNotFoundException',
      ]);
      return !wasTolerated(described) && described.Table?.TableStatus === 'ACTIVE';
    },
    TABLE_ACTIVE_MS,
    () =>
      new StatewardError(
        'AWS_TABLE_NOT_ACTIVE',
        `DynamoDB table ${TableName} did not become ACTIVE within ${TABLE_ACTIVE_MS / 1000} s.`,
        'Check it in the DynamoDB console, then run `stateward apply` again.',
      ),
  );
}

const tableArn = (TableName: string, clients: AwsClients) =>
  `arn:aws:dynamodb:${clients.region}:${clients.account}:table/${TableName}`;

/** The complete resource policy (everyone else's statements kept by the planner), or null to remove it. */
async function writePolicy(TableName: string, policy: PolicyDocument | null, clients: AwsClients): Promise<void> {
  const ResourceArn = tableArn(TableName, clients);
  if (policy)
    await send(clients, (c) =>
      c.dynamodb.send(new DDB.PutResourcePolicyCommand({ ResourceArn, Policy: JSON.stringify(policy) })),
    );
  else
    await send(clients, (c) => c.dynamodb.send(new DDB.DeleteResourcePolicyCommand({ ResourceArn })), [
      'PolicyNotFoundException',
    ]);
}

async function writeTags(TableName: string, old: unknown, next: Tags, clients: AwsClients): Promise<void> {
  const ResourceArn = tableArn(TableName, clients);
  const removed = removedTagKeys(old, next);
  if (removed.length > 0)
    await send(clients, (c) => c.dynamodb.send(new DDB.UntagResourceCommand({ ResourceArn, TagKeys: removed })));
  const Tags = tagList(next);
  if (Tags.length > 0) await send(clients, (c) => c.dynamodb.send(new DDB.TagResourceCommand({ ResourceArn, Tags })));
}
