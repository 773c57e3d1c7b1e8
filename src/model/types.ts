// Desired: what the account must look like for a config. Pure data, compared by the planner
// against an observed snapshot of the same shape.

import type { LockingMode, ProjectConfig } from '../config/types.ts';
import type { PolicyDocument } from '../iam/document.ts';

export type Tags = Record<string, string>;

export type BucketEncryption =
  | { algorithm: 'AES256' }
  | { algorithm: 'aws:kms'; kmsKeyArn: string; bucketKeyEnabled: true };

export interface PublicAccessBlock {
  blockPublicAcls: boolean;
  ignorePublicAcls: boolean;
  blockPublicPolicy: boolean;
  restrictPublicBuckets: boolean;
}

export interface BucketLifecycle {
  noncurrentDays: number;
  newerNoncurrentVersions: number;
  abortIncompleteMultipartUploadDays: number;
}

export interface DesiredBucket {
  name: string;
  arn: string;
  region: string;
  versioning: 'Enabled';
  encryption: BucketEncryption;
  publicAccessBlock: PublicAccessBlock;
  ownership: 'BucketOwnerEnforced';
  /** Only the statements stateward owns (Sid starting with "Stateward"); others in the live policy are kept. */
  policy: PolicyDocument;
  lifecycle: BucketLifecycle;
  tags: Tags;
}

export interface DesiredRole {
  name: string;
  arn: string;
  trust: PolicyDocument;
  inlinePolicies: Record<string, PolicyDocument>;
  managedPolicyArns: string[];
  permissionsBoundary?: string;
  maxSessionDuration: number;
  tags: Tags;
}

export interface DesiredProject {
  name: string;
  config: ProjectConfig;
  locking: LockingMode;
  bucket: DesiredBucket;
  role: DesiredRole;
  /** tf-<project>.plan, which pull requests assume; absent when the project allows pull requests to apply. */
  planRole?: DesiredRole;
}

export interface DesiredOidcProvider {
  url: string;
  arn: string;
  clientIds: string[];
  tags: Tags;
}

export interface DesiredOperators {
  groupName: string;
  members: string[];
  policyName: string;
  policyArn: string;
  policy: PolicyDocument;
  tags: Tags;
}

export interface DesiredLockTable {
  name: string;
  arn: string;
  partitionKey: 'LockID';
  billingMode: 'PAY_PER_REQUEST';
  /** The table's resource-based policy: the lock fence (absent when no DynamoDB-locked project is fenced). */
  policy?: PolicyDocument;
  /**
   * The lock-fence Sids of every project in the config, fenced or not: the statements stateward may rewrite
   * or drop. A live Stateward statement outside this set is a removed project's, kept until `destroy`.
   */
  configuredSids: string[];
  tags: Tags;
}

/** The tag key whose costs Cost Explorer reports per value, when the config asks for it. */
export interface DesiredCostAllocationTag {
  key: string;
  status: 'Active';
}

/**
 * The managed policy tf-state-boundary, kept when the config sets `stateBoundary`: the permissions boundary of
 * the project roles with infrastructure permissions (src/policy/boundary.ts).
 */
export interface DesiredStateBoundary {
  name: string;
  arn: string;
  document: PolicyDocument;
  tags: Tags;
}

export interface DesiredAccountResources {
  oidcProvider: DesiredOidcProvider;
  stateBoundary?: DesiredStateBoundary;
  costAllocationTag?: DesiredCostAllocationTag;
  operators: DesiredOperators;
  lockTable?: DesiredLockTable;
}

/** A project's deploy role in one environment account. */
export interface DesiredEnvironmentRole {
  project: string;
  /** 'plan': the read-only counterpart of the plan role tf-<project>.plan; else the deploy role. */
  kind?: 'plan';
  role: DesiredRole;
}

/** An environment account (seed 002): the deploy roles of the projects that deploy there. */
export interface DesiredEnvironment {
  name: string;
  account: string;
  /** The role stateward assumes in the account to observe and change it. */
  managementRoleArn: string;
  roles: DesiredEnvironmentRole[];
  /** Present when a deploy role there trusts GitHub directly (oidcSubjects of the environment). */
  oidcProvider?: DesiredOidcProvider;
}

export interface Desired {
  account: string;
  region: string;
  projects: DesiredProject[];
  shared: DesiredAccountResources;
  /** Environment accounts, when the config names any; absent for a single-account config. */
  environments?: DesiredEnvironment[];
}
