// A managed policy's current document (its default version), for verify --live: what a role really
// holds through its attached policies, AWS-managed ones included.
import * as IAM from '@aws-sdk/client-iam';
import type { PolicyDocument } from '../../iam/document.ts';
import { parseIamDocument } from '../documents.ts';
import type { Reader } from './read.ts';

export async function readManagedPolicyDocument(reader: Reader, PolicyArn: string): Promise<PolicyDocument> {
  const { Policy } = await reader.must((c) => c.iam.send(new IAM.GetPolicyCommand({ PolicyArn })));
  const VersionId = Policy?.DefaultVersionId;
  const version = await reader.must((c) => c.iam.send(new IAM.GetPolicyVersionCommand({ PolicyArn, VersionId })));
  return parseIamDocument(version.PolicyVersion?.Document, `managed policy ${PolicyArn} (version ${VersionId})`);
}

/** Each distinct ARN read once, in parallel (the reader bounds concurrency). */
export async function readManagedPolicyDocuments(
  reader: Reader,
  arns: readonly string[],
): Promise<Map<string, PolicyDocument>> {
  const unique = [...new Set(arns)];
  const documents = await Promise.all(
    unique.map(async (arn) => [arn, await readManagedPolicyDocument(reader, arn)] as const),
  );
  return new Map(documents);
}
