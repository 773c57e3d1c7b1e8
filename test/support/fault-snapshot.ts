// The protections of an account, read with the SDK directly (not through stateward, not through the fault
// proxy): every bucket's versioning, public-access block, encryption, ownership, policy statements and
// lifecycle rules; every role's trust, inline and attached policies; the operators' group, the shared
// managed policy, the OIDC providers and the lock table. fault-weakening.ts compares two of them.

import * as DDB from '@aws-sdk/client-dynamodb';
import * as IAM from '@aws-sdk/client-iam';
import * as S3 from '@aws-sdk/client-s3';
import type { AwsClients } from './aws.ts';

export interface BucketSnapshot {
  versioning: string;
  publicAccessBlock: Record<string, boolean>;
  encryption: string | null;
  ownership: string | null;
  /** Canonical JSON of each statement. */
  policyStatements: string[];
  lifecycleRuleIds: string[];
}

export interface RoleSnapshot {
  trust: string;
  inlinePolicies: Record<string, string>;
  attached: string[];
}

export interface AccountSnapshot {
  buckets: Record<string, BucketSnapshot>;
  roles: Record<string, RoleSnapshot>;
  groupMembers: Record<string, string[]>;
  /** Customer managed policy ARN -> canonical JSON of its default version. */
  managedPolicies: Record<string, string>;
  oidcClientIds: Record<string, string[]>;
  tables: Record<string, { policy: string | null }>;
}

export async function snapshotAccount(aws: AwsClients): Promise<AccountSnapshot> {
  const [buckets, roles, groupMembers, managedPolicies, oidcClientIds, tables] = await Promise.all([
    snapshotBuckets(aws),
    snapshotRoles(aws),
    snapshotGroups(aws),
    snapshotManagedPolicies(aws),
    snapshotOidc(aws),
    snapshotTables(aws),
  ]);
  return { buckets, roles, groupMembers, managedPolicies, oidcClientIds, tables };
}

/** JSON with object keys sorted, so that equal documents compare equal as strings. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

const decoded = (document: string | undefined) => canonical(JSON.parse(decodeURIComponent(document ?? '{}')));

/** The value, or `fallback` when AWS says the setting is not configured. */
async function orUnset<T>(call: Promise<T>, fallback: T, ...absent: string[]): Promise<T> {
  try {
    return await call;
  } catch (error) {
    if (absent.includes((error as { name?: string }).name ?? '')) return fallback;
    throw error;
  }
}

async function snapshotBuckets(aws: AwsClients): Promise<Record<string, BucketSnapshot>> {
  const { Buckets } = await aws.s3.send(new S3.ListBucketsCommand({}));
  const entries = await Promise.all(
    (Buckets ?? []).map(async ({ Name: Bucket }) => [Bucket!, await snapshotBucket(aws, Bucket!)] as const),
  );
  return Object.fromEntries(entries);
}

async function snapshotBucket(aws: AwsClients, Bucket: string): Promise<BucketSnapshot> {
  const [versioning, pab, encryption, ownership, policy, lifecycle] = await Promise.all([
    aws.s3.send(new S3.GetBucketVersioningCommand({ Bucket })),
    orUnset(
      aws.s3.send(new S3.GetPublicAccessBlockCommand({ Bucket })),
      undefined,
      'NoSuchPublicAccessBlockConfiguration',
    ),
    orUnset(
      aws.s3.send(new S3.GetBucketEncryptionCommand({ Bucket })),
      undefined,
      'ServerSideEncryptionConfigurationNotFoundError',
    ),
    orUnset(
      aws.s3.send(new S3.GetBucketOwnershipControlsCommand({ Bucket })),
      undefined,
      'OwnershipControlsNotFoundError',
    ),
    orUnset(aws.s3.send(new S3.GetBucketPolicyCommand({ Bucket })), undefined, 'NoSuchBucketPolicy'),
    orUnset(
      aws.s3.send(new S3.GetBucketLifecycleConfigurationCommand({ Bucket })),
      undefined,
      'NoSuchLifecycleConfiguration',
    ),
  ]);
  const flags = pab?.PublicAccessBlockConfiguration ?? {};
  const statements = policy?.Policy ? (JSON.parse(policy.Policy) as { Statement: unknown[] }).Statement : [];
  return {
    versioning: versioning.Status ?? 'Disabled',
    publicAccessBlock: Object.fromEntries(Object.entries(flags).map(([flag, on]) => [flag, on === true])),
    encryption:
      encryption?.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm ??
      null,
    ownership: ownership?.OwnershipControls?.Rules?.[0]?.ObjectOwnership ?? null,
    policyStatements: statements.map(canonical).sort(),
    lifecycleRuleIds: (lifecycle?.Rules ?? []).map((rule) => rule.ID ?? '').sort(),
  };
}

