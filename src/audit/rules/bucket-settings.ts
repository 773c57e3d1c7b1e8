// The state bucket's own settings (DESIGN §1): versioning, default encryption, public access block,
// object ownership, noncurrent-version lifecycle and the standard tags.

import type { AuditContext } from '../context.ts';
import { projectLabel } from '../context.ts';
import { applyOr } from '../fixes.ts';
import type { Hit, Rule } from '../types.ts';

type Bucket = AuditContext['readableBuckets'][number];

function perBucket(check: (bucket: Bucket, context: AuditContext) => Omit<Hit, 'project' | 'resource'> | undefined) {
  return (context: AuditContext): Hit[] =>
    context.readableBuckets.flatMap((bucket) => {
      const hit = check(bucket, context);
      return hit ? [{ project: bucket.project, resource: bucket.arn, ...hit }] : [];
    });
}

export const versioningOff: Rule<AuditContext> = {
  meta: {
    id: 'SW-BUCKET-001',
    severity: 'high',
    title: 'State bucket versioning is not enabled',
    rationale: 'Without versioning an overwritten or deleted state file cannot be recovered.',
  },
  check: perBucket((bucket, context) => {
    const status = bucket.settings.versioning ?? 'Disabled';
    if (status === 'Enabled') return undefined;
    return {
      message: `Versioning of ${bucket.name} (${projectLabel(bucket.project, bucket.name)}) is ${status.toLowerCase()}: a bad apply or a deleted state cannot be rolled back.`,
      evidence: `GetBucketVersioning Status = ${status === 'Disabled' ? '(never enabled)' : status}`,
      fix: applyOr(
        context,
        bucket.project,
        `aws s3api put-bucket-versioning --bucket ${bucket.name} --versioning-configuration Status=Enabled`,
      ),
    };
  }),
};

export const noEncryption: Rule<AuditContext> = {
  meta: {
    id: 'SW-BUCKET-002',
    severity: 'medium',
    title: 'State bucket has no default encryption',
    rationale: 'State files hold secrets in plain text; every object must be encrypted at rest by default.',
  },
  check: perBucket((bucket, context) => {
    if (bucket.settings.encryption) return undefined;
    return {
      message: `${bucket.name} has no default encryption, so a state written without the encrypt flag is stored unencrypted.`,
      evidence: 'GetBucketEncryption: ServerSideEncryptionConfigurationNotFoundError',
      fix: applyOr(
        context,
        bucket.project,
        `aws s3api put-bucket-encryption --bucket ${bucket.name} --server-side-encryption-configuration '{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"AES256"}}]}'`,
      ),
    };
  }),
};

const PAB_FLAGS = ['blockPublicAcls', 'ignorePublicAcls', 'blockPublicPolicy', 'restrictPublicBuckets'] as const;
const PAB_NAMES = {
  blockPublicAcls: 'BlockPublicAcls',
  ignorePublicAcls: 'IgnorePublicAcls',
  blockPublicPolicy: 'BlockPublicPolicy',
  restrictPublicBuckets: 'RestrictPublicBuckets',
};

export const publicAccessNotBlocked: Rule<AuditContext> = {
  meta: {
    id: 'SW-BUCKET-003',
    severity: 'high',
    title: 'State bucket public access block is not fully on',
    rationale: 'All four flags keep a policy or ACL mistake from publishing the state.',
  },
  check: perBucket((bucket, context) => {
    const block = bucket.settings.publicAccessBlock;
    const off = block
      ? PAB_FLAGS.filter((flag) => !block[flag]).map((flag) => PAB_NAMES[flag])
      : PAB_FLAGS.map((flag) => PAB_NAMES[flag]);
    if (off.length === 0) return undefined;
    return {
      message: `${bucket.name} does not block public access (${off.join(', ')} off): one permissive policy or ACL would publish the state.`,
      evidence: block
        ? `GetPublicAccessBlock: ${off.map((f) => `${f}=false`).join(', ')}`
        : 'GetPublicAccessBlock: NoSuchPublicAccessBlockConfiguration',
      fix: applyOr(
        context,
        bucket.project,
        `aws s3api put-public-access-block --bucket ${bucket.name} --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true`,
      ),
    };
  }),
};

