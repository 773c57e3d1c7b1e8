// The humans' group tf-operators (its members and every policy it holds) and the managed policy
// tf-assume-roles (its default version's document, its tags, and whether it is attached to the group).
import * as IAM from '@aws-sdk/client-iam';
import type { NamedPolicy, PolicyDocument } from '../../iam/document.ts';
import type { ObservedAccountResources } from '../../model/observed.ts';
import type { DesiredOperators, Tags } from '../../model/types.ts';
import { parseIamDocument } from '../documents.ts';
import { allIamPages, NO_SUCH_ENTITY, type Reader } from './read.ts';
import { tagMap } from './role.ts';

type ObservedOperators = ObservedAccountResources['operators'];

/** `groups`: the account-level read's groups when it was made (account-details.ts); else per-group reads. */
export async function observeOperators(
  reader: Reader,
  desired: DesiredOperators,
  groups?: ReadonlyMap<string, IAM.GroupDetail>,
): Promise<ObservedOperators> {
  const [group, policy] = await Promise.all([
    observeGroup(reader, desired.groupName, groups),
    observePolicy(reader, desired),
  ]);
  return {
    group: group.observed,
    policy: {
      ...policy,
      ...(policy.status === 'present' ? { attachedToGroup: group.attached.has(desired.policyArn) } : {}),
    },
  };
}

async function observeGroup(
  reader: Reader,
  GroupName: string,
  groups: ReadonlyMap<string, IAM.GroupDetail> | undefined,
): Promise<{ observed: ObservedOperators['group']; attached: Set<string> }> {
  const detail = groups?.get(GroupName);
  if (groups && !detail) return { observed: { status: 'absent' }, attached: new Set() };
  const first = await reader.read((c) => c.iam.send(new IAM.GetGroupCommand({ GroupName })), NO_SUCH_ENTITY);
  if (!first) return { observed: { status: 'absent' }, attached: new Set() };
  const users = [...(first.Users ?? [])];
  let marker = first.IsTruncated ? first.Marker : undefined;
  while (marker) {
    const Marker: string = marker;
    const page = await reader.must((c) => c.iam.send(new IAM.GetGroupCommand({ GroupName, Marker })));
    users.push(...(page.Users ?? []));
    marker = page.IsTruncated ? page.Marker : undefined;
  }
  const { inlinePolicies, attachedPolicyArns } = detail
    ? groupPoliciesFromDetail(detail)
    : await readGroupPolicies(reader, GroupName);
  const members = users.flatMap((user) => (user.UserName ? [user.UserName] : [])).sort();
  return {
    observed: { status: 'present', members, inlinePolicies, attachedPolicyArns },
    attached: new Set(attachedPolicyArns),
  };
}

async function readGroupPolicies(
  reader: Reader,
  GroupName: string,
): Promise<{ inlinePolicies: NamedPolicy[]; attachedPolicyArns: string[] }> {
  const [attachedPages, inlinePolicies] = await Promise.all([
    allIamPages(reader, (c, Marker) => c.iam.send(new IAM.ListAttachedGroupPoliciesCommand({ GroupName, Marker }))),
    readGroupInlinePolicies(reader, GroupName),
  ]);
  const attachedPolicyArns = attachedPages
    .flatMap((page) => page.AttachedPolicies ?? [])
    .flatMap((p) => (p.PolicyArn ? [p.PolicyArn] : []))
    .sort();
  return { inlinePolicies, attachedPolicyArns };
}

/** The same shapes as readGroupPolicies, from the account-level read's group detail. */
export function groupPoliciesFromDetail(detail: IAM.GroupDetail): {
  inlinePolicies: NamedPolicy[];
  attachedPolicyArns: string[];
} {
  const name = detail.GroupName ?? '';
  return {
    inlinePolicies: (detail.GroupPolicyList ?? [])
      .flatMap((p) => (p.PolicyName ? [p] : []))
      .sort((a, b) => (a.PolicyName! < b.PolicyName! ? -1 : a.PolicyName! > b.PolicyName! ? 1 : 0))
      .map((p) => ({
        name: p.PolicyName!,
        document: parseIamDocument(p.PolicyDocument, `inline policy ${p.PolicyName} of group ${name}`),
      })),
    attachedPolicyArns: (detail.AttachedManagedPolicies ?? [])
      .flatMap((p) => (p.PolicyArn ? [p.PolicyArn] : []))
      .sort(),
  };
}

export async function readGroupInlinePolicies(reader: Reader, GroupName: string): Promise<NamedPolicy[]> {
  const pages = await allIamPages(reader, (c, Marker) =>
    c.iam.send(new IAM.ListGroupPoliciesCommand({ GroupName, Marker })),
  );
  return Promise.all(
    pages
      .flatMap((page) => page.PolicyNames ?? [])
      .sort()
      .map(async (PolicyName) => {
        const result = await reader.must((c) => c.iam.send(new IAM.GetGroupPolicyCommand({ GroupName, PolicyName })));
        return {
          name: PolicyName,
          document: parseIamDocument(result.PolicyDocument, `inline policy ${PolicyName} of group ${GroupName}`),
        };
      }),
  );
}

function observePolicy(reader: Reader, desired: DesiredOperators): Promise<ObservedOperators['policy']> {
  return observeCustomerPolicy(reader, desired.policyArn, desired.policyName);
}

/** A customer managed policy stateward keeps (tf-assume-roles, tf-state-boundary): its default version and tags. */
export async function observeCustomerPolicy(
  reader: Reader,
  PolicyArn: string,
  name: string,
): Promise<{ status: 'present' | 'absent'; document?: PolicyDocument; tags?: Tags }> {
  const found = await reader.read((c) => c.iam.send(new IAM.GetPolicyCommand({ PolicyArn })), NO_SUCH_ENTITY);
  const versionId = found?.Policy?.DefaultVersionId;
  if (!found?.Policy || !versionId) return { status: 'absent' };
  const version = await reader.must((c) =>
    c.iam.send(new IAM.GetPolicyVersionCommand({ PolicyArn, VersionId: versionId })),
  );
  return {
    status: 'present',
    document: parseIamDocument(version.PolicyVersion?.Document, `default version of policy ${name}`),
    tags: tagMap(found.Policy.Tags),
  };
}
