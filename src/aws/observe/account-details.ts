// The account-level IAM read: GetAccountAuthorizationDetails, every page, filtered to roles and groups. One
// page carries many roles with their trust, inline policy documents, attached policies, boundary and tags,
// and every group with its inline documents and attachments (not its members, nor a role's session length:
// those come from GetGroup and ListRoles).
import * as IAM from '@aws-sdk/client-iam';
import type { ObservedRole } from '../../model/observed.ts';
import { parseIamDocument } from '../documents.ts';
import { allIamPages, type Reader } from './read.ts';
import { tagMap } from './role.ts';

export interface AccountDetails {
  roles: Map<string, IAM.RoleDetail>;
  groups: Map<string, IAM.GroupDetail>;
}

export async function readAccountDetails(reader: Reader): Promise<AccountDetails> {
  const pages = await allIamPages(reader, (c, Marker) =>
    c.iam.send(new IAM.GetAccountAuthorizationDetailsCommand({ Filter: ['Role', 'Group'], MaxItems: 1000, Marker })),
  );
  const roles = new Map<string, IAM.RoleDetail>();
  const groups = new Map<string, IAM.GroupDetail>();
  for (const page of pages) {
    for (const role of page.RoleDetailList ?? []) if (role.RoleName) roles.set(role.RoleName, role);
    for (const group of page.GroupDetailList ?? []) if (group.GroupName) groups.set(group.GroupName, group);
  }
  return { roles, groups };
}

/** The same ObservedRole observeRole() reads call by call; the session length is ListRoles' (the detail has none). */
export function roleFromDetail(detail: IAM.RoleDetail, maxSessionDuration: number | undefined): ObservedRole {
  const name = detail.RoleName ?? '';
  const inline = (detail.RolePolicyList ?? []).flatMap((p) =>
    p.PolicyName
      ? [[p.PolicyName, parseIamDocument(p.PolicyDocument, `inline policy ${p.PolicyName} of role ${name}`)] as const]
      : [],
  );
  return {
    name,
    status: 'present',
    ...(detail.Arn ? { arn: detail.Arn } : {}),
    trust: parseIamDocument(detail.AssumeRolePolicyDocument, `trust policy of role ${name}`),
    inlinePolicies: Object.fromEntries(inline.sort(([a], [b]) => a.localeCompare(b))),
    managedPolicyArns: (detail.AttachedManagedPolicies ?? []).flatMap((p) => (p.PolicyArn ? [p.PolicyArn] : [])).sort(),
    permissionsBoundary: detail.PermissionsBoundary?.PermissionsBoundaryArn ?? null,
    ...(maxSessionDuration !== undefined ? { maxSessionDuration } : {}),
    tags: tagMap(detail.Tags),
  };
}