export const aclsEnabled: Rule<AuditContext> = {
  meta: {
    id: 'SW-BUCKET-004',
    severity: 'medium',
    title: 'State bucket ACLs are enabled',
    rationale: 'With ACLs enabled an object ACL can grant access that the bucket policy and IAM do not show.',
  },
  check: perBucket((bucket, context) => {
    const ownership = bucket.settings.ownership;
    if (ownership === 'BucketOwnerEnforced') return undefined;
    return {
      message: `${bucket.name} still honours ACLs (object ownership ${ownership ?? 'not set'}), so an object ACL can grant access outside IAM.`,
      evidence: ownership
        ? `GetBucketOwnershipControls ObjectOwnership = ${ownership}`
        : 'GetBucketOwnershipControls: OwnershipControlsNotFoundError',
      fix: applyOr(
        context,
        bucket.project,
        `aws s3api put-bucket-ownership-controls --bucket ${bucket.name} --ownership-controls 'Rules=[{ObjectOwnership=BucketOwnerEnforced}]'`,
      ),
    };
  }),
};

function expiresNoncurrent(rule: unknown): boolean {
  const r = rule as { Status?: string; NoncurrentVersionExpiration?: { NoncurrentDays?: number } };
  return r?.Status === 'Enabled' && r.NoncurrentVersionExpiration !== undefined;
}

export const noNoncurrentLifecycle: Rule<AuditContext> = {
  meta: {
    id: 'SW-BUCKET-007',
    severity: 'low',
    title: 'State bucket keeps noncurrent versions forever',
    rationale: 'Every apply adds a version; without expiry the bucket grows without bound and old secrets linger.',
  },
  check: perBucket((bucket, context) => {
    const lifecycle = bucket.settings.lifecycle;
    if (lifecycle?.stateward || lifecycle?.otherRules.some(expiresNoncurrent)) return undefined;
    const rules = lifecycle?.otherRules.length ?? 0;
    return {
      message: `${bucket.name} never expires noncurrent state versions: every old state, secrets included, is kept forever.`,
      evidence:
        rules === 0
          ? 'GetBucketLifecycleConfiguration: no rules'
          : `GetBucketLifecycleConfiguration: ${rules} rule(s), none enabled with NoncurrentVersionExpiration`,
      fix: applyOr(
        context,
        bucket.project,
        `aws s3api put-bucket-lifecycle-configuration --bucket ${bucket.name} --lifecycle-configuration '{"Rules":[{"ID":"stateward-state-versions","Status":"Enabled","Filter":{"Prefix":""},"NoncurrentVersionExpiration":{"NoncurrentDays":90,"NewerNoncurrentVersions":100},"AbortIncompleteMultipartUpload":{"DaysAfterInitiation":7}}]}'`,
      ),
    };
  }),
};

export const STANDARD_TAGS = ['Project', 'ManagedBy', 'Repo', 'Environment'] as const;

export const tagsMissing: Rule<AuditContext> = {
  meta: {
    id: 'SW-BUCKET-008',
    severity: 'low',
    title: 'State bucket lacks standard tags',
    rationale:
      'Project, ManagedBy, Repo and Environment tie a bucket to its owner and repo for audits and cost reports.',
  },
  check: perBucket((bucket, context) => {
    const tags = bucket.settings.tags ?? {};
    const missing = STANDARD_TAGS.filter((key) => !tags[key]);
    if (missing.length === 0) return undefined;
    const wanted = { ...tags, ...Object.fromEntries(missing.map((key) => [key, suggestedTag(key, bucket, context)])) };
    const tagSet = Object.entries(wanted)
      .map(([key, value]) => `{Key=${key},Value=${value}}`)
      .join(',');
    return {
      message: `${bucket.name} lacks the standard tag${missing.length > 1 ? 's' : ''} ${missing.join(', ')}.`,
      evidence: `GetBucketTagging keys: ${Object.keys(tags).sort().join(', ') || '(none)'}`,
      fix: applyOr(
        context,
        bucket.project,
        `aws s3api put-bucket-tagging --bucket ${bucket.name} --tagging 'TagSet=[${tagSet}]' (this replaces the whole set, so the existing tags are repeated)`,
      ),
    };
  }),
};

function suggestedTag(key: (typeof STANDARD_TAGS)[number], bucket: Bucket, context: AuditContext): string {
  const configured = context.configProject(bucket.project);
  if (key === 'Project') return bucket.project ?? '<project>';
  if (key === 'ManagedBy') return context.snapshot.config?.managedBy ?? 'stateward';
  if (key === 'Repo') return configured?.repo ?? '<org>/<repo>';
  return 'bootstrap';
}
