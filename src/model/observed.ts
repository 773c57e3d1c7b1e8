// Observed: what the account holds, in the same shape as Desired, one field per setting.
// `observe()` (src/aws) produces it; the planner compares it with Desired. A setting that is not
// configured in AWS is `null`; a resource that does not exist has status 'absent'. Access errors
// are never folded into 'absent': observe() throws a typed error instead.
import type { NamedPolicy, PolicyDocument } from '../iam/document.ts';
import type { BucketEncryption, BucketLifecycle, PublicAccessBlock, Tags } from './types.ts';

export type ResourceStatus = 'present' | 'absent';

/** What a bucket held when first observed; `complete` false when only the first pages were listed. */
export interface BucketContents {
  objects: number;
  stateKeys: string[];
  complete: boolean;
  /** The listing was refused (e.g. a fence that leaves the caller out): nothing is known of the contents. */
  denied?: true;
}

export interface ObservedBucket {
  name: string;
  /** 'foreign': the name exists but another account owns it (ExpectedBucketOwner refused). */
  status: ResourceStatus | 'foreign';
  region?: string;
  versioning?: 'Enabled' | 'Suspended' | 'Disabled';
  encryption?: BucketEncryption | { algorithm: string; kmsKeyArn?: string; bucketKeyEnabled?: boolean } | null;
  publicAccessBlock?: PublicAccessBlock | null;
  ownership?: string | null;
  /** The whole live policy, stateward's statements and everyone else's. */
  policy?: PolicyDocument | null;
  /**
   * stateward's rule (ID "stateward-state-versions") parsed; other rules kept verbatim so a write preserves them.
   * A rule with stateward's ID that does not parse as its own (a field missing, disabled, filtered) is kept as
   * it is in `statewardRule`, so the plan shows what is there rather than nothing.
   */
  lifecycle?: { stateward: BucketLifecycle | null; otherRules: unknown[]; statewardRule?: unknown };
  tags?: Tags;
  /** Listed only for a bucket stateward has not tagged yet (one being adopted). */
  contents?: BucketContents;
}

export interface ObservedRole {
  name: string;
  status: ResourceStatus;
  arn?: string;
  trust?: PolicyDocument;
  inlinePolicies?: Record<string, PolicyDocument>;
  managedPolicyArns?: string[];
  permissionsBoundary?: string | null;
  maxSessionDuration?: number;
  tags?: Tags;
}

/** One state object of a project's bucket and terraform's `-md5` digest item for it. */
export interface ObservedStateDigest {
  /** The state object's key. */
  key: string;
  /** The `Digest` terraform keeps in the lock table; null when there is no digest item. */
  stored: string | null;
  /** Read only when a digest item must be written or removed: the state's MD5 (hex) and what it says. */
  state?: { digest: string; lineage: string; serial: number };
}

export interface ObservedProject {
  name: string;
  bucket: ObservedBucket;
  role: ObservedRole;
  /** tf-<project>.plan; read only when the config wants one. */
  planRole?: ObservedRole;
  /** Read only when the project locks with DynamoDB, or is leaving it (src/plan/lock-digests.ts). */
  stateDigests?: ObservedStateDigest[];
}

/** An IAM user the config names in `humans`. */
export interface ObservedHuman {
  name: string;
  status: ResourceStatus;
}

export interface ObservedAccountResources {
  oidcProvider: { status: ResourceStatus; clientIds?: string[]; tags?: Tags };
  operators: {
    /** Every policy the group holds: its inline policies and the ARNs of those attached (tf-assume-roles among them). */
    group: {
      status: ResourceStatus;
      members?: string[];
      inlinePolicies?: NamedPolicy[];
      attachedPolicyArns?: string[];
    };
    policy: { status: ResourceStatus; document?: PolicyDocument; attachedToGroup?: boolean; tags?: Tags };
  };
  /** `policy`: the table's resource-based policy (null when it has none). */
  lockTable: {
    status: ResourceStatus;
    partitionKey?: { name: string; type: string };
    billingMode?: string;
    policy?: PolicyDocument | null;
    tags?: Tags;
  };
  /**
   * The cost allocation tag's status in Cost Explorer, read only when the config asks for it. 'unknown':
   * Cost Explorer has not seen the key on any resource yet (it lists keys a day after their first use).
   */
  costAllocationTag?: { key: string; status: 'Active' | 'Inactive' | 'unknown' };
  /** The managed policy tf-state-boundary, read only when the config sets `stateBoundary`. */
  stateBoundary?: { status: ResourceStatus; document?: PolicyDocument; tags?: Tags };
  /** The config's humans as IAM users; absent from an offline snapshot, which cannot know them. */
  humans?: ObservedHuman[];
}

/** One environment account as seen through its management role. */
export interface ObservedEnvironment {
  name: string;
  /** The account the management role's credentials are in (the planner checks it is the configured one). */
  account: string;
  roles: Array<{ project: string; role: ObservedRole }>;
  oidcProvider?: ObservedAccountResources['oidcProvider'];
}

export interface Observed {
  /** The account of the credentials used. */
  account: string;
  /** The environment accounts of the Desired it was observed for; absent for a single-account config. */
  environments?: ObservedEnvironment[];
  projects: ObservedProject[];
  shared: ObservedAccountResources;
  /** Buckets and roles that look like ours (tfstate-*, tf-*) but are not in the config. Never deleted. */
  orphans: { buckets: string[]; roles: string[] };
}
