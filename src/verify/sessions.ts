// The sessions verify evaluates, each in two layers:
// - effective: every policy, as AWS decides;
// - stateward: the fence aside (bucket and lock-table policies without it) and the role without the
//   infrastructure policies the config declares (managedPolicies, inlinePolicies): what is left is
//   stateward's state access plus anything added behind our back, so isolation is shown to hold by
//   least privilege alone, and a foreign grant that the fence happens to mask is caught.

import type { Config } from '../config/types.ts';
import { asArray } from '../iam/document.ts';
import type { NamedPolicy, PolicyDocument } from '../iam/index.ts';
import { STATE_ACCESS_POLICY_NAME } from '../names/naming.ts';
import { BUCKET_SIDS } from '../policy/bucket-policy.ts';
import { LOCK_FENCE_SID_PREFIX } from '../policy/lock-table-policy.ts';
import { ASSUMED_BROAD } from './managed-policies.ts';
import type { ResourcePolicyLookup, Session } from './operation.ts';
import { identityPoliciesOf, type VerifyWorld, type WorldRole } from './world.ts';

export type Layer = 'effective' | 'stateward';

const FENCE_SIDS = new Set<string>([
  BUCKET_SIDS.fenceObjects,
  BUCKET_SIDS.fenceListing,
  BUCKET_SIDS.fenceReaders,
  BUCKET_SIDS.fenceManagement,
  BUCKET_SIDS.fencePlanRole,
  BUCKET_SIDS.fencePlanRoleWrites,
  BUCKET_SIDS.bootstrap,
]);

export function roleSession(role: WorldRole, config: Config, layer: Layer): Session {
  const session: Session = {
    callerArn: sessionArn(role.arn),
    principalArn: role.arn,
    accountId: config.account,
    identityPolicies: layer === 'effective' ? identityPoliciesOf(role) : undeclaredPolicies(role, config),
  };
  if (layer === 'effective' && role.boundary) session.boundary = role.boundary;
  return session;
}

/** The infrastructure policies the config declares for the role: the plan role's are planManagedPolicies alone. */
function declared(role: WorldRole, config: Config): { managed: Set<string>; inline: Set<string> } {
  const project = config.projects.find((p) => p.name === role.project);
  if (role.kind === 'plan') return { managed: new Set(project?.planManagedPolicies ?? []), inline: new Set() };
  return {
    managed: new Set(project?.managedPolicies ?? []),
    inline: new Set(Object.keys(project?.inlinePolicies ?? {})),
  };
}

/** Every policy of the role but the infrastructure policies its project declares; stateward's own stays. */
function undeclaredPolicies(role: WorldRole, config: Config): NamedPolicy[] {
  const { managed, inline } = declared(role, config);
  return [
    ...role.inlinePolicies.filter((p) => p.name === STATE_ACCESS_POLICY_NAME || !inline.has(p.name)),
    ...role.managedPolicies.filter((m) => !managed.has(m.arn)).map((m) => ({ name: m.arn, document: m.document })),
  ];
}

/** Only the infrastructure policies the config declares for the role: what they add on its own bucket is intended. */
export function declaredOnlySession(role: WorldRole, config: Config): Session {
  const { managed, inline } = declared(role, config);
  return {
    callerArn: sessionArn(role.arn),
    principalArn: role.arn,
    accountId: config.account,
    identityPolicies: [
      ...role.managedPolicies.filter((m) => managed.has(m.arn)).map((m) => ({ name: m.arn, document: m.document })),
      ...role.inlinePolicies.filter((p) => p.name !== STATE_ACCESS_POLICY_NAME && inline.has(p.name)),
    ],
  };
}

/** A principal whose own policies we cannot see (an admin, another account): assumed to allow everything. */
export function broadSession(principalArn: string): Session {
  const account = /^arn:aws[\w-]*:(?:iam|sts)::(\d{12}):/.exec(principalArn)?.[1] ?? '000000000000';
  const callerArn = principalArn.includes(':role/') ? sessionArn(principalArn) : principalArn;
  return {
    callerArn,
    principalArn,
    accountId: account,
    identityPolicies: [{ name: 'assumed-broad', document: ASSUMED_BROAD }],
  };
}

export function sessionArn(roleArn: string): string {
  const [, partition, account, name] = /^arn:(aws[\w-]*):iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(roleArn) ?? [];
  return name ? `arn:${partition}:sts::${account}:assumed-role/${name}/stateward-verify` : roleArn;
}

/** The resource policy a request meets: its bucket's, or the lock table's; in the stateward layer, without fences. */
export function resourcePolicies(world: VerifyWorld, layer: Layer): ResourcePolicyLookup {
  const withoutFence = (document: PolicyDocument): PolicyDocument =>
    layer === 'effective'
      ? document
      : {
          ...document,
          Statement: document.Statement.filter(
            (s) => !FENCE_SIDS.has(s.Sid ?? '') && !(s.Sid ?? '').startsWith(LOCK_FENCE_SID_PREFIX),
          ),
        };
  const byArn = new Map<string, NamedPolicy>();
  for (const bucket of world.buckets) {
    if (bucket.policy) byArn.set(bucket.arn, { name: `bucket ${bucket.name}`, document: withoutFence(bucket.policy) });
  }
  if (world.lockTable?.policy)
    byArn.set(world.lockTable.arn, { name: 'lock table', document: withoutFence(world.lockTable.policy) });
  return (resource) =>
    byArn.get(
      resource.startsWith('arn:aws:s3:::')
        ? `arn:aws:s3:::${resource.slice('arn:aws:s3:::'.length).split('/')[0]}`
        : resource,
    );
}

/** Principals that a bucket policy's Allow statements name: each is tried as an outsider. */
export function principalsNamedByAllows(policy: PolicyDocument | null): string[] {
  const named = new Set<string>();
  for (const statement of policy?.Statement ?? []) {
    if (statement.Effect !== 'Allow' || statement.Principal === undefined) continue;
    const values = statement.Principal === '*' ? ['*'] : asArray(statement.Principal.AWS);
    for (const value of values)
      named.add(
        value === '*'
          ? 'arn:aws:iam::999999999999:role/anyone'
          : /^\d{12}$/.test(value) || value.endsWith(':root')
            ? `arn:aws:iam::${/(\d{12})/.exec(value)![1]}:role/someone`
            : value,
      );
  }
  return [...named];
}
