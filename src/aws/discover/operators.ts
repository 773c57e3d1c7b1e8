// The humans' group tf-operators and every policy it holds: inline (named by name) and attached (named by ARN).
import * as IAM from '@aws-sdk/client-iam';
import type { AuditOperators } from '../../audit/snapshot.ts';
import { OPERATORS_GROUP } from '../../names/naming.ts';
import { groupPoliciesFromDetail, readGroupInlinePolicies } from '../observe/operators.ts';
import { allIamPages, NO_SUCH_ENTITY, type Reader } from '../observe/read.ts';
import { capture, type ErrorSink } from './capture.ts';
import { managedPolicies } from './managed-policies.ts';

/** `groups`: the account-level read's groups when discoverRoles made it; the group's policies are then known. */
export async function discoverOperators(
  reader: Reader,
  account: string,
  errors: ErrorSink,
  groups?: ReadonlyMap<string, IAM.GroupDetail>,
): Promise<AuditOperators> {
  const GroupName = OPERATORS_GROUP;
  const groupArn = `arn:aws:iam::${account}:group/${GroupName}`;
  const read = await capture(errors, groupArn, null, async () => {
    if (groups) {
      const detail = groups.get(GroupName);
      if (!detail) return undefined;
      const { inlinePolicies, attachedPolicyArns } = groupPoliciesFromDetail(detail);
      return { inline: inlinePolicies, attached: attachedPolicyArns };
    }
    const group = await reader.read((c) => c.iam.send(new IAM.GetGroupCommand({ GroupName })), NO_SUCH_ENTITY);
    if (!group) return undefined;
    const [inline, attached] = await Promise.all([
      readGroupInlinePolicies(reader, GroupName),
      attachedArns(reader, GroupName),
    ]);
    return { inline, attached };
  });
  if (read === undefined)
    return { status: errors.some((e) => e.resource === groupArn) ? 'unreadable' : 'absent', policies: [] };
  return {
    status: 'present',
    policies: [...read.inline, ...(await managedPolicies(reader, read.attached, errors, null))],
  };
}

async function attachedArns(reader: Reader, GroupName: string): Promise<string[]> {
  const pages = await allIamPages(reader, (c, Marker) =>
    c.iam.send(new IAM.ListAttachedGroupPoliciesCommand({ GroupName, Marker })),
  );
  return pages.flatMap((p) => p.AttachedPolicies ?? []).flatMap((p) => (p.PolicyArn ? [p.PolicyArn] : []));
}
