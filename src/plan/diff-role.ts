// A project's IAM role. CreateRole takes the trust, max session, boundary and tags in one call, so a
// new role never exists, even briefly, without its boundary; the inline policy and managed policy
// attachments follow as their own changes. Inline policies other than stateward's are left alone.

import type { ObservedRole } from '../model/observed.ts';
import type { DesiredRole } from '../model/types.ts';
import { policiesEqual } from './canonical.ts';
import type { Change, RoleCreate } from './change.ts';
import { changeId } from './change.ts';
import { makeChange, updateIf } from './make-change.ts';
import { sortedTags, tagsChange } from './tags.ts';

export function diffRole(
  desired: DesiredRole,
  observed: ObservedRole,
  project: string,
  oidcProviderCreateId: string,
): Change[] {
  const absent = observed.status === 'absent';
  const createId = changeId('role', desired.name, 'resource');
  const base = { project, resourceType: 'role' as const, resourceName: desired.name, after: absent ? [createId] : [] };
  const current: ObservedRole = absent ? { name: observed.name, status: 'absent' } : observed;
  return [
    ...(absent ? [createRole(desired, project, oidcProviderCreateId)] : roleSettings(desired, current, base)),
    ...inlinePolicies(desired, current, base),
    ...managedPolicies(desired, current, base),
  ];
}

type Base = { project: string; resourceType: 'role'; resourceName: string; after: string[] };

function createRole(desired: DesiredRole, project: string, oidcProviderCreateId: string): Change {
  const role: RoleCreate = {
    name: desired.name,
    trust: desired.trust,
    maxSessionDuration: desired.maxSessionDuration,
    permissionsBoundary: desired.permissionsBoundary ?? null,
    tags: sortedTags(desired.tags),
  };
  // The trust names the OIDC provider as its federated principal: the provider comes first.
  return makeChange({
    project,
    resourceType: 'role',
    resourceName: desired.name,
    setting: 'resource',
    action: 'create',
    old: null,
    new: role,
    what: `create role ${desired.name}`,
    after: [oidcProviderCreateId],
  });
}

function roleSettings(d: DesiredRole, o: ObservedRole, base: Base): Change[] {
  const boundary = d.permissionsBoundary ?? null;
  const observedBoundary = o.permissionsBoundary ?? null;
  return [
    ...updateIf(policiesEqual(o.trust, d.trust, { withSid: false }), {
      ...base,
      setting: 'trust',
      old: o.trust ?? null,
      new: d.trust,
      what: 'rewrite the trust policy',
    }),
    ...updateIf(observedBoundary === boundary, {
      ...base,
      setting: 'permissionsBoundary',
      old: observedBoundary,
      new: boundary,
      what: boundary
        ? `set the permissions boundary ${boundary}`
        : 'remove the permissions boundary, which the config does not set',
    }),
    ...updateIf(o.maxSessionDuration === d.maxSessionDuration, {
      ...base,
      setting: 'maxSessionDuration',
      old: o.maxSessionDuration ?? null,
      new: d.maxSessionDuration,
      what: `set the maximum session to ${d.maxSessionDuration} s`,
    }),
    ...tagsChange(o.tags, d.tags, base),
  ];
}

function inlinePolicies(d: DesiredRole, o: ObservedRole, base: Base): Change[] {
  return Object.entries(d.inlinePolicies).flatMap(([name, document]) => {
    const live = o.inlinePolicies?.[name] ?? null;
    return updateIf(policiesEqual(live, document, { withSid: false }), {
      ...base,
      setting: 'inlinePolicy',
      key: name,
      old: live,
      new: document,
      what: `${live ? 'rewrite' : 'add'} inline policy ${name}`,
    });
  });
}

/** Managed policies compare as sets: each missing one is attached, each extra one detached. */
function managedPolicies(d: DesiredRole, o: ObservedRole, base: Base): Change[] {
  const live = new Set(o.managedPolicyArns ?? []);
  const wanted = new Set(d.managedPolicyArns);
  const attach = [...wanted].filter((arn) => !live.has(arn)).sort();
  const detach = [...live].filter((arn) => !wanted.has(arn)).sort();
  return [
    ...attach.map((arn) =>
      makeChange({
        ...base,
        setting: 'managedPolicy',
        key: arn,
        action: 'attach',
        old: null,
        new: arn,
        what: `attach ${arn}`,
      }),
    ),
    ...detach.map((arn) =>
      makeChange({
        ...base,
        setting: 'managedPolicy',
        key: arn,
        action: 'detach',
        old: arn,
        new: null,
        what: `detach ${arn}, which the config does not list`,
      }),
    ),
  ];
}
