// Terraform's legacy DynamoDB lock table: its partition key, billing mode, resource policy (the lock fence) and tags.
import * as DDB from '@aws-sdk/client-dynamodb';
import type { PolicyDocument } from '../../iam/document.ts';
import type { ObservedAccountResources } from '../../model/observed.ts';
import type { Tags } from '../../model/types.ts';
import { parseResourcePolicy } from '../documents.ts';
import type { Reader } from './read.ts';

export async function observeLockTable(
  reader: Reader,
  TableName: string,
): Promise<ObservedAccountResources['lockTable']> {
  const found = await reader.read(
    (c) => c.dynamodb.send(new DDB.DescribeTableCommand({ TableName })),
    ['ResourceNotFoundException'],
  );
  const table = found?.Table;
  if (!table) return { status: 'absent' };
  const hashKey = table.KeySchema?.find((key) => key.KeyType === 'HASH')?.AttributeName;
  const keyType = table.AttributeDefinitions?.find((attribute) => attribute.AttributeName === hashKey)?.AttributeType;
  const [tags, policy] = table.TableArn
    ? await Promise.all([readTags(reader, table.TableArn), readPolicy(reader, table.TableArn)])
    : [{}, null];
  return {
    status: 'present',
    ...(hashKey ? { partitionKey: { name: hashKey, type: keyType ?? 'unknown' } } : {}),
    billingMode: table.BillingModeSummary?.BillingMode ?? 'PROVISIONED',
    policy,
    tags,
  };
}

/** The table's resource-based policy (plain JSON), or null when it has none. Audit discovery reads it too. */
export async function readPolicy(reader: Reader, ResourceArn: string): Promise<PolicyDocument | null> {
  const result = await reader.read(
    (c) => c.dynamodb.send(new DDB.GetResourcePolicyCommand({ ResourceArn })),
    ['PolicyNotFoundException'],
  );
  return result?.Policy
    ? parseResourcePolicy(result.Policy, `resource policy of table ${ResourceArn.split('/').pop()}`)
    : null;
}

async function readTags(reader: Reader, ResourceArn: string): Promise<Tags> {
  const tags: Tags = {};
  let NextToken: string | undefined;
  do {
    const page = await reader.must((c) =>
      c.dynamodb.send(new DDB.ListTagsOfResourceCommand({ ResourceArn, NextToken })),
    );
    for (const tag of page.Tags ?? []) if (tag.Key) tags[tag.Key] = tag.Value ?? '';
    NextToken = page.NextToken;
  } while (NextToken);
  return tags;
}
