// The IAM action each API operation is authorized by. Most are "<service>:<Operation>"; S3 renames many.
import type { AwsCall } from './middleware/call-context.ts';

const S3_ACTIONS: Record<string, string> = {
  HeadBucket: 's3:ListBucket',
  ListBuckets: 's3:ListAllMyBuckets',
  ListObjectsV2: 's3:ListBucket',
  ListObjects: 's3:ListBucket',
  ListObjectVersions: 's3:ListBucketVersions',
  HeadObject: 's3:GetObject',
  DeleteObjects: 's3:DeleteObject',
  GetBucketEncryption: 's3:GetEncryptionConfiguration',
  PutBucketEncryption: 's3:PutEncryptionConfiguration',
  GetBucketLifecycleConfiguration: 's3:GetLifecycleConfiguration',
  PutBucketLifecycleConfiguration: 's3:PutLifecycleConfiguration',
  GetPublicAccessBlock: 's3:GetBucketPublicAccessBlock',
  PutPublicAccessBlock: 's3:PutBucketPublicAccessBlock',
  DeletePublicAccessBlock: 's3:PutBucketPublicAccessBlock',
  GetBucketLocation: 's3:GetBucketLocation',
  DeleteBucketOwnershipControls: 's3:PutBucketOwnershipControls',
  DeleteBucketEncryption: 's3:PutEncryptionConfiguration',
  DeleteBucketLifecycle: 's3:PutLifecycleConfiguration',
  DeleteBucketTagging: 's3:PutBucketTagging',
};

const SERVICE_PREFIX: Record<string, string> = { s3: 's3', iam: 'iam', sts: 'sts', dynamodb: 'dynamodb' };

export function iamActionOf(call: AwsCall): string {
  if (call.service === 's3') {
    if (call.operation === 'DeleteObject' && call.input.VersionId) return 's3:DeleteObjectVersion';
    return S3_ACTIONS[call.operation] ?? `s3:${call.operation}`;
  }
  return `${SERVICE_PREFIX[call.service] ?? call.service}:${call.operation}`;
}

/** The ARN the action was attempted on, from the call's input; "*" for account-wide calls. */
export function resourceOf(call: AwsCall, account: string, region: string): string {
  const input = call.input;
  const str = (name: string) => (typeof input[name] === 'string' ? (input[name] as string) : undefined);
  const bucket = str('Bucket');
  if (bucket) return str('Key') ? `arn:aws:s3:::${bucket}/${str('Key')}` : `arn:aws:s3:::${bucket}`;
  const role = str('RoleName');
  if (role) return `arn:aws:iam::${account}:role/${role}`;
  const explicitArn = str('PolicyArn') ?? str('OpenIDConnectProviderArn') ?? str('ResourceArn');
  if (explicitArn) return explicitArn;
  const group = str('GroupName');
  if (group) return `arn:aws:iam::${account}:group/${group}`;
  const user = str('UserName');
  if (user) return `arn:aws:iam::${account}:user/${user}`;
  const table = str('TableName');
  if (table) return `arn:aws:dynamodb:${region}:${account}:table/${table}`;
  return '*';
}
