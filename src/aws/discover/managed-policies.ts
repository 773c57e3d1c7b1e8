// Current documents of managed policies. An AWS-managed policy the endpoint does not know (an emulator)
// falls back to the documents verify knows offline, or to "allows everything": the worst case.
import * as IAM from '@aws-sdk/client-iam';
import type { NamedPolicy } from '../../iam/document.ts';
import { offlineManagedPolicy } from '../../verify/managed-policies.ts';
import { parseIamDocument } from '../documents.ts';
import { NO_SUCH_ENTITY, type Reader } from '../observe/read.ts';
import { capture, type ErrorSink } from './capture.ts';

async function readDocument(reader: Reader, PolicyArn: string): Promise<NamedPolicy> {
  const found = await reader.read((c) => c.iam.send(new IAM.GetPolicyCommand({ PolicyArn })), NO_SUCH_ENTITY);
  const VersionId = found?.Policy?.DefaultVersionId;
  if (!VersionId) {
    if (PolicyArn.startsWith('arn:aws:iam::aws:policy/'))
      return { name: PolicyArn, document: offlineManagedPolicy(PolicyArn).document };
    throw new Error(`managed policy ${PolicyArn} is attached but GetPolicy found no default version`);
  }
  const version = await reader.must((c) => c.iam.send(new IAM.GetPolicyVersionCommand({ PolicyArn, VersionId })));
  return {
    name: PolicyArn,
    document: parseIamDocument(version.PolicyVersion?.Document, `managed policy ${PolicyArn} (version ${VersionId})`),
  };
}

// Every plan role has ReadOnlyAccess attached, and many roles share a policy: each document is read once per
// reader (one audit run), not once per role that has it (100 GetPolicy pairs for 100 projects otherwise).
const readsByReader = new WeakMap<Reader, Map<string, Promise<NamedPolicy>>>();

function documentOnce(reader: Reader, arn: string): Promise<NamedPolicy> {
  const reads = readsByReader.get(reader) ?? new Map<string, Promise<NamedPolicy>>();
  readsByReader.set(reader, reads);
  const read = reads.get(arn) ?? readDocument(reader, arn);
  reads.set(arn, read);
  return read;
}

/** Named by ARN; one that cannot be read is left out and reported against `owner`. */
export async function managedPolicies(
  reader: Reader,
  arns: readonly string[],
  errors: ErrorSink,
  project: string | null,
): Promise<NamedPolicy[]> {
  const documents = await Promise.all(
    arns.map((arn) => capture(errors, arn, project, () => documentOnce(reader, arn))),
  );
  return documents.filter((d): d is NamedPolicy => d !== undefined);
}
