// A planned change: one setting of one resource, with old and new values, so a user can review it
// and apply can carry it out on its own.
//
// The executor's contract: what `new` (and `old`) hold per (resourceType, setting, action). For a
// whole-document setting `new` is the COMPLETE value to write, never a patch: write it as is.
//
// | resourceType  | setting             | action        | key          | old                          | new (what to write)                                                                  |
// |---------------|---------------------|---------------|--------------|------------------------------|--------------------------------------------------------------------------------------|
// | bucket        | resource            | create        | -            | null                         | BucketCreate { name, region } (CreateBucket; every setting below follows as its own change) |
// | bucket        | versioning          | update        | -            | status or null               | 'Enabled'                                                                            |
// | bucket        | encryption          | update        | -            | encryption or null           | BucketEncryption (AES256, or aws:kms + kmsKeyArn + bucketKeyEnabled)                 |
// | bucket        | publicAccessBlock   | update        | -            | PublicAccessBlock or null    | PublicAccessBlock, all four flags                                                    |
// | bucket        | ownership           | update        | -            | string or null               | 'BucketOwnerEnforced'                                                                |
// | bucket        | policy              | update        | -            | live PolicyDocument or null  | PolicyDocument: live non-Stateward statements kept in place, Stateward-Sid ones replaced/added/dropped |
// | bucket        | lifecycle           | update        | -            | observed lifecycle or null   | BucketLifecycleConfig { stateward, otherRules }: write otherRules verbatim plus lifecycleRule(stateward) |
// | bucket        | tags                | update        | -            | Tags                         | Tags: the complete set (PutBucketTagging)                                            |
// | bucket        | lockDigests         | update        | -            | DigestEntry[] (items held)   | DigestEntry[]: put each (entering DynamoDB); [] = delete each of old (leaving it)    |
// | role          | resource            | create        | -            | null                         | RoleCreate { name, trust, maxSessionDuration, permissionsBoundary, tags } (one CreateRole: no window without boundary) |
// | role          | trust               | update        | -            | PolicyDocument               | PolicyDocument (UpdateAssumeRolePolicy)                                              |
// | role          | inlinePolicy        | update        | policy name  | PolicyDocument or null       | PolicyDocument (PutRolePolicy, name = key)                                           |
// | role          | inlinePolicy        | delete        | policy name  | PolicyDocument               | null (DeleteRolePolicy): a policy the config does not declare                        |
// | role          | managedPolicy       | attach/detach | policy ARN   | null / the ARN               | the ARN / null                                                                       |
// | role          | permissionsBoundary | update        | -            | ARN or null                  | ARN, or null = DeleteRolePermissionsBoundary                                         |
// | role          | maxSessionDuration  | update        | -            | seconds or null              | seconds                                                                              |
// | role          | tags                | update        | -            | Tags                         | Tags: the complete set (TagRole new; UntagRole keys in old not in new)               |
// | oidc-provider | resource            | create        | -            | null                         | OidcProviderCreate { url, arn, clientIds, tags }                                     |
// | oidc-provider | clientIds           | update        | -            | string[]                     | string[] complete, always a superset of old: add each id of new not in old           |
// | oidc-provider | tags                | update        | -            | Tags                         | Tags: the complete set                                                               |
// | group         | resource            | create        | -            | null                         | { name }                                                                             |
// | group         | member              | add-member / remove-member | user name | null / the user      | the user / null                                                                      |
// | group         | inlinePolicy        | delete        | policy name  | PolicyDocument               | null (DeleteGroupPolicy): the group holds only tf-assume-roles                       |
// | group         | managedPolicy       | detach        | policy ARN   | the ARN                      | null (DetachGroupPolicy): any policy but tf-assume-roles                             |
// | group-policy  | resource            | create        | -            | null                         | GroupPolicyCreate { name, arn, document, tags } (CreatePolicy)                       |
// | group-policy  | document            | update        | -            | PolicyDocument               | PolicyDocument (CreatePolicyVersion, set as default)                                 |
// | group-policy  | attachment          | attach        | group name   | null                         | { groupName, policyArn } (AttachGroupPolicy)                                         |
// | group-policy  | tags                | update        | -            | Tags                         | Tags: the complete set                                                               |
// | managed-policy | resource           | create        | -            | null                         | GroupPolicyCreate { name, arn, document, tags } (CreatePolicy): tf-state-boundary |
// | managed-policy | document           | update        | -            | PolicyDocument               | PolicyDocument (CreatePolicyVersion, set as default)                                 |
// | managed-policy | tags               | update        | -            | Tags                         | Tags: the complete set                                                               |
// | lock-table    | resource            | create        | -            | null                         | LockTableCreate { name, partitionKey: { name: 'LockID', type: 'S' }, billingMode, tags } |
// | lock-table    | tags                | update        | -            | Tags                         | Tags: the complete set                                                               |
// | lock-table    | policy              | update        | -            | PolicyDocument \| null       | the complete resource policy (others' statements kept), or null = DeleteResourcePolicy |
// | cost-allocation-tag | status        | update        | -            | 'Inactive', 'unknown' or null | 'Active' (Cost Explorer UpdateCostAllocationTagsStatus)                             |
//
// Tags: keys starting with "aws:" are AWS's own; they are never in `new`, never compared, never removed.
import type { PolicyDocument } from '../iam/document.ts';
import type { BucketLifecycle, Tags } from '../model/types.ts';
import type { Notice } from './notices.ts';

