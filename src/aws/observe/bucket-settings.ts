// The settings of a state bucket we own, one read each, parsed into the Observed shape. A setting that is
// not configured answers 404 with its own code, which means null here; any other error is thrown.
import * as S3 from '@aws-sdk/client-s3';
import type { ObservedBucket } from '../../model/observed.ts';
import type { PublicAccessBlock, Tags } from '../../model/types.ts';
import { LIFECYCLE_RULE_ID, statewardLifecycle } from '../../plan/lifecycle.ts';
import { parseResourcePolicy } from '../documents.ts';
import type { Reader } from './read.ts';

type Settings = Omit<ObservedBucket, 'name' | 'status'>;

/** `region`: the bucket's region when ListBuckets gave it (BucketRegion), which saves a GetBucketLocation. */
export async function readBucketSettings(reader: Reader, bucket: string, region?: string): Promise<Settings> {
  const [bucketRegion, versioning, encryption, publicAccessBlock, ownership, policy, lifecycle, tags] =
    await Promise.all([
      region ?? readRegion(reader, bucket),
      readVersioning(reader, bucket),
      readEncryption(reader, bucket),
      readPublicAccessBlock(reader, bucket),
      readOwnership(reader, bucket),
      readPolicy(reader, bucket),
      readLifecycle(reader, bucket),
      readTags(reader, bucket),
    ]);
  return { region: bucketRegion, versioning, encryption, publicAccessBlock, ownership, policy, lifecycle, tags };
}

async function readRegion(reader: Reader, Bucket: string): Promise<string> {
  const { LocationConstraint } = await reader.must((c) => c.s3.send(new S3.GetBucketLocationCommand({ Bucket })));
  // S3's legacy answers: no constraint is us-east-1, "EU" is eu-west-1.
  if (!LocationConstraint) return 'us-east-1';
  return LocationConstraint === 'EU' ? 'eu-west-1' : LocationConstraint;
}

async function readVersioning(reader: Reader, Bucket: string): Promise<NonNullable<Settings['versioning']>> {
  const { Status } = await reader.must((c) => c.s3.send(new S3.GetBucketVersioningCommand({ Bucket })));
  return Status === 'Enabled' || Status === 'Suspended' ? Status : 'Disabled';
}

async function readEncryption(reader: Reader, Bucket: string): Promise<Settings['encryption']> {
  const result = await reader.read(
    (c) => c.s3.send(new S3.GetBucketEncryptionCommand({ Bucket })),
    ['ServerSideEncryptionConfigurationNotFoundError'],
  );
  const rule = result?.ServerSideEncryptionConfiguration?.Rules?.[0];
  const byDefault = rule?.ApplyServerSideEncryptionByDefault;
  if (!byDefault?.SSEAlgorithm) return null;
  if (byDefault.SSEAlgorithm === 'AES256') return { algorithm: 'AES256' };
  return {
    algorithm: byDefault.SSEAlgorithm,
    ...(byDefault.KMSMasterKeyID ? { kmsKeyArn: byDefault.KMSMasterKeyID } : {}),
    bucketKeyEnabled: rule?.BucketKeyEnabled === true,
  };
}

async function readPublicAccessBlock(reader: Reader, Bucket: string): Promise<PublicAccessBlock | null> {
  const result = await reader.read(
    (c) => c.s3.send(new S3.GetPublicAccessBlockCommand({ Bucket })),
    ['NoSuchPublicAccessBlockConfiguration'],
  );
  const flags = result?.PublicAccessBlockConfiguration;
  if (!flags) return null;
  return {
    blockPublicAcls: flags.BlockPublicAcls === true,
    ignorePublicAcls: flags.IgnorePublicAcls === true,
    blockPublicPolicy: flags.BlockPublicPolicy === true,
    restrictPublicBuckets: flags.RestrictPublicBuckets === true,
  };
}

async function readOwnership(reader: Reader, Bucket: string): Promise<string | null> {
  const result = await reader.read(
    (c) => c.s3.send(new S3.GetBucketOwnershipControlsCommand({ Bucket })),
    ['OwnershipControlsNotFoundError'],
  );
  return result?.OwnershipControls?.Rules?.[0]?.ObjectOwnership ?? null;
}

async function readPolicy(reader: Reader, Bucket: string): Promise<Settings['policy']> {
  const result = await reader.read((c) => c.s3.send(new S3.GetBucketPolicyCommand({ Bucket })), ['NoSuchBucketPolicy']);
  return result?.Policy ? parseResourcePolicy(result.Policy, `bucket policy of ${Bucket}`) : null;
}

/** stateward's rule parsed (or as it is, when it does not parse); every other rule kept verbatim, so that a write puts them back unchanged. */
async function readLifecycle(reader: Reader, Bucket: string): Promise<NonNullable<Settings['lifecycle']>> {
  const result = await reader.read(
    (c) => c.s3.send(new S3.GetBucketLifecycleConfigurationCommand({ Bucket })),
    ['NoSuchLifecycleConfiguration'],
  );
  const rules = result?.Rules ?? [];
  const ours = rules.find((rule) => rule.ID === LIFECYCLE_RULE_ID);
  const stateward = ours ? statewardLifecycle(ours) : null;
  return {
    stateward,
    otherRules: rules.filter((rule) => rule.ID !== LIFECYCLE_RULE_ID),
    ...(ours && !stateward ? { statewardRule: ours } : {}),
  };
}

async function readTags(reader: Reader, Bucket: string): Promise<Tags> {
  const result = await reader.read((c) => c.s3.send(new S3.GetBucketTaggingCommand({ Bucket })), ['NoSuchTagSet']);
  return Object.fromEntries((result?.TagSet ?? []).map((tag) => [tag.Key ?? '', tag.Value ?? '']));
}
