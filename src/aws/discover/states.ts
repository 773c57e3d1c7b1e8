// What `stateward discover` proposes from: the audit's state buckets (by name and by their *.tfstate
// objects), each bucket's state keys grouped into backend keys and workspaces, and the DynamoDB tables
// keyed by LockID whose lock or `-md5` items name those states.
import * as DDB from '@aws-sdk/client-dynamodb';
import * as S3 from '@aws-sdk/client-s3';
import type { AuditReadError } from '../../audit/snapshot.ts';
import type { FoundState } from '../../migrate/propose.ts';
import { workspaceOfKey } from '../../migrate/units.ts';
import { DEFAULT_WORKSPACE_KEY_PREFIX, DIGEST_SUFFIX } from '../../names/naming.ts';
import type { AwsClients } from '../clients.ts';
import { createLimiter } from '../limit.ts';
import { DEFAULT_READ_CONCURRENCY } from '../observe/index.ts';
import { createReader, type Reader } from '../observe/read.ts';
import { discoverBuckets } from './buckets.ts';
import { splitLockId } from './lock-table.ts';

export interface DiscoveredStates {
  states: FoundState[];
  /** Buckets already named tfstate-<project>-<account>: stateward's own, nothing to migrate. */
  statewardBuckets: string[];
  errors: AuditReadError[];
}

export async function discoverStates(clients: AwsClients, account: string): Promise<DiscoveredStates> {
  const reader = createReader(clients, createLimiter(DEFAULT_READ_CONCURRENCY));
  const errors: AuditReadError[] = [];
  const [buckets, tables] = await Promise.all([discoverBuckets(reader, account, errors), lockTables(reader)]);
  const foreign = buckets.filter((b) => b.project === null);
  const states = (await Promise.all(foreign.map((b) => statesIn(reader, b.name)))).flat();
  for (const state of states) {
    const table = tables.find((t) => t.ids.has(`${state.bucket}/${state.key}`));
    if (table) state.lockTable = table.name;
  }
  return { states, statewardBuckets: buckets.filter((b) => b.project !== null).map((b) => b.name), errors };
}

/** The bucket's backend keys: `env:/<ws>/<key>` objects are workspaces of `<key>`. */
async function statesIn(reader: Reader, Bucket: string): Promise<FoundState[]> {
  const keys: string[] = [];
  let ContinuationToken: string | undefined;
  do {
    const page = await reader.must((c) => c.s3.send(new S3.ListObjectsV2Command({ Bucket, ContinuationToken })));
    keys.push(...(page.Contents ?? []).flatMap((o) => (o.Key?.endsWith('.tfstate') ? [o.Key] : [])));
    ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (ContinuationToken);
  const byKey = new Map<string, FoundState>();
  const entry = (key: string) => {
    const existing = byKey.get(key) ?? { bucket: Bucket, key, hasDefault: false, workspaces: [] };
    byKey.set(key, existing);
    return existing;
  };
  for (const key of keys.filter((k) => !k.startsWith(`${DEFAULT_WORKSPACE_KEY_PREFIX}/`))) entry(key).hasDefault = true;
  for (const key of keys.filter((k) => k.startsWith(`${DEFAULT_WORKSPACE_KEY_PREFIX}/`))) {
    const backendKey = key.split('/').slice(2).join('/');
    const workspace = workspaceOfKey(key, backendKey);
    if (workspace) entry(backendKey).workspaces.push(workspace);
  }
  return [...byKey.values()].map((s) => ({ ...s, workspaces: s.workspaces.sort() }));
}

/** Every table whose partition key is LockID, with the state paths its items name (lock or digest). */
async function lockTables(reader: Reader): Promise<Array<{ name: string; ids: Set<string> }>> {
  const names: string[] = [];
  let ExclusiveStartTableName: string | undefined;
  do {
    const page = await reader.must((c) => c.dynamodb.send(new DDB.ListTablesCommand({ ExclusiveStartTableName })));
    names.push(...(page.TableNames ?? []));
    ExclusiveStartTableName = page.LastEvaluatedTableName;
  } while (ExclusiveStartTableName);
  const tables = await Promise.all(
    names.map(async (TableName) => {
      const described = await reader.must((c) => c.dynamodb.send(new DDB.DescribeTableCommand({ TableName })));
      const hash = described.Table?.KeySchema?.find((k) => k.KeyType === 'HASH')?.AttributeName;
      return hash === 'LockID' ? { name: TableName, ids: await statePaths(reader, TableName) } : undefined;
    }),
  );
  return tables.filter((t): t is { name: string; ids: Set<string> } => t !== undefined);
}

async function statePaths(reader: Reader, TableName: string): Promise<Set<string>> {
  const ids = new Set<string>();
  let ExclusiveStartKey: Record<string, DDB.AttributeValue> | undefined;
  do {
    const page = await reader.must((c) =>
      c.dynamodb.send(new DDB.ScanCommand({ TableName, ProjectionExpression: 'LockID', ExclusiveStartKey })),
    );
    for (const item of page.Items ?? []) {
      const parts = splitLockId(item.LockID?.S);
      if (!parts) continue;
      const key = parts.stateKey.endsWith(DIGEST_SUFFIX)
        ? parts.stateKey.slice(0, -DIGEST_SUFFIX.length)
        : parts.stateKey;
      ids.add(`${parts.bucket}/${key}`);
    }
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return ids;
}
