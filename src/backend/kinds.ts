// What a recorded request touches, read from its template, and what it is for.
import type { RecordedRequest } from './recorded.ts';

/** bucket = the workspace listing; state/lock = S3 objects; lock-item/digest-item = DynamoDB items; kms = the key. */
export type RequestKind = 'bucket' | 'state' | 'lock' | 'lock-item' | 'digest-item' | 'kms';

export function kindOf(request: RecordedRequest): RequestKind {
  const { resource } = request;
  if (resource === 'arn:aws:s3:::{bucket}') return 'bucket';
  if (resource.endsWith('/{stateKey}.tflock')) return 'lock';
  if (resource.endsWith('/{stateKey}')) return 'state';
  if (resource.startsWith('arn:aws:dynamodb:')) {
    const keys = request.context['dynamodb:LeadingKeys'];
    if (Array.isArray(keys) && keys.every((k) => k.endsWith('-md5'))) return 'digest-item';
    if (Array.isArray(keys)) return 'lock-item';
  }
  throw new Error(`recorded-requests.json: cannot tell what ${request.api} on ${resource} touches`);
}

const PURPOSES: Record<RequestKind, Record<string, string>> = {
  bucket: { ListObjectsV2: 'workspace list' },
  state: {
    HeadObject: 'check state exists',
    GetObject: 'read state',
    PutObject: 'write state',
    DeleteObject: 'delete workspace state',
  },
  lock: { PutObject: 'acquire lock', GetObject: 'read lock to compare its ID', DeleteObject: 'release lock' },
  'lock-item': { PutItem: 'acquire lock', GetItem: 'read lock to compare its ID', DeleteItem: 'release lock' },
  'digest-item': { GetItem: 'check state digest', PutItem: 'write state digest', DeleteItem: 'delete state digest' },
  kms: {},
};

export function purposeOf(kind: RequestKind, api: string): string {
  const purpose = PURPOSES[kind][api];
  if (purpose === undefined) throw new Error(`recorded-requests.json: no purpose known for ${api} on the ${kind}`);
  return purpose;
}
