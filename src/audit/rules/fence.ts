// Issue 9: the bucket fence. Every state bucket needs it; without it, any role with broad S3 permissions
// (an infrastructure managed policy, say) reads and overwrites that state. `reads` must agree on both sides.

import { BOOTSTRAP_PREFIX, roleArn } from '../../names/naming.ts';
import { BUCKET_SIDS } from '../../policy/bucket-policy.ts';
import { type AuditContext, identityPolicies, inlinePolicies } from '../context.ts';
import { type FencePartName, missingParts, namesPrincipal, PROBE_KEY } from '../fence.ts';
import { shellJson } from '../fixes.ts';
import { grantsOnObjects } from '../grants.ts';
import { allowCovers, type LabelledStatement, labelledStatements } from '../statements.ts';
import type { Hit, Rule } from '../types.ts';

type Bucket = AuditContext['readableBuckets'][number];

const PART_SIDS: Record<FencePartName, string> = {
  objects: BUCKET_SIDS.fenceObjects,
  listing: BUCKET_SIDS.fenceListing,
  bootstrap: BUCKET_SIDS.bootstrap,
};

/** The roles whose identity policies reach any object of the bucket (the probe key no stateward grant names). */
function broadReachers(bucket: Bucket, context: AuditContext): Array<{ role: string; statement: LabelledStatement }> {
  const probe = `${bucket.arn}/${PROBE_KEY}`;
  return context.readableRoles.flatMap((role) => {
    const statement = labelledStatements(identityPolicies(role)).find((s) =>
      ['s3:GetObject', 's3:PutObject'].some((a) => allowCovers(s.statement, a, probe)),
    );
    return statement ? [{ role: role.name, statement }] : [];
  });
}

function fenceFix(bucket: Bucket, context: AuditContext, missing: FencePartName[]): string {
  const project = context.configProject(bucket.project);
  if (project)
    return `Set \`fence: true\` for project ${project.name} in ${context.snapshot.config!.file} (it is the default) and run \`stateward apply\`.`;
  const own = bucket.project ? roleArn(context.snapshot.account, bucket.project) : '<the project role ARN>';
  const except = { ArnNotLike: { 'aws:PrincipalArn': own } };
  const root = { ArnNotLike: { 'aws:PrincipalArn': `arn:aws:iam::${context.snapshot.account}:root` } };
  const statements = {
    objects: {
      Sid: PART_SIDS.objects,
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: `${bucket.arn}/*`,
      Condition: except,
    },
    listing: {
      Sid: PART_SIDS.listing,
      Effect: 'Deny',
      Principal: '*',
      Action: ['s3:ListBucket', 's3:ListBucketMultipartUploads', 's3:ListBucketVersions'],
      Resource: bucket.arn,
      Condition: except,
    },
    bootstrap: {
      Sid: PART_SIDS.bootstrap,
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: `${bucket.arn}/${BOOTSTRAP_PREFIX}*`,
      Condition: root,
    },
  };
  return `Add to the policy of ${bucket.name} (aws s3api get-bucket-policy, add, aws s3api put-bucket-policy; list readers and admins in the ArnNotLike too): ${shellJson(missing.map((part) => statements[part]))}`;
}

export const noFence: Rule<AuditContext> = {
  meta: {
    id: 'SW-FENCE-001',
    severity: 'medium',
    title: 'State bucket without the fence',
    rationale:
      'Without the fence, any role of the account that is later given broad S3 permissions can read and overwrite this state.',
  },
  check: (context) =>
    context.readableBuckets.flatMap((bucket): Hit[] => {
      const missing = missingParts(context.fenceOf(bucket));
      if (missing.length === 0 || (missing.includes('objects') && broadReachers(bucket, context).length > 0)) return [];
      return [
        {
          project: bucket.project,
          resource: bucket.arn,
          message: `${bucket.name} is not fenced: its policy lacks the ${missing.join(', ')} part${missing.length > 1 ? 's' : ''} of the fence.`,
          evidence: `bucket policy: no Deny to "*" with ArnNotLike aws:PrincipalArn for ${missing.map((part) => `${part} (${PART_SIDS[part]})`).join(', ')}`,
          fix: fenceFix(bucket, context, missing),
        },
      ];
    }),
};

