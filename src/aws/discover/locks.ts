// Held Terraform locks, both kinds: `.tflock` objects in the state buckets and lock items (those with an
// Info attribute) in the legacy DynamoDB table. A minimal listing for the audit: when each was taken and,
// where the lock info can be read, by whom.
import type { AuditBucket, AuditLock } from '../../audit/snapshot.ts';
import { StatewardError } from '../../errors.ts';
import { LOCK_TABLE, LOCKFILE_SUFFIX } from '../../names/naming.ts';
import { type LockInfo, parseLockInfo } from '../../state/lock-info.ts';
import type { Reader } from '../observe/read.ts';
import { capture, type ErrorSink } from './capture.ts';
import { type LockTableItem, splitLockId } from './lock-table.ts';
import { lockObjects, readLockBody } from './objects.ts';

const holderOf = (info: LockInfo) => ({ id: info.ID, who: info.Who, operation: info.Operation });

export async function lockFiles(reader: Reader, bucket: AuditBucket, errors: ErrorSink): Promise<AuditLock[]> {
  const objects = await capture(errors, bucket.arn, bucket.project, () => lockObjects(reader, bucket.name));
  return Promise.all(
    (objects ?? []).map(async (object): Promise<AuditLock> => {
      const lock: AuditLock = {
        kind: 'lockfile',
        bucket: bucket.name,
        stateKey: object.key.slice(0, -LOCKFILE_SUFFIX.length),
        location: object.key,
        since: object.lastModified,
      };
      try {
        const info = parseLockInfo(
          await readLockBody(reader, bucket.name, object.key),
          `s3://${bucket.name}/${object.key}`,
        );
        lock.holder = holderOf(info);
        lock.since = new Date(info.Created).toISOString();
      } catch (error) {
        // The lock is still reported (its age comes from LastModified); only its holder is unknown.
        lock.holderUnknown = `reading it failed: ${error instanceof StatewardError ? error.message : String(error)}`;
      }
      return lock;
    }),
  );
}

/** The held locks among the lock table's items (those with an Info attribute). */
export function lockItems(items: readonly LockTableItem[], tableArn: string, errors: ErrorSink): AuditLock[] {
  return items.flatMap((item): AuditLock[] => {
    const lockId = item.LockID?.S;
    const parts = splitLockId(lockId);
    const infoText = item.Info?.S;
    if (!lockId || !parts || infoText === undefined) return [];
    let info: LockInfo;
    try {
      info = parseLockInfo(infoText, `${LOCK_TABLE} item ${lockId}`);
    } catch (error) {
      // Without a readable Created time the lock's age is unknown: report it as unreadable, not as fresh.
      errors.push({
        resource: `${tableArn} item ${lockId}`,
        project: null,
        code: 'AUDIT_UNREADABLE_LOCK',
        message: (error as Error).message,
        fix: `Inspect it: aws dynamodb get-item --table-name ${LOCK_TABLE} --key '{"LockID":{"S":"${lockId}"}}'`,
      });
      return [];
    }
    return [
      {
        kind: 'dynamodb',
        ...parts,
        location: lockId,
        since: new Date(info.Created).toISOString(),
        holder: holderOf(info),
      },
    ];
  });
}
