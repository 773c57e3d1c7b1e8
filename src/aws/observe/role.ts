// A project role: trust, inline and managed policies, boundary, session length and tags. IAM returns
// every document URL-encoded; parseIamDocument decodes it.
import * as IAM from '@aws-sdk/client-iam';
import type { PolicyDocument } from '../../iam/document.ts';
import type { ObservedRole } from '../../model/observed.ts';
import type { Tags } from '../../model/types.ts';
import { parseIamDocument } from '../documents.ts';
import { allIamPages, NO_SUCH_ENTITY, type Reader } from './read.ts';

export async function observeRole(reader: Reader, RoleName: string): Promise<ObservedRole> {
  const found = await reader.read((c) => c.iam.send(new IAM.GetRoleCommand({ RoleName })), NO_SUCH_ENTITY);
  const role = found?.Role;
  if (!role) return { name: RoleName, status: 'absent' };
  const [inlinePolicies, managedPolicyArns] = await Promise.all([
    readInlinePolicies(reader, RoleName),
    readManagedPolicies(reader, RoleName),
  ]);
  return {
    name: RoleName,
    status: 'present',
    ...(role.Arn ? { arn: role.Arn } : {}),
    trust: parseIamDocument(role.AssumeRolePolicyDocument, `trust policy of role ${RoleName}`),
    inlinePolicies,
    managedPolicyArns,
    permissionsBoundary: role.PermissionsBoundary?.PermissionsBoundaryArn ?? null,
    ...(role.MaxSessionDuration !== undefined ? { maxSessionDuration: role.MaxSessionDuration } : {}),
    tags: tagMap(role.Tags),
  };
}

async function readInlinePolicies(reader: Reader, RoleName: string): Promise<Record<string, PolicyDocument>> {
  const pages = await allIamPages(reader, (c, Marker) =>
    c.iam.send(new IAM.ListRolePoliciesCommand({ RoleName, Marker })),
  );
  const names = pages.flatMap((page) => page.PolicyNames ?? []);
  const documents = await Promise.all(
    names.map(async (PolicyName) => {
      const result = await reader.must((c) => c.iam.send(new IAM.GetRolePolicyCommand({ RoleName, PolicyName })));
      return [
        PolicyName,
        parseIamDocument(result.PolicyDocument, `inline policy ${PolicyName} of role ${RoleName}`),
      ] as const;
    }),
  );
  // Sorted by name, as the account-level read gives them too (account-details.ts): one model either way.
  return Object.fromEntries(documents.sort(([a], [b]) => a.localeCompare(b)));
}

async function readManagedPolicies(reader: Reader, RoleName: string): Promise<string[]> {
  const pages = await allIamPages(reader, (c, Marker) =>
    c.iam.send(new IAM.ListAttachedRolePoliciesCommand({ RoleName, Marker })),
  );
  return pages
    .flatMap((page) => page.AttachedPolicies ?? [])
    .flatMap((policy) => (policy.PolicyArn ? [policy.PolicyArn] : []))
    .sort();
}

export function tagMap(tags: Array<{ Key?: string | undefined; Value?: string | undefined }> | undefined): Tags {
  return Object.fromEntries((tags ?? []).flatMap((t) => (t.Key === undefined ? [] : [[t.Key, t.Value ?? '']])));
}
