// The actions that change or destroy a state store rather than a state: what the fences keep for the
// managers, what verify probes on every other project's resources, and what the boundary and SCP deny.
// DeleteBucketLifecycle, DeleteBucketEncryption and DeletePublicAccessBlock are authorised by the Put
// action of the same setting, so the Put covers them.

export const BUCKET_MANAGEMENT_ACTIONS = [
  's3:PutBucketPolicy',
  's3:DeleteBucketPolicy',
  's3:PutLifecycleConfiguration',
  's3:PutBucketVersioning',
  's3:PutEncryptionConfiguration',
  's3:PutBucketObjectLockConfiguration',
  's3:PutBucketOwnershipControls',
  's3:PutBucketPublicAccessBlock',
  's3:PutBucketAcl',
  's3:PutReplicationConfiguration',
  's3:PutBucketTagging',
  's3:DeleteBucket',
] as const;

/** Table-wide: none carries dynamodb:LeadingKeys, so the per-project item fences cannot stop them. */
export const TABLE_MANAGEMENT_ACTIONS = [
  'dynamodb:DeleteTable',
  'dynamodb:UpdateTable',
  'dynamodb:ExportTableToPointInTime',
  'dynamodb:RestoreTableToPointInTime',
  'dynamodb:PutResourcePolicy',
  'dynamodb:DeleteResourcePolicy',
  'dynamodb:Scan',
  'dynamodb:PartiQLSelect',
] as const;

/** A project's KMS key: its key policy is not stateward's, so only a boundary or an SCP can deny these. */
export const KEY_MANAGEMENT_ACTIONS = ['kms:ScheduleKeyDeletion', 'kms:DisableKey', 'kms:PutKeyPolicy'] as const;
