// What moto's request recorder saw, counted per service and operation in --stats' own names, so that the two
// can be compared call by call. The service comes from the SigV4 credential scope; the operation from
// X-Amz-Target (DynamoDB), the Action parameter (IAM, STS), or for S3's REST API from x-id or the bucket
// subresource and the HTTP method.
import type { RecordedRequest } from '../test/support/moto-recorder.ts';

export type CallCounts = Map<string, number>;

export const callKey = (service: string, operation: string) => `${service}:${operation}`;

export function countRecorded(requests: readonly RecordedRequest[]): CallCounts {
  const counts: CallCounts = new Map();
  for (const request of requests) {
    const key = callKey(serviceOf(request), operationOf(request));
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

function header(request: RecordedRequest, name: string): string {
  const key = Object.keys(request.headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? '' : String(request.headers[key]);
}

function serviceOf(request: RecordedRequest): string {
  return /Credential=[^/]+\/\d{8}\/[^/]+\/([a-z0-9-]+)\//.exec(header(request, 'authorization'))?.[1] ?? 'unsigned';
}

function operationOf(request: RecordedRequest): string {
  const target = header(request, 'x-amz-target');
  if (target) return target.split('.').pop() ?? target;
  const action = new URLSearchParams(request.method === 'POST' ? request.body : request.url.search).get('Action');
  if (action) return action;
  return s3Operation(request);
}

// Bucket subresource -> the middle of its Get/Put/Delete operation names.
const SUBRESOURCES: Record<string, string> = {
  versioning: 'BucketVersioning',
  encryption: 'BucketEncryption',
  publicAccessBlock: 'PublicAccessBlock',
  ownershipControls: 'BucketOwnershipControls',
  policy: 'BucketPolicy',
  lifecycle: 'BucketLifecycleConfiguration',
  tagging: 'BucketTagging',
  location: 'BucketLocation',
};
const VERBS: Record<string, string> = { GET: 'Get', PUT: 'Put', DELETE: 'Delete' };

function s3Operation(request: RecordedRequest): string {
  const query = request.url.searchParams;
  const explicit = query.get('x-id');
  if (explicit) return explicit;
  const isBucket = request.url.pathname.replace(/^\/+|\/+$/g, '').split('/').length === 1;
  for (const [subresource, name] of Object.entries(SUBRESOURCES)) {
    if (query.has(subresource) && VERBS[request.method]) return `${VERBS[request.method]}${name}`;
  }
  if (query.has('versions')) return 'ListObjectVersions';
  if (query.get('list-type') === '2') return 'ListObjectsV2';
  if (isBucket && request.method === 'HEAD') return 'HeadBucket';
  if (isBucket && request.method === 'PUT') return 'CreateBucket';
  if (isBucket && request.method === 'DELETE') return 'DeleteBucket';
  return `${request.method} ${request.url.pathname}${request.url.search}`;
}

/** Every (service, operation) whose count differs, as "key: stats N, recorder M". */
export function differences(fromStats: CallCounts, fromRecorder: CallCounts): string[] {
  const keys = new Set([...fromStats.keys(), ...fromRecorder.keys()]);
  return [...keys].sort().flatMap((key) => {
    const [a, b] = [fromStats.get(key) ?? 0, fromRecorder.get(key) ?? 0];
    return a === b ? [] : [`${key}: --stats ${a}, moto recorder ${b}`];
  });
}
