// The versions of one state object (newest first) and the text of one version.
import * as S3 from '@aws-sdk/client-s3';
import type { StateVersionMeta } from '../../state/history.ts';
import type { AwsClients } from '../clients.ts';
import { mustStateCall, type StateCallContext } from './errors.ts';

export interface VersionListing {
  /** Real versions, newest first (delete markers left out). */
  versions: StateVersionMeta[];
  /** The newest entry is a delete marker: the state object is deleted (e.g. `workspace delete`). */
  deleted: boolean;
}

/** Versions of exactly `key` (the listing prefix also matches `<key>.tflock` and longer keys); `limit` stops early. */
export async function listStateVersions(
  clients: AwsClients,
  context: StateCallContext,
  bucket: string,
  key: string,
  limit = Infinity,
): Promise<VersionListing> {
  const listing: VersionListing = { versions: [], deleted: false };
  let KeyMarker: string | undefined;
  let VersionIdMarker: string | undefined;
  do {
    const page = await mustStateCall(clients, context, (c) =>
      c.s3.send(new S3.ListObjectVersionsCommand({ Bucket: bucket, Prefix: key, KeyMarker, VersionIdMarker })),
    );
    if (page.DeleteMarkers?.some((marker) => marker.Key === key && marker.IsLatest)) listing.deleted = true;
    for (const version of page.Versions ?? []) {
      if (version.Key !== key || !version.VersionId) continue;
      listing.versions.push({
        versionId: version.VersionId,
        lastModified: version.LastModified ?? new Date(0),
        size: version.Size ?? 0,
        isLatest: version.IsLatest === true,
      });
    }
    const pastKey = page.NextKeyMarker !== undefined && page.NextKeyMarker !== key;
    const more = page.IsTruncated === true && !pastKey && listing.versions.length < limit;
    KeyMarker = more ? page.NextKeyMarker : undefined;
    VersionIdMarker = more ? page.NextVersionIdMarker : undefined;
  } while (KeyMarker);
  listing.versions = listing.versions.slice(0, limit);
  return listing;
}

/** The body of one version, as text; the caller parses it and lets it go. */
export async function readStateVersion(
  clients: AwsClients,
  context: StateCallContext,
  bucket: string,
  key: string,
  versionId: string,
): Promise<string> {
  return mustStateCall(clients, context, async (c) => {
    const result = await c.s3.send(new S3.GetObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId }));
    return (await result.Body?.transformToString('utf8')) ?? '';
  });
}

/** The current version id of the object (HeadObject), or undefined when there is none. */
export async function currentVersionId(
  clients: AwsClients,
  context: StateCallContext,
  bucket: string,
  key: string,
): Promise<string | undefined> {
  const head = await mustStateCall(clients, context, (c) =>
    c.s3.send(new S3.HeadObjectCommand({ Bucket: bucket, Key: key })).catch((error: unknown) => {
      if ((error as { name?: string }).name === 'NotFound' || (error as { name?: string }).name === 'NoSuchKey')
        return undefined;
      throw error;
    }),
  );
  return head?.VersionId;
}

export const versionLabel = (bucket: string, key: string, versionId: string) =>
  `version ${versionId} of s3://${bucket}/${key}`;
