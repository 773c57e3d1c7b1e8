// Terraform's legacy DynamoDB lock table as the audit sees it: every item (held locks and `-md5` digests)
// and the resource policy that fences them. The Scan that lists the locks also tells whether the table
// exists; only then is its policy read, so an account without DynamoDB locking costs no call more.
import * as DDB from '@aws-sdk/client-dynamodb';
import type { AuditLockTable } from '../../audit/snapshot.ts';
import { LOCK_TABLE, lockTableArn } from '../../names/naming.ts';
import { readPolicy } from '../observe/lock-table.ts';
import type { Reader } from '../observe/read.ts';
import { capture, type ErrorSink } from './capture.ts';

export type LockTableItem = Record<string, DDB.AttributeValue>;

export interface DiscoveredLockTable {
  table: AuditLockTable;
  items: LockTableItem[];
}

export async function discoverLockTable(
  reader: Reader,
  region: string,
  account: string,
  errors: ErrorSink,
): Promise<DiscoveredLockTable> {
  const arn = lockTableArn(region, account);
  const empty = { arn, policy: null, itemBuckets: [] };
  const items = await capture(errors, arn, null, () => scanLockTable(reader));
  if (items === undefined) return { table: { ...empty, status: 'unreadable' }, items: [] };
  if (items === null) return { table: { ...empty, status: 'absent' }, items: [] };
  // A table without a policy is data (null); only a failed read makes it unreadable.
  const policy = await capture(errors, arn, null, () => readPolicy(reader, arn));
  const itemBuckets = bucketsNamedBy(items);
  if (policy === undefined) return { table: { ...empty, status: 'unreadable', itemBuckets }, items };
  return { table: { arn, status: 'present', policy, itemBuckets }, items };
}

/** A LockID as Terraform writes it, `<bucket>/<state key>[-md5]`; undefined for anything else. */
export function splitLockId(lockId: string | undefined): { bucket: string; stateKey: string } | undefined {
  const slash = lockId?.indexOf('/') ?? -1;
  return lockId && slash > 0 ? { bucket: lockId.slice(0, slash), stateKey: lockId.slice(slash + 1) } : undefined;
}

/** The buckets the LockIDs name. */
function bucketsNamedBy(items: readonly LockTableItem[]): string[] {
  const buckets = new Set<string>();
  for (const item of items) {
    const parts = splitLockId(item.LockID?.S);
    if (parts) buckets.add(parts.bucket);
  }
  return [...buckets].sort();
}

/** Every item of the lock table, or null when there is no table. */
async function scanLockTable(reader: Reader): Promise<LockTableItem[] | null> {
  const items: LockTableItem[] = [];
  let ExclusiveStartKey: LockTableItem | undefined;
  do {
    const page = await reader.read(
      (c) => c.dynamodb.send(new DDB.ScanCommand({ TableName: LOCK_TABLE, ExclusiveStartKey })),
      ['ResourceNotFoundException'],
    );
    if (!page) return null;
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}
