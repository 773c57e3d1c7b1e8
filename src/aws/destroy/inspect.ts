// What a project holds before destroy touches anything: whose its bucket is, how many object versions
// (state, old versions, lock files, delete markers) are in it, and whether its role exists.

import * as IAM from '@aws-sdk/client-iam';
import * as S3 from '@aws-sdk/client-s3';
import type { ObservedBucket } from '../../model/observed.ts';
import type { AwsClients } from '../clients.ts';
import { createLimiter } from '../limit.ts';
import { bucketStatus, listStateBuckets } from '../observe/buckets.ts';
import { createReader, NO_SUCH_ENTITY, type Reader } from '../observe/read.ts';
import { type LockItem, listLockItems } from './lock-items.ts';

export interface ObjectVersion {
  Key: string;
  VersionId: string;
}

export interface ProjectFootprint {
  bucket: { name: string; status: ObservedBucket['status']; versions: ObjectVersion[]; deleteMarkers: number };
  role: { name: string; present: boolean };
  /** The project's lock and digest items in the shared lock table. */
  lockItems: LockItem[];
}

export async function inspectProject(
  names: { bucket: string; role: string },
  clients: AwsClients,
): Promise<ProjectFootprint> {
  const reader = createReader(clients, createLimiter(4));
  const [status, role, lockItems] = await Promise.all([
    listStateBuckets(reader).then((owned) => bucketStatus(reader, names.bucket, owned)),
    reader.read((c) => c.iam.send(new IAM.GetRoleCommand({ RoleName: names.role })), NO_SUCH_ENTITY),
    listLockItems(reader, names.bucket),
  ]);
  const everything =
    status === 'present' ? await listAllVersions(reader, names.bucket) : { versions: [], deleteMarkers: 0 };
  return {
    bucket: { name: names.bucket, status, ...everything },
    role: { name: names.role, present: role !== undefined },
    lockItems: status === 'foreign' ? [] : lockItems,
  };
}

/** Every object version and delete marker (a delete marker is a version too: DeleteObject with its id removes it). */
export async function listAllVersions(
  reader: Reader,
  Bucket: string,
): Promise<{ versions: ObjectVersion[]; deleteMarkers: number }> {
  const versions: ObjectVersion[] = [];
  let deleteMarkers = 0;
  let KeyMarker: string | undefined;
  let VersionIdMarker: string | undefined;
  do {
    const page = await reader.must((c) =>
      c.s3.send(new S3.ListObjectVersionsCommand({ Bucket, KeyMarker, VersionIdMarker })),
    );
    for (const entry of [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])]) {
      if (entry.Key && entry.VersionId) versions.push({ Key: entry.Key, VersionId: entry.VersionId });
    }
    deleteMarkers += page.DeleteMarkers?.length ?? 0;
    KeyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
    VersionIdMarker = page.IsTruncated ? page.NextVersionIdMarker : undefined;
  } while (KeyMarker);
  return { versions, deleteMarkers };
}
