// The deletions destroy makes, each tolerant of "already gone" so an interrupted destroy can run again.

import * as IAM from '@aws-sdk/client-iam';
import * as S3 from '@aws-sdk/client-s3';
import { StatewardError } from '../../errors.ts';
import type { AwsClients } from '../clients.ts';
import { NO_SUCH_ENTITY, send, wasTolerated } from '../execute/send.ts';
import type { ObjectVersion } from './inspect.ts';

/** Inline policies, then managed-policy attachments, then the role (IAM refuses to delete it before). */
export async function removeRole(
  RoleName: string,
  clients: AwsClients,
): Promise<{ inlinePolicies: string[]; detached: string[] }> {
  const inline = await send(clients, (c) => c.iam.send(new IAM.ListRolePoliciesCommand({ RoleName })), NO_SUCH_ENTITY);
  const inlinePolicies = wasTolerated(inline) ? [] : (inline.PolicyNames ?? []);
  for (const PolicyName of inlinePolicies)
    await send(clients, (c) => c.iam.send(new IAM.DeleteRolePolicyCommand({ RoleName, PolicyName })), NO_SUCH_ENTITY);
  const attached = await send(
    clients,
    (c) => c.iam.send(new IAM.ListAttachedRolePoliciesCommand({ RoleName })),
    NO_SUCH_ENTITY,
  );
  const detached = wasTolerated(attached)
    ? []
    : (attached.AttachedPolicies ?? []).flatMap((p) => (p.PolicyArn ? [p.PolicyArn] : []));
  for (const PolicyArn of detached)
    await send(clients, (c) => c.iam.send(new IAM.DetachRolePolicyCommand({ RoleName, PolicyArn })), NO_SUCH_ENTITY);
  await send(clients, (c) => c.iam.send(new IAM.DeleteRoleCommand({ RoleName })), NO_SUCH_ENTITY);
  return { inlinePolicies, detached };
}

/**
 * The bucket policy goes first: its fence denies object access to everyone but the project's role, readers
 * and admins, so the operator running destroy could otherwise not empty the bucket.
 */
export async function removeBucketPolicy(Bucket: string, clients: AwsClients): Promise<void> {
  await send(clients, (c) => c.s3.send(new S3.DeleteBucketPolicyCommand({ Bucket })), ['NoSuchBucketPolicy']);
}

const DELETE_BATCH = 1000;

export async function deleteVersions(Bucket: string, versions: ObjectVersion[], clients: AwsClients): Promise<void> {
  for (let start = 0; start < versions.length; start += DELETE_BATCH) {
    const Objects = versions.slice(start, start + DELETE_BATCH);
    const result = await send(clients, (c) =>
      c.s3.send(new S3.DeleteObjectsCommand({ Bucket, Delete: { Objects, Quiet: true } })),
    );
    const errors = wasTolerated(result) ? [] : (result.Errors ?? []);
    if (errors.length > 0) {
      const first = errors[0]!;
      throw new StatewardError(
        'DESTROY_DELETE_FAILED',
        `S3 refused to delete ${errors.length} object version(s) of ${Bucket}, e.g. ${first.Key} (${first.VersionId}): ${first.Code} ${first.Message ?? ''}`.trim(),
        'Check the permissions s3:DeleteObject and s3:DeleteObjectVersion on the bucket (and any object lock), then run destroy --force again.',
      );
    }
  }
}

/** true when deleted; false when S3 says new objects arrived since the bucket was emptied. */
export async function deleteBucket(Bucket: string, clients: AwsClients): Promise<boolean> {
  const result = await send(clients, (c) => c.s3.send(new S3.DeleteBucketCommand({ Bucket })), [
    'NoSuchBucket',
    'BucketNotEmpty',
  ]);
  return !(wasTolerated(result) && result.tolerated === 'BucketNotEmpty');
}
