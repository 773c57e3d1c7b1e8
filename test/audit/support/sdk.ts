// Small SDK edits for the audit's e2e tests: read a document, change it, write it back.

import * as IAM from '@aws-sdk/client-iam';
import * as S3 from '@aws-sdk/client-s3';
import type { AwsClients } from '../../support/aws.ts';

export interface Doc {
  Version: string;
  Statement: Array<Record<string, unknown> & { Sid?: string; Condition?: Record<string, Record<string, unknown>> }>;
}

export async function bucketPolicy(aws: AwsClients, Bucket: string): Promise<Doc> {
  const { Policy } = await aws.s3.send(new S3.GetBucketPolicyCommand({ Bucket }));
  return JSON.parse(Policy!) as Doc;
}

export async function editBucketPolicy(aws: AwsClients, Bucket: string, edit: (doc: Doc) => void): Promise<void> {
  const doc = await bucketPolicy(aws, Bucket);
  edit(doc);
  await aws.s3.send(new S3.PutBucketPolicyCommand({ Bucket, Policy: JSON.stringify(doc) }));
}

const decode = (text: string | undefined): Doc =>
  JSON.parse(text!.startsWith('{') ? text! : decodeURIComponent(text!)) as Doc;

export async function editTrust(aws: AwsClients, RoleName: string, edit: (doc: Doc) => void): Promise<void> {
  const { Role } = await aws.iam.send(new IAM.GetRoleCommand({ RoleName }));
  const doc = decode(Role!.AssumeRolePolicyDocument);
  edit(doc);
  await aws.iam.send(new IAM.UpdateAssumeRolePolicyCommand({ RoleName, PolicyDocument: JSON.stringify(doc) }));
}

export async function editInline(
  aws: AwsClients,
  RoleName: string,
  PolicyName: string,
  edit: (doc: Doc) => void,
): Promise<void> {
  const { PolicyDocument } = await aws.iam.send(new IAM.GetRolePolicyCommand({ RoleName, PolicyName }));
  const doc = decode(PolicyDocument);
  edit(doc);
  await aws.iam.send(new IAM.PutRolePolicyCommand({ RoleName, PolicyName, PolicyDocument: JSON.stringify(doc) }));
}

export async function putInline(
  aws: AwsClients,
  RoleName: string,
  PolicyName: string,
  statement: Record<string, unknown>,
): Promise<void> {
  await aws.iam.send(
    new IAM.PutRolePolicyCommand({
      RoleName,
      PolicyName,
      PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [statement] }),
    }),
  );
}

export async function deleteInline(aws: AwsClients, RoleName: string, PolicyName: string): Promise<void> {
  await aws.iam.send(new IAM.DeleteRolePolicyCommand({ RoleName, PolicyName }));
}

/** Deletes a role with everything IAM requires to be removed first. */
export async function deleteRole(aws: AwsClients, RoleName: string): Promise<void> {
  const inline = await aws.iam.send(new IAM.ListRolePoliciesCommand({ RoleName }));
  for (const PolicyName of inline.PolicyNames ?? [])
    await aws.iam.send(new IAM.DeleteRolePolicyCommand({ RoleName, PolicyName }));
  const attached = await aws.iam.send(new IAM.ListAttachedRolePoliciesCommand({ RoleName }));
  for (const p of attached.AttachedPolicies ?? [])
    await aws.iam.send(new IAM.DetachRolePolicyCommand({ RoleName, PolicyArn: p.PolicyArn }));
  await aws.iam.send(new IAM.DeleteRoleCommand({ RoleName }));
}

export const withoutSids = (doc: Doc, keep: (sid: string) => boolean): void => {
  doc.Statement = doc.Statement.filter((s) => keep(s.Sid ?? ''));
};
