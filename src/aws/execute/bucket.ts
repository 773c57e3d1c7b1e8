// Changes to a state bucket: its creation, then one S3 call per setting, each writing the complete value.
import * as S3 from '@aws-sdk/client-s3';
import { StatewardError } from '../../errors.ts';
import type { PolicyDocument } from '../../iam/document.ts';
import type { BucketEncryption, PublicAccessBlock, Tags } from '../../model/types.ts';
import type { BucketCreate, BucketLifecycleConfig, Change } from '../../plan/change.ts';
import { lifecycleRule } from '../../plan/lifecycle.ts';
import { LOCK_DIGESTS_SETTING } from '../../plan/lock-digests.ts';
import type { AwsClients } from '../clients.ts';
import { bucketNameTaken } from '../errors.ts';
import { tagMap } from '../observe/role.ts';
import { executeLockDigestsChange } from './lock-digests.ts';
import { send, waitUntilTrue, wasTolerated } from './send.ts';
import { mergeTagWrite, tagList } from './tags.ts';

const BUCKET_VISIBLE_MS = 30_000;

export async function executeBucketChange(change: Change, clients: AwsClients): Promise<void> {
  const Bucket = change.resourceName;
  const write = (call: (c: AwsClients) => Promise<unknown>) => send(clients, call);
  switch (change.setting) {
    case 'resource':
      return createBucket(change.new as BucketCreate, clients);
    case LOCK_DIGESTS_SETTING:
      return executeLockDigestsChange(change, clients);
    case 'versioning':
      await write((c) =>
        c.s3.send(
          new S3.PutBucketVersioningCommand({ Bucket, VersioningConfiguration: { Status: change.new as 'Enabled' } }),
        ),
      );
      return;
    case 'encryption':
      await write((c) =>
        c.s3.send(
          new S3.PutBucketEncryptionCommand({
            Bucket,
            ServerSideEncryptionConfiguration: { Rules: [encryptionRule(change.new as BucketEncryption)] },
          }),
        ),
      );
      return;
    case 'publicAccessBlock':
      await write((c) =>
        c.s3.send(
          new S3.PutPublicAccessBlockCommand({
            Bucket,
            PublicAccessBlockConfiguration: publicAccessBlock(change.new as PublicAccessBlock),
          }),
        ),
      );
      return;
    case 'ownership':
      await write((c) =>
        c.s3.send(
          new S3.PutBucketOwnershipControlsCommand({
            Bucket,
            OwnershipControls: { Rules: [{ ObjectOwnership: change.new as S3.ObjectOwnership }] },
          }),
        ),
      );
      return;
    case 'policy':
      await write((c) =>
        c.s3.send(new S3.PutBucketPolicyCommand({ Bucket, Policy: JSON.stringify(change.new as PolicyDocument) })),
      );
      return;
    case 'lifecycle':
      await write((c) =>
        c.s3.send(
          new S3.PutBucketLifecycleConfigurationCommand({
            Bucket,
            LifecycleConfiguration: { Rules: lifecycleRules(change.new as BucketLifecycleConfig) },
          }),
        ),
      );
      return;
    case 'tags':
      return writeTags(Bucket, change, clients);
    default:
      throw unknownSetting(change);
  }
}

/** S3 outside us-east-1 needs the region as LocationConstraint; us-east-1 refuses it. */
async function createBucket(bucket: BucketCreate, clients: AwsClients): Promise<void> {
  const configuration =
    bucket.region === 'us-east-1' ? undefined : { LocationConstraint: bucket.region as S3.BucketLocationConstraint };
  // BucketAlreadyOwnedByYou: another apply of the same config created it a moment ago; its settings follow.
  const result = await send(
    clients,
    (c) => c.s3.send(new S3.CreateBucketCommand({ Bucket: bucket.name, CreateBucketConfiguration: configuration })),
    ['BucketAlreadyOwnedByYou', 'BucketAlreadyExists'],
  );
  if (wasTolerated(result) && result.tolerated === 'BucketAlreadyExists')
    throw bucketNameTaken(bucket.name, clients.account);
  await waitUntilTrue(
    async () =>
      !wasTolerated(
        await send(clients, (c) => c.s3.send(new S3.HeadBucketCommand({ Bucket: bucket.name })), [
          'NotFound',
          'NoSuchBucket',
        ]),
      ),
    BUCKET_VISIBLE_MS,
    () =>
      new StatewardError(
        'AWS_BUCKET_NOT_VISIBLE',
        `S3 created bucket ${bucket.name} but did not show it within ${BUCKET_VISIBLE_MS / 1000} s.`,
        "Run `stateward apply` again in a minute; it continues with the bucket's settings.",
      ),
  );
}

function encryptionRule(encryption: BucketEncryption): S3.ServerSideEncryptionRule {
  if (encryption.algorithm === 'AES256') return { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } };
  return {
    ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: encryption.kmsKeyArn },
    BucketKeyEnabled: encryption.bucketKeyEnabled,
  };
}

function publicAccessBlock(flags: PublicAccessBlock): S3.PublicAccessBlockConfiguration {
  return {
    BlockPublicAcls: flags.blockPublicAcls,
    IgnorePublicAcls: flags.ignorePublicAcls,
    BlockPublicPolicy: flags.blockPublicPolicy,
    RestrictPublicBuckets: flags.restrictPublicBuckets,
  };
}

/** Everyone else's rules verbatim, then stateward's. */
function lifecycleRules(config: BucketLifecycleConfig): S3.LifecycleRule[] {
  return [...(config.otherRules as S3.LifecycleRule[]), lifecycleRule(config.stateward)];
}

/**
 * PutBucketTagging replaces the whole set, so it is written from the live set read just before: keys the
 * plan removes go, the plan's values are set, and any key someone added since the plan stays. An empty
 * set is a DeleteBucketTagging.
 */
async function writeTags(Bucket: string, change: Change, clients: AwsClients): Promise<void> {
  const live = await send(clients, (c) => c.s3.send(new S3.GetBucketTaggingCommand({ Bucket })), ['NoSuchTagSet']);
  const current = wasTolerated(live) ? {} : tagMap(live.TagSet);
  const TagSet = tagList(mergeTagWrite(current, change.old, change.new as Tags));
  if (TagSet.length === 0) {
    if (Object.keys(current).length > 0)
      await send(clients, (c) => c.s3.send(new S3.DeleteBucketTaggingCommand({ Bucket })));
    return;
  }
  await send(clients, (c) => c.s3.send(new S3.PutBucketTaggingCommand({ Bucket, Tagging: { TagSet } })));
}

export function unknownSetting(change: Change): StatewardError {
  return new StatewardError(
    'APPLY_UNKNOWN_CHANGE',
    `This version of stateward cannot apply change ${change.id} (${change.resourceType} ${change.setting} ${change.action}).`,
    'Plan and apply with the same stateward version; if they are the same, this is a bug: please report it with `stateward plan --json`.',
  );
}
