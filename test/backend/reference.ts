// The recorded Terraform reference (test/backend/reference/, written by scripts/record-terraform-reference.ts),
// read independently of src/backend.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BackendTarget, Encryption, LockingMode } from '../../src/backend/types.ts';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const REFERENCE_PATH = fileURLToPath(new URL('./reference/terraform-s3-backend-requests.json', import.meta.url));

type Context = Record<string, string | string[] | number>;

export interface ReferenceRequest {
  api: string;
  iamAction: string;
  resource: string;
  condition?: Context;
  status: number;
}

interface ReferenceMode {
  backend: {
    use_lockfile?: boolean;
    dynamodb_table?: string;
    encrypt?: boolean;
    kms_key_id?: string;
    workspace_key_prefix?: string;
  };
  commands: Record<string, { exitCode: number; requests: ReferenceRequest[] }>;
}

export interface Reference {
  meta: { bucket: string; key: string; dynamodbTable: string; region: string; accountPlaceholder: string };
  modes: Record<string, ReferenceMode>;
}

let cached: Reference | undefined;

/** Throws (never skips) when the reference is missing: these tests are how the data file stays true. */
export function reference(): Reference {
  if (cached) return cached;
  if (!existsSync(REFERENCE_PATH)) {
    throw new Error(
      `the recorded Terraform reference is missing: ${REFERENCE_PATH} not found. ` +
        'Record it with `node --import tsx scripts/record-terraform-reference.ts` (needs terraform and moto_server).',
    );
  }
  cached = JSON.parse(readFileSync(REFERENCE_PATH, 'utf8')) as Reference;
  return cached;
}

export interface Projected {
  api: string;
  action: string;
  resource: string;
  context: Context;
}

/** A recorded command's requests as (api, action, resource, context), identical ones once, first order kept. */
export function recordedProjection(mode: string, command: string): Projected[] {
  const recorded = reference().modes[mode]?.commands[command];
  if (!recorded) throw new Error(`reference has no ${mode}/${command}`);
  const seen = new Set<string>();
  const out: Projected[] = [];
  for (const r of recorded.requests) {
    const projected = { api: r.api, action: r.iamAction, resource: r.resource, context: r.condition ?? {} };
    const id = JSON.stringify([
      projected.api,
      projected.action,
      projected.resource,
      Object.entries(projected.context).sort(),
    ]);
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(projected);
  }
  return out;
}

/** The backend target the reference used for one recorded mode. */
export function referenceTarget(mode: string, workspace?: string): BackendTarget {
  const { meta } = reference();
  const backend = reference().modes[mode]?.backend;
  if (!backend) throw new Error(`reference has no mode ${mode}`);
  const locking: LockingMode =
    backend.use_lockfile && backend.dynamodb_table ? 'both' : backend.dynamodb_table ? 'dynamodb' : 'lockfile';
  const target: BackendTarget = {
    bucket: meta.bucket,
    key: meta.key,
    region: meta.region,
    account: meta.accountPlaceholder,
    locking,
    lockTable: meta.dynamodbTable,
  };
  if (workspace !== undefined) target.workspace = workspace;
  if (backend.workspace_key_prefix !== undefined) target.workspaceKeyPrefix = backend.workspace_key_prefix;
  if (backend.encrypt) target.encryption = encryptionOf(backend.kms_key_id);
  return target;
}

function encryptionOf(kmsKeyId: string | undefined): Encryption {
  return kmsKeyId === undefined ? { type: 'sse-s3' } : { type: 'sse-kms', kmsKeyArn: kmsKeyId };
}
