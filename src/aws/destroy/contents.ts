// What a project's bucket holds, read before destroy deletes it: every object version and delete marker,
// the current objects, and each state file (`*.tfstate`) with its serial and last-modified time.
import * as S3 from '@aws-sdk/client-s3';
import { StatewardError } from '../../errors.ts';
import type { Reader } from '../observe/read.ts';

export interface ObjectVersion {
  Key: string;
  VersionId: string;
}

/** A state file (`*.tfstate`) in the bucket, as destroy shows it before deleting it. */
export interface StateFile {
  key: string;
  /** Versions of this key, its delete markers left out. */
  versions: number;
  /** The current version's; undefined when the newest entry is a delete marker (the state was deleted). */
  lastModified?: Date;
  /** The current version's serial, from the head of its body; a string says why it is not known. */
  serial?: number | string;
}

export interface BucketContents {
  versions: ObjectVersion[];
  deleteMarkers: number;
  /** Keys whose newest entry is an object, not a delete marker. */
  objects: number;
  stateFiles: StateFile[];
}

/** Every object version and delete marker (a delete marker is a version too: DeleteObject with its id removes it). */
export async function listAllVersions(
  reader: Reader,
  Bucket: string,
): Promise<{ versions: ObjectVersion[]; deleteMarkers: number }> {
  const { versions, deleteMarkers } = await listEntries(reader, Bucket);
  return { versions, deleteMarkers };
}

/** What the bucket holds: every version, the current objects, and each state file with its serial. */
export async function bucketContents(reader: Reader, Bucket: string): Promise<BucketContents> {
  const listed = await listEntries(reader, Bucket);
  const latest = listed.entries.filter((entry) => entry.IsLatest);
  const stateKeys = [...new Set(listed.entries.map((e) => e.Key))].filter((key) => key.endsWith('.tfstate')).sort();
  const stateFiles = await Promise.all(
    stateKeys.map(async (key): Promise<StateFile> => {
      const current = latest.find((entry) => entry.Key === key && !entry.deleteMarker);
      const versions = listed.entries.filter((entry) => entry.Key === key && !entry.deleteMarker).length;
      if (!current) return { key, versions };
      return {
        key,
        versions,
        ...(current.LastModified ? { lastModified: current.LastModified } : {}),
        serial: await readSerial(reader, Bucket, key),
      };
    }),
  );
  return {
    versions: listed.versions,
    deleteMarkers: listed.deleteMarkers,
    objects: latest.filter((entry) => !entry.deleteMarker).length,
    stateFiles,
  };
}

/** terraform writes "serial" in the first lines of a state: the first KiB is enough, whatever the state's size. */
async function readSerial(reader: Reader, Bucket: string, Key: string): Promise<number | string> {
  try {
    const head = await reader.must(async (c) => {
      const result = await c.s3.send(new S3.GetObjectCommand({ Bucket, Key, Range: 'bytes=0-1023' }));
      return (await result.Body?.transformToString('utf8')) ?? '';
    });
    const serial = /"serial"\s*:\s*(\d+)/.exec(head)?.[1];
    return serial === undefined ? 'no serial in the first KiB' : Number(serial);
  } catch (error) {
    return `unreadable: ${error instanceof StatewardError ? error.code : String(error)}`;
  }
}

interface Entry extends ObjectVersion {
  IsLatest: boolean;
  LastModified?: Date;
  deleteMarker: boolean;
}

async function listEntries(
  reader: Reader,
  Bucket: string,
): Promise<{ versions: ObjectVersion[]; deleteMarkers: number; entries: Entry[] }> {
  const entries: Entry[] = [];
  let KeyMarker: string | undefined;
  let VersionIdMarker: string | undefined;
  do {
    const page = await reader.must((c) =>
      c.s3.send(new S3.ListObjectVersionsCommand({ Bucket, KeyMarker, VersionIdMarker })),
    );
    const tagged = [
      ...(page.Versions ?? []).map((v) => ({ ...v, deleteMarker: false })),
      ...(page.DeleteMarkers ?? []).map((v) => ({ ...v, deleteMarker: true })),
    ];
    for (const entry of tagged) {
      if (!entry.Key || !entry.VersionId) continue;
      entries.push({
        Key: entry.Key,
        VersionId: entry.VersionId,
        IsLatest: entry.IsLatest === true,
        ...(entry.LastModified ? { LastModified: entry.LastModified } : {}),
        deleteMarker: entry.deleteMarker,
      });
    }
    KeyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
    VersionIdMarker = page.IsTruncated ? page.NextVersionIdMarker : undefined;
  } while (KeyMarker);
  return {
    versions: entries.map(({ Key, VersionId }) => ({ Key, VersionId })),
    deleteMarkers: entries.filter((entry) => entry.deleteMarker).length,
    entries,
  };
}
