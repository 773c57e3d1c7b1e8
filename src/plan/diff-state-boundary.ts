// The managed policy tf-state-boundary, kept when the config sets `stateBoundary` (issue 12, finding 1): the
// permissions boundary that keeps a project role with broad infrastructure permissions from managing another
// project's bucket, key or lock table, or from rewriting tf-* roles and policies. Its document follows the
// config (it lists the projects' KMS keys). A role that carries it is created, or given it, only after it exists.
import type { ObservedAccountResources } from '../model/observed.ts';
import type { DesiredStateBoundary } from '../model/types.ts';
import { policiesEqual } from './canonical.ts';
import type { Change, GroupPolicyCreate } from './change.ts';
import { changeId } from './change.ts';
import { makeChange, updateIf } from './make-change.ts';
import { sortedTags, tagsChange } from './tags.ts';

type Observed = ObservedAccountResources['stateBoundary'];

export function diffStateBoundary(desired: DesiredStateBoundary | undefined, observed: Observed): Change[] {
  if (!desired) return [];
  const base = { resourceType: 'managed-policy' as const, resourceName: desired.name };
  if (!observed || observed.status === 'absent') {
    const policy: GroupPolicyCreate = {
      name: desired.name,
      arn: desired.arn,
      document: desired.document,
      tags: sortedTags(desired.tags),
    };
    return [
      makeChange({
        ...base,
        setting: 'resource',
        action: 'create',
        old: null,
        new: policy,
        what: `create managed policy ${desired.name}, the permissions boundary of the roles with infrastructure permissions`,
      }),
    ];
  }
  return [
    ...updateIf(policiesEqual(observed.document, desired.document, { withSid: false }), {
      ...base,
      setting: 'document',
      old: observed.document ?? null,
      new: desired.document,
      what: `write a new default version of ${desired.name}`,
    }),
    ...tagsChange(observed.tags, desired.tags, base),
  ];
}

/** A role change that sets the boundary (CreateRole with it, or PutRolePermissionsBoundary) waits for its creation. */
export function rolesAfterStateBoundary(changes: Change[], desired: DesiredStateBoundary | undefined): Change[] {
  if (!desired) return changes;
  const create = changeId('managed-policy', desired.name, 'resource');
  const setsIt = (c: Change) =>
    c.resourceType === 'role' &&
    ((c.setting === 'resource' &&
      (c.new as { permissionsBoundary?: string | null }).permissionsBoundary === desired.arn) ||
      (c.setting === 'permissionsBoundary' && c.new === desired.arn));
  return changes.map((c) => (setsIt(c) ? { ...c, dependsOn: [...c.dependsOn, create] } : c));
}
