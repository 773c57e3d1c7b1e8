// The humans' side: group tf-operators, its members, and the policy tf-assume-roles attached to it.
// Membership is exactly the config's humans: a user added by hand is removed (a narrowing change).
// The group holds tf-assume-roles and nothing else: any other inline or attached policy is removed.

import type { ObservedAccountResources } from '../model/observed.ts';
import type { DesiredOperators } from '../model/types.ts';
import { policiesEqual } from './canonical.ts';
import type { Change, GroupPolicyAttachment, GroupPolicyCreate } from './change.ts';
import { changeId } from './change.ts';
import { makeChange, updateIf } from './make-change.ts';
import { sortedTags, tagsChange } from './tags.ts';

type ObservedOperators = ObservedAccountResources['operators'];

export function diffOperators(desired: DesiredOperators, observed: ObservedOperators): Change[] {
  return [
    ...group(desired, observed.group),
    ...foreignGroupPolicies(desired, observed.group),
    ...groupPolicy(desired, observed.policy),
  ];
}

/** What the group holds beside tf-assume-roles: each shown whole (inline) or by ARN (attached), and removed. */
function foreignGroupPolicies(desired: DesiredOperators, observed: ObservedOperators['group']): Change[] {
  if (observed.status === 'absent') return [];
  const base = { resourceType: 'group' as const, resourceName: desired.groupName };
  const why = `${desired.groupName} holds only ${desired.policyName}; humans reach state through a project role`;
  return [
    ...(observed.inlinePolicies ?? []).map((policy) =>
      makeChange({
        ...base,
        setting: 'inlinePolicy',
        key: policy.name,
        action: 'delete',
        old: policy.document,
        new: null,
        what: `delete inline policy ${policy.name} (${why})`,
      }),
    ),
    ...(observed.attachedPolicyArns ?? [])
      .filter((arn) => arn !== desired.policyArn)
      .map((arn) =>
        makeChange({
          ...base,
          setting: 'managedPolicy',
          key: arn,
          action: 'detach',
          old: arn,
          new: null,
          what: `detach ${arn} (${why})`,
        }),
      ),
  ];
}

function group(desired: DesiredOperators, observed: ObservedOperators['group']): Change[] {
  const absent = observed.status === 'absent';
  const base = { resourceType: 'group' as const, resourceName: desired.groupName };
  const after = absent ? [changeId('group', desired.groupName, 'resource')] : [];
  const live = new Set(absent ? [] : (observed.members ?? []));
  const wanted = new Set(desired.members);
  return [
    ...(absent
      ? [
          makeChange({
            ...base,
            setting: 'resource',
            action: 'create',
            old: null,
            new: { name: desired.groupName },
            what: `create group ${desired.groupName}`,
          }),
        ]
      : []),
    ...membership(
      'add-member',
      [...wanted].filter((u) => !live.has(u)),
      base,
      after,
    ),
    ...membership(
      'remove-member',
      [...live].filter((u) => !wanted.has(u)),
      base,
      after,
    ),
  ];
}

function membership(
  action: 'add-member' | 'remove-member',
  users: string[],
  base: { resourceType: 'group'; resourceName: string },
  after: string[],
): Change[] {
  const group = base.resourceName;
  return users.sort().map((user) =>
    makeChange({
      ...base,
      setting: 'member',
      key: user,
      action,
      old: action === 'add-member' ? null : user,
      new: action === 'add-member' ? user : null,
      what:
        action === 'add-member'
          ? `add ${user} to ${group}`
          : `remove ${user}, who is not in the config's humans, from ${group}`,
      after,
    }),
  );
}

function groupPolicy(desired: DesiredOperators, observed: ObservedOperators['policy']): Change[] {
  const absent = observed.status === 'absent';
  const createId = changeId('group-policy', desired.policyName, 'resource');
  const base = {
    resourceType: 'group-policy' as const,
    resourceName: desired.policyName,
    after: absent ? [createId] : [],
  };
  const attachment: GroupPolicyAttachment = { groupName: desired.groupName, policyArn: desired.policyArn };
  const attach =
    absent || observed.attachedToGroup !== true
      ? [
          makeChange({
            ...base,
            setting: 'attachment',
            key: desired.groupName,
            action: 'attach',
            old: null,
            new: attachment,
            what: `attach ${desired.policyName} to ${desired.groupName}`,
            after: [...base.after, changeId('group', desired.groupName, 'resource')],
          }),
        ]
      : [];
  if (absent) {
    const policy: GroupPolicyCreate = {
      name: desired.policyName,
      arn: desired.policyArn,
      document: desired.policy,
      tags: sortedTags(desired.tags),
    };
    return [
      makeChange({
        ...base,
        after: [],
        setting: 'resource',
        action: 'create',
        old: null,
        new: policy,
        what: `create managed policy ${desired.policyName}`,
      }),
      ...attach,
    ];
  }
  return [
    ...updateIf(policiesEqual(observed.document, desired.policy, { withSid: false }), {
      ...base,
      setting: 'document',
      old: observed.document ?? null,
      new: desired.policy,
      what: `write a new default version of ${desired.policyName}`,
    }),
    ...attach,
    ...tagsChange(observed.tags, desired.tags, base),
  ];
}
