// What a project holds before destroy touches anything: whose its bucket is, how many object versions
// (state, old versions, lock files, delete markers) are in it, its state files with their serials, whether
// its roles exist and its items in the lock table. Read-only: destroy shows it and asks before deleting.

import * as IAM from '@aws-sdk/client-iam';
import type { ObservedBucket } from '../../model/observed.ts';
import type { AwsClients } from '../clients.ts';
import { createLimiter } from '../limit.ts';
import { bucketStatus, listStateBuckets } from '../observe/buckets.ts';
import { createReader, NO_SUCH_ENTITY } from '../observe/read.ts';
import { type BucketContents, bucketContents } from './contents.ts';
import { type LockItem, listLockItems } from './lock-items.ts';

export { type BucketContents, listAllVersions, type ObjectVersion, type StateFile } from './contents.ts';

export interface ProjectFootprint {
  bucket: { name: string; status: ObservedBucket['status'] } & BucketContents;
  role: { name: string; present: boolean };
  /** tf-<project>.plan, looked for whatever the config says now (a project may have had one before). */
  planRole: { name: string; present: boolean };
  /** The project's lock and digest items in the shared lock table. */
  lockItems: LockItem[];
}

export async function inspectProject(
  names: { bucket: string; role: string; planRole: string },
  clients: AwsClients,
): Promise<ProjectFootprint> {
  const reader = createReader(clients, createLimiter(4));
  const [status, role, planRole, lockItems] = await Promise.all([
    listStateBuckets(reader).then((owned) => bucketStatus(reader, names.bucket, owned)),
    reader.read((c) => c.iam.send(new IAM.GetRoleCommand({ RoleName: names.role })), NO_SUCH_ENTITY),
    reader.read((c) => c.iam.send(new IAM.GetRoleCommand({ RoleName: names.planRole })), NO_SUCH_ENTITY),
    listLockItems(reader, names.bucket),
  ]);
  const everything: BucketContents =
    status === 'present'
      ? await bucketContents(reader, names.bucket)
      : { versions: [], deleteMarkers: 0, objects: 0, stateFiles: [] };
  return {
    bucket: { name: names.bucket, status, ...everything },
    role: { name: names.role, present: role !== undefined },
    planRole: { name: names.planRole, present: planRole !== undefined },
    lockItems: status === 'foreign' ? [] : lockItems,
  };
}