export type ResourceType =
  | 'bucket'
  | 'role'
  | 'oidc-provider'
  | 'group'
  | 'group-policy'
  | 'managed-policy'
  | 'lock-table'
  | 'cost-allocation-tag';

export type ChangeAction = 'create' | 'update' | 'delete' | 'attach' | 'detach' | 'add-member' | 'remove-member';

/** Ranked: what the change does to the account's security, highest first when rendered. */
export type Impact = 'critical' | 'high' | 'medium' | 'low';

export interface Change {
  /**
   * Stable, e.g. "bucket/tfstate-a-111122223333/versioning"; "<type>/<name>/<setting>[/<key>]", prefixed with
   * "<account>:" for a change in an environment account.
   */
  id: string;
  /** Set for a change in an environment account (seed 002): the account it is applied in. */
  account?: string;
  /** The environment that account is, with `account`. */
  environment?: string;
  project?: string;
  resourceType: ResourceType;
  resourceName: string;
  /** 'resource' for create; otherwise the setting, e.g. 'versioning', 'policy', 'trust', 'tags'. */
  setting: string;
  /** Which item of a setting that holds several: inline policy name, managed policy ARN, member, group. */
  key?: string;
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
  /** What the plan found that is not a change (an adopted bucket's contents, orphans' state). */
  notices: Notice[];
  /** Projects left out whole, each with why and the fix: nothing of theirs is planned. */
  blocked: BlockedProject[];
}

/** A project the plan leaves out whole, e.g. because another account owns its bucket's name. */
export interface BlockedProject {
  project: string;
  code: string;
  message: string;
  fix: string;
}

export interface BucketCreate {
  name: string;
  region: string;
}

export interface BucketLifecycleConfig {
  stateward: BucketLifecycle;
  otherRules: unknown[];
}

export interface RoleCreate {
  name: string;
  trust: PolicyDocument;
  maxSessionDuration: number;
  permissionsBoundary: string | null;
  tags: Tags;
}

export interface OidcProviderCreate {
  url: string;
  arn: string;
  clientIds: string[];
  tags: Tags;
}

export interface GroupPolicyCreate {
  name: string;
  arn: string;
  document: PolicyDocument;
  tags: Tags;
}

export interface GroupPolicyAttachment {
  groupName: string;
  policyArn: string;
}

export interface LockTableCreate {
  name: string;
  partitionKey: { name: 'LockID'; type: 'S' };
  billingMode: 'PAY_PER_REQUEST';
  tags: Tags;
}

export function changeId(resourceType: ResourceType, resourceName: string, setting: string, key?: string): string {
  return [resourceType, resourceName, setting, ...(key === undefined ? [] : [key])].join('/');
}
