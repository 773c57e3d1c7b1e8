// What the user asked to move: one `--from`/`--to` pair of flags or one entry of a mapping file. A source is an
// S3 object (`s3://<bucket>/<key>`, with its DynamoDB table if it has one, and optionally every workspace of
// that key) or a local state file.
import { type SourceLocation, StatewardError } from '../errors.ts';

export type SourceRef = { kind: 's3'; bucket: string; key: string } | { kind: 'file'; path: string };

export interface MigrationRequest {
  from: SourceRef;
  /** The source's DynamoDB lock table (its `dynamodb_table`), whose lock item and `-md5` digest are honoured. */
  fromLockTable?: string;
  /** The project of stateward.yaml the state moves into. */
  to: string;
  /** Also every `env:/<workspace>/<key>` state of an S3 source. */
  workspaces: boolean;
  /** Where the request was written (a mapping entry), for error messages. */
  location?: SourceLocation;
}

/** `s3://bucket/key` is an S3 object; anything else is a local path. */
export function parseSource(text: string, location?: SourceLocation): SourceRef {
  if (!text.startsWith('s3://')) {
    if (text.trim() === '') throw badSource(text, 'it is empty', location);
    return { kind: 'file', path: text };
  }
  const rest = text.slice('s3://'.length);
  const slash = rest.indexOf('/');
  const bucket = slash > 0 ? rest.slice(0, slash) : '';
  const key = slash > 0 ? rest.slice(slash + 1) : '';
  if (bucket === '' || key === '' || key.endsWith('/'))
    throw badSource(text, 'an S3 source names a bucket and an object key', location);
  return { kind: 's3', bucket, key };
}

export function describeSource(source: SourceRef): string {
  return source.kind === 's3' ? `s3://${source.bucket}/${source.key}` : source.path;
}

/** A request is checked as a whole: options that only make sense for S3 sources are refused for files. */
export function checkRequest(request: MigrationRequest): MigrationRequest {
  if (request.from.kind === 'file' && (request.workspaces || request.fromLockTable)) {
    throw new StatewardError(
      'MIGRATE_BAD_SOURCE',
      `${describeSource(request.from)} is a local file: --workspaces and --from-lock-table apply to S3 sources only.`,
      'Drop those options, or give the source as s3://<bucket>/<key>.',
      request.location ? { location: request.location } : undefined,
    );
  }
  return request;
}

function badSource(text: string, why: string, location?: SourceLocation): StatewardError {
  return new StatewardError(
    'MIGRATE_BAD_SOURCE',
    `The migration source "${text}" cannot be used: ${why}.`,
    "Give s3://<bucket>/<key> (the old backend's bucket and key), or the path of a local terraform.tfstate.",
    location ? { location } : undefined,
  );
}
