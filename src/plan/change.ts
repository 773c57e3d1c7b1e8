// A planned change: one setting of one resource, with old and new values, so a user can review it
// and apply can carry it out on its own.
export type ResourceType = 'bucket' | 'role' | 'oidc-provider' | 'group' | 'group-policy' | 'lock-table';

export type ChangeAction = 'create' | 'update' | 'attach' | 'detach' | 'add-member' | 'remove-member';

/** Ranked: what the change does to the account's security, highest first when rendered. */
export type Impact = 'critical' | 'high' | 'medium' | 'low';

export interface Change {
  /** Stable, e.g. "bucket/tfstate-a-111122223333/versioning". */
  id: string;
  project?: string;
  resourceType: ResourceType;
  resourceName: string;
  /** 'resource' for create; otherwise the setting, e.g. 'versioning', 'policy', 'trust', 'tags'. */
  setting: string;
  action: ChangeAction;
  old: unknown;
  new: unknown;
  impact: Impact;
  /** True when the change lets anyone do more than before (apply asks before such changes). */
  broadensAccess: boolean;
  /** Ids of changes that must be applied first (e.g. a bucket's settings after its creation). */
  dependsOn: string[];
  /** One line for humans: what and why. */
  summary: string;
}

export interface Plan {
  version: 1;
  account: string;
  changes: Change[];
  orphans: { buckets: string[]; roles: string[] };
}
