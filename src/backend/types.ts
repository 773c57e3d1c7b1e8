// What Terraform's s3 backend sends to AWS, as data a policy evaluator can check request by request.
import type { Encryption, LockingMode } from '../config/types.ts';

export type { Encryption, LockingMode };

export type BackendOperation = 'read' | 'plan' | 'apply' | 'workspace-new' | 'workspace-delete' | 'force-unlock';

/** One backend configuration, as it would be written in a `backend "s3"` block. */
export interface BackendTarget {
  bucket: string;
  /** The backend `key` (the default workspace's object key). */
  key: string;
  region: string;
  account: string;
  /** Absent or 'default' = the default workspace. */
  workspace?: string;
  /** Terraform's `workspace_key_prefix`; default 'env:'. */
  workspaceKeyPrefix?: string;
  locking: LockingMode;
  /** DynamoDB lock table for `dynamodb`/`both`; default 'terraform-locks'. */
  lockTable?: string;
  /** Absent = no `encrypt` in the backend block, so no SSE headers are sent. */
  encryption?: Encryption;
}

export type ContextValue = string | string[] | number;

/** An authorization a request depends on besides its own action, with the context it is evaluated in. */
export interface Authorization {
  action: string;
  resource: string;
  context: Record<string, ContextValue>;
}

/**
 * AWS answers HeadObject of a missing key with 404 only when the caller may also `s3:ListBucket` the bucket
 * (evaluated with no `s3:prefix`); otherwise 403, which Terraform treats as fatal.
 */
export interface StateMissingRule {
  alsoNeeds: Authorization & { action: 's3:ListBucket'; context: Record<string, never> };
}

export interface BackendRequest extends Authorization {
  /** API name, e.g. 'HeadObject', 'PutItem', 'GenerateDataKey'. */
  api: string;
  /** 'optional' = Terraform tolerates a denial (it logs it or works around it). */
  need: 'required' | 'optional';
  purpose: string;
  /** Present on the state HeadObject when the state does not exist at that point of the operation. */
  whenStateMissing?: StateMissingRule;
}

export interface RequestOptions {
  /**
   * Whether the state object exists before the operation; default true. Ignored by workspace-new (the
   * workspace is always new), workspace-delete (a workspace exists only through its state object) and
   * force-unlock (which never touches the state).
   */
  stateExists?: boolean;
}