export const broadRoleUnfenced: Rule<AuditContext> = {
  meta: {
    id: 'SW-FENCE-002',
    severity: 'high',
    title: 'A role with broad S3 permissions reaches an unfenced state bucket',
    rationale:
      'Broad infrastructure permissions (s3:* or * on *) need the fence; without it they read and overwrite this state, _bootstrap/ included.',
  },
  check: (context) =>
    context.readableBuckets.flatMap((bucket): Hit[] => {
      const missing = missingParts(context.fenceOf(bucket));
      if (!missing.includes('objects')) return [];
      const reachers = broadReachers(bucket, context);
      if (reachers.length === 0) return [];
      return [
        {
          project: bucket.project,
          resource: bucket.arn,
          message: `${bucket.name} has no fence, and ${reachers.map((r) => r.role).join(', ')} can read and write every object in it.`,
          evidence: reachers
            .map((r) => `${r.role}: ${r.statement.label} allows s3 object access on ${bucket.arn}/*`)
            .join('; '),
          fix: fenceFix(bucket, context, missing),
        },
      ];
    }),
};

export const readsMismatch: Rule<AuditContext> = {
  meta: {
    id: 'SW-FENCE-003',
    severity: 'medium',
    title: 'A reads grant is missing on one side',
    rationale:
      "A role granted to read another state must be a reader in that bucket's fence, and the fence must list no reader without a grant.",
  },
  check: (context) => [...grantedNotFenced(context), ...fencedNotGranted(context)],
};

function grantedNotFenced(context: AuditContext): Hit[] {
  return context.readableRoles.flatMap((role) =>
    context.readableBuckets.flatMap((bucket): Hit[] => {
      const objects = context.fenceOf(bucket).objects;
      if (bucket.project === role.project || !objects || namesPrincipal(objects.permitted, role.arn)) return [];
      const grant = grantsOnObjects(inlinePolicies(role), bucket.name, 's3:GetObject')[0];
      if (!grant) return [];
      return [
        {
          project: role.project,
          resource: role.arn,
          message: `Role ${role.name} is granted to read state in ${bucket.name}, but that bucket's fence does not list it, so terraform_remote_state fails with AccessDenied.`,
          evidence: `${grant.label} allows s3:GetObject on ${bucket.name}; ${objects.label} exempts only ${objects.permitted.join(', ')}`,
          fix: context.configProject(role.project)
            ? `List ${bucket.project ?? bucket.name} in \`reads\` of project ${role.project} (or drop the grant) and run \`stateward apply\`.`
            : `Add ${role.arn} to the ArnNotLike aws:PrincipalArn of the fence statements of ${bucket.name} and to its readers statement (${BUCKET_SIDS.fenceReaders}), or remove the grant from ${grant.policy}.`,
        },
      ];
    }),
  );
}

function fencedNotGranted(context: AuditContext): Hit[] {
  return context.readableBuckets.flatMap((bucket) =>
    context.fenceOf(bucket).readers.flatMap((reader): Hit[] => {
      const roles = context.readableRoles.filter((role) => namesPrincipal([reader], role.arn));
      if (roles.some((role) => grantsOnObjects(inlinePolicies(role), bucket.name, 's3:GetObject').length > 0))
        return [];
      return [
        {
          project: bucket.project,
          resource: bucket.arn,
          message: `The fence of ${bucket.name} lists reader ${reader}, but ${roles.length === 0 ? 'no such role exists' : 'that role has no grant to read it'}.`,
          evidence: `bucket policy readers statement names ${reader}; ${roles.length === 0 ? 'no tf-* role matches it' : `no inline policy of ${roles.map((r) => r.name).join(', ')} allows s3:GetObject on ${bucket.name}`}`,
          fix: context.snapshot.config
            ? 'Make `reads` in the config say what is meant and run `stateward apply`: it rewrites both the role policy and the fence.'
            : `Remove ${reader} from the fence statements of ${bucket.name}, or grant that role s3:GetObject on ${bucket.arn}/<state key>.`,
        },
      ];
    }),
  );
}