async function snapshotRoles(aws: AwsClients): Promise<Record<string, RoleSnapshot>> {
  const { Roles } = await aws.iam.send(new IAM.ListRolesCommand({ MaxItems: 1000 }));
  const entries = await Promise.all(
    (Roles ?? []).map(async ({ RoleName, AssumeRolePolicyDocument }) => {
      const [{ PolicyNames }, { AttachedPolicies }] = await Promise.all([
        aws.iam.send(new IAM.ListRolePoliciesCommand({ RoleName })),
        aws.iam.send(new IAM.ListAttachedRolePoliciesCommand({ RoleName })),
      ]);
      const inline = await Promise.all(
        (PolicyNames ?? []).map(
          async (PolicyName) =>
            [
              PolicyName,
              decoded((await aws.iam.send(new IAM.GetRolePolicyCommand({ RoleName, PolicyName }))).PolicyDocument),
            ] as const,
        ),
      );
      const role: RoleSnapshot = {
        trust: decoded(AssumeRolePolicyDocument),
        inlinePolicies: Object.fromEntries(inline),
        attached: (AttachedPolicies ?? []).map((p) => p.PolicyArn!).sort(),
      };
      return [RoleName!, role] as const;
    }),
  );
  return Object.fromEntries(entries);
}

async function snapshotGroups(aws: AwsClients): Promise<Record<string, string[]>> {
  const { Groups } = await aws.iam.send(new IAM.ListGroupsCommand({}));
  const entries = await Promise.all(
    (Groups ?? []).map(
      async ({ GroupName }) =>
        [
          GroupName!,
          ((await aws.iam.send(new IAM.GetGroupCommand({ GroupName }))).Users ?? []).map((u) => u.UserName!).sort(),
        ] as const,
    ),
  );
  return Object.fromEntries(entries);
}

async function snapshotManagedPolicies(aws: AwsClients): Promise<Record<string, string>> {
  const { Policies } = await aws.iam.send(new IAM.ListPoliciesCommand({ Scope: 'Local' }));
  const entries = await Promise.all(
    (Policies ?? []).map(async ({ Arn, DefaultVersionId }) => {
      const { PolicyVersion } = await aws.iam.send(
        new IAM.GetPolicyVersionCommand({ PolicyArn: Arn, VersionId: DefaultVersionId }),
      );
      return [Arn!, decoded(PolicyVersion?.Document)] as const;
    }),
  );
  return Object.fromEntries(entries);
}

async function snapshotOidc(aws: AwsClients): Promise<Record<string, string[]>> {
  const { OpenIDConnectProviderList } = await aws.iam.send(new IAM.ListOpenIDConnectProvidersCommand({}));
  const entries = await Promise.all(
    (OpenIDConnectProviderList ?? []).map(
      async ({ Arn }) =>
        [
          Arn!,
          (
            (await aws.iam.send(new IAM.GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: Arn })))
              .ClientIDList ?? []
          ).sort(),
        ] as const,
    ),
  );
  return Object.fromEntries(entries);
}

async function snapshotTables(aws: AwsClients): Promise<Record<string, { policy: string | null }>> {
  const { TableNames } = await aws.dynamodb.send(new DDB.ListTablesCommand({}));
  const entries = await Promise.all(
    (TableNames ?? []).map(async (TableName) => {
      const { Table } = await aws.dynamodb.send(new DDB.DescribeTableCommand({ TableName }));
      const policy = await orUnset(
        aws.dynamodb.send(new DDB.GetResourcePolicyCommand({ ResourceArn: Table!.TableArn! })),
        undefined,
        'PolicyNotFoundException',
      );
      return [TableName, { policy: policy?.Policy ? canonical(JSON.parse(policy.Policy)) : null }] as const;
    }),
  );
  return Object.fromEntries(entries);
}
