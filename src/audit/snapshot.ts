// What discovery read from the account, for the rules to judge. Pure data: src/aws/discover fills it,
// tests build it by hand. Anything that could not be read is in `errors`, never left out silently.
import type { Config } from '../config/types.ts';
import type { NamedPolicy, PolicyDocument } from '../iam/document.ts';
import type { ObservedBucket, ObservedRole } from '../model/observed.ts';

export interface AuditBucket {
  name: string;
  arn: string;
  /** From the name `tfstate-<project>-<account>`, else null (a bucket found by its *.tfstate objects). */
  project: string | null;
  discoveredBy: 'name' | 'objects';
  /** The settings; undefined when they could not be read (the reason is in `errors`). */
  settings?: ObservedBucket;
}

export interface AuditRole {
  name: string;
  arn: string;
  /** From the name `tf-<project>` or `tf-<project>.plan`. */
  project: string;
  /** 'plan' for tf-<project>.plan, the role pull requests assume; absent for the apply role. */
  kind?: 'plan';
  /** Undefined when the role could not be read (the reason is in `errors`). */
  observed?: ObservedRole;
  /** Attached managed policies with their current documents; a document that could not be read is left out and reported. */
  managedPolicies: NamedPolicy[];
}

export interface AuditOperators {
  status: 'present' | 'absent' | 'unreadable';
  /** Inline and attached policies of the tf-operators group. */
  policies: NamedPolicy[];
}

export interface AuditLock {
  kind: 'lockfile' | 'dynamodb';
  bucket: string;
  /** The state key the lock guards. */
  stateKey: string;
  /** Where the lock lives: the `.tflock` object key or the DynamoDB LockID. */
  location: string;
  /** When the lock was taken (RFC 3339): from the lock info, else the object's LastModified. */
  since: string;
  /** Lock info, when it could be read. */
  holder?: { id: string; who: string; operation: string };
  /** Why the holder is unknown, when it is. */
  holderUnknown?: string;
}

/** Terraform's legacy DynamoDB lock table, read only to judge its fence (the resource policy). */
export interface AuditLockTable {
  arn: string;
  /** 'unreadable': its items or its policy could not be read (the reason is in `errors`). */
  status: 'present' | 'absent' | 'unreadable';
  /** The resource-based policy; null when the table has none (or is absent or unreadable). */
  policy: PolicyDocument | null;
  /** Buckets named by at least one item (lock or `-md5` digest): what has locked with DynamoDB. */
  itemBuckets: string[];
}

export interface AuditReadError {
  /** ARN or name of what could not be read. */
  resource: string;
  project: string | null;
  code: string;
  message: string;
  fix: string;
}

export interface AuditSnapshot {
  account: string;
  region: string;
  /** Milliseconds since the epoch at which the account was read (lock ages are relative to it). */
  now: number;
  buckets: AuditBucket[];
  roles: AuditRole[];
  operators: AuditOperators;
  locks: AuditLock[];
  /** Left out by snapshots built without discovery; discovery always sets it. */
  lockTable?: AuditLockTable;
  errors: AuditReadError[];
  /** The Project tag's cost allocation status; read only when the config turns cost allocation on. */
  costAllocationTag?: { key: string; status: 'Active' | 'Inactive' | 'unknown' };
  /** The config, when one was given: then the account is also compared against it. */
  config?: Config;
  /** The config's environment accounts (seed 002), each read through its management role: its tf-* roles. */
  environments?: AuditEnvironment[];
}

export interface AuditEnvironment {
  name: string;
  account: string;
  roles: AuditRole[];
}
