// An in-memory account: applies one Change the way the executor would, to an Observed snapshot. It
// reads only what the Change carries (the contract), refuses a change whose resource does not exist
// yet (so plans must be ordered), and gives new resources AWS's defaults, not the desired values.
import type { PolicyDocument } from '../../src/iam/document.ts';
import type { Observed, ObservedBucket, ObservedRole } from '../../src/model/observed.ts';
import type { Tags } from '../../src/model/types.ts';
import type {
  BucketCreate,
  BucketLifecycleConfig,
  Change,
  GroupPolicyCreate,
  LockTableCreate,
  OidcProviderCreate,
  RoleCreate,
} from '../../src/plan/change.ts';
import { lifecycleRule, statewardLifecycle } from '../../src/plan/lifecycle.ts';
import { orderChanges } from '../../src/plan/order.ts';

export function applyAll(observed: Observed, changes: readonly Change[]): Observed {
  return orderChanges(changes).reduce(applyToObserved, observed);
}

export function applyToObserved(observed: Observed, change: Change): Observed {
  const next = structuredClone(observed);
  if (change.account) applyInEnvironment(next, change);
  else APPLIERS[change.resourceType](next, change);
  return next;
}

/** A change in an environment account (seed 002) applies to that account's roles and OIDC provider only. */
function applyInEnvironment(observed: Observed, change: Change): void {
  const environment = observed.environments?.find((e) => e.account === change.account);
  if (!environment) throw new Error(`no environment account ${change.account} in the snapshot`);
  const view: Observed = {
    account: environment.account,
    projects: environment.roles.map((r) => ({ name: r.project, role: r.role, bucket: { name: '', status: 'absent' } })),
    shared: {
      oidcProvider: environment.oidcProvider ?? { status: 'absent' },
      operators: { group: { status: 'absent' }, policy: { status: 'absent' } },
      lockTable: { status: 'absent' },
    },
    orphans: { buckets: [], roles: [] },
  };
  APPLIERS[change.resourceType](view, change);
  environment.roles = view.projects.map((p) => ({ project: p.name, role: p.role }));
  environment.oidcProvider = view.shared.oidcProvider;
}

const APPLIERS: Record<Change['resourceType'], (o: Observed, c: Change) => void> = {
  'cost-allocation-tag': (o, c) => {
    o.shared.costAllocationTag = { key: c.resourceName, status: c.new as 'Active' };
  },
  bucket: (o, c) => {
    const project = o.projects.find((p) => p.bucket.name === c.resourceName);
    if (!project) throw new Error(`no bucket ${c.resourceName} in the snapshot`);
    if (c.action === 'create') project.bucket = createdBucket(project.bucket, c.new as BucketCreate);
    else applyBucketSetting(present(project.bucket, c), c);
  },
  role: (o, c) => {
    const project = o.projects.find((p) => p.role.name === c.resourceName || p.planRole?.name === c.resourceName);
    if (!project) throw new Error(`no role ${c.resourceName} in the snapshot`);
    // IAM refuses a boundary that does not exist: the state boundary must be created first.
    const boundary =
      c.setting === 'resource'
        ? (c.new as RoleCreate).permissionsBoundary
        : c.setting === 'permissionsBoundary'
          ? c.new
          : null;
    // (Known only when the config keeps it: one made by hand, as the README once said, is not in the snapshot.)
    if (typeof boundary === 'string' && boundary.endsWith(':policy/tf-state-boundary') && o.shared.stateBoundary)
      present(o.shared.stateBoundary, c);
    const which = project.role.name === c.resourceName ? 'role' : 'planRole';
    const role = project[which]!;
    if (c.action === 'create') project[which] = createdRole(role, c.new as RoleCreate);
    else applyRoleSetting(present(role, c), c);
  },
  'oidc-provider': (o, c) => {
    const provider = o.shared.oidcProvider;
    if (c.action === 'create') {
      absent(provider, c.id);
      const created = c.new as OidcProviderCreate;
      o.shared.oidcProvider = { status: 'present', clientIds: [...created.clientIds], tags: { ...created.tags } };
    } else if (c.setting === 'clientIds') present(provider, c).clientIds = [...(c.new as string[])];
    else present(provider, c).tags = writtenTags(provider.tags, c.new as Tags);
  },
  group: (o, c) => {
    const group = o.shared.operators.group;
    if (c.action === 'create') {
      absent(group, c.id);
      o.shared.operators.group = { status: 'present', members: [], inlinePolicies: [], attachedPolicyArns: [] };
    } else if (c.action === 'add-member') present(group, c).members = [...(group.members ?? []), c.new as string];
    else if (c.setting === 'inlinePolicy')
      present(group, c).inlinePolicies = (group.inlinePolicies ?? []).filter((p) => p.name !== c.key);
    else if (c.setting === 'managedPolicy')
      present(group, c).attachedPolicyArns = (group.attachedPolicyArns ?? []).filter((arn) => arn !== c.old);
    else present(group, c).members = (group.members ?? []).filter((m) => m !== c.old);
  },
  'group-policy': (o, c) => {
    const policy = o.shared.operators.policy;
    if (c.action === 'create') {
      absent(policy, c.id);
      const created = c.new as GroupPolicyCreate;
      o.shared.operators.policy = {
        status: 'present',
        document: structuredClone(created.document),
        attachedToGroup: false,
        tags: { ...created.tags },
      };
    } else if (c.setting === 'attachment') {
      const group = present(o.shared.operators.group, c);
      const { policyArn } = c.new as { policyArn: string };
      group.attachedPolicyArns = [...(group.attachedPolicyArns ?? []).filter((arn) => arn !== policyArn), policyArn];
      present(policy, c).attachedToGroup = true;
    } else if (c.setting === 'document') present(policy, c).document = c.new as PolicyDocument;
    else present(policy, c).tags = writtenTags(policy.tags, c.new as Tags);
  },
  'managed-policy': (o, c) => {
    if (c.action === 'create') {
      absent(o.shared.stateBoundary ?? { status: 'absent' as const }, c.id);
      const created = c.new as GroupPolicyCreate;
      o.shared.stateBoundary = {
        status: 'present',
        document: structuredClone(created.document),
        tags: { ...created.tags },
      };
      return;
    }
    const policy = present(o.shared.stateBoundary ?? { status: 'absent' as const }, c);
    if (c.setting === 'document') policy.document = c.new as PolicyDocument;
    else policy.tags = writtenTags(policy.tags, c.new as Tags);
  },
  'lock-table': (o, c) => {
    const table = o.shared.lockTable;
    if (c.action === 'create') {
      absent(table, c.id);
      const created = c.new as LockTableCreate;
      o.shared.lockTable = {
        status: 'present',
        partitionKey: { ...created.partitionKey },
        billingMode: created.billingMode,
        policy: null,
        tags: { ...created.tags },
      };
    } else if (c.setting === 'policy')
      present(table, c).policy = c.new === null ? null : structuredClone(c.new as PolicyDocument);
    else present(table, c).tags = writtenTags(table.tags, c.new as Tags);
  },
};

/** S3's defaults for a new bucket (since 2023): private, SSE-S3, ACLs off, no versioning, no policy. */
function createdBucket(bucket: ObservedBucket, created: BucketCreate): ObservedBucket {
  absent(bucket, `bucket/${bucket.name}/resource`);
  return {
    name: created.name,
    status: 'present',
    region: created.region,
    versioning: 'Disabled',
    encryption: { algorithm: 'AES256' },
    publicAccessBlock: {
      blockPublicAcls: true,
      ignorePublicAcls: true,
      blockPublicPolicy: true,
      restrictPublicBuckets: true,
    },
    ownership: 'BucketOwnerEnforced',
    policy: null,
    lifecycle: { stateward: null, otherRules: [] },
    tags: {},
  };
}

function applyBucketSetting(bucket: ObservedBucket, c: Change): void {
  const value = structuredClone(c.new);
  switch (c.setting) {
    case 'versioning':
      bucket.versioning = value as ObservedBucket['versioning'];
      break;
    case 'encryption':
      bucket.encryption = value as ObservedBucket['encryption'];
      break;
    case 'publicAccessBlock':
      bucket.publicAccessBlock = value as ObservedBucket['publicAccessBlock'];
      break;
    case 'ownership':
      bucket.ownership = value as string;
      break;
    case 'policy':
      bucket.policy = value as PolicyDocument;
      break;
    case 'lifecycle': {
      // Through S3's rule shape and back, as the executor writes and observe() reads it.
      const config = value as BucketLifecycleConfig;
      bucket.lifecycle = {
        stateward: statewardLifecycle(lifecycleRule(config.stateward)),
        otherRules: config.otherRules,
      };
      break;
    }
    case 'tags':
      bucket.tags = writtenTags(bucket.tags, value as Tags);
      break;
    default:
      throw new Error(`unknown bucket setting ${c.setting}`);
  }
}

function createdRole(role: ObservedRole, created: RoleCreate): ObservedRole {
  absent(role, `role/${role.name}/resource`);
  return {
    name: created.name,
    status: 'present',
    trust: structuredClone(created.trust),
    inlinePolicies: {},
    managedPolicyArns: [],
    permissionsBoundary: created.permissionsBoundary,
    maxSessionDuration: created.maxSessionDuration,
    tags: { ...created.tags },
  };
}

function applyRoleSetting(role: ObservedRole, c: Change): void {
  switch (c.setting) {
    case 'trust':
      role.trust = structuredClone(c.new as PolicyDocument);
      break;
    case 'inlinePolicy':
      if (c.action === 'delete')
        role.inlinePolicies = Object.fromEntries(
          Object.entries(role.inlinePolicies ?? {}).filter(([n]) => n !== c.key),
        );
      else role.inlinePolicies = { ...role.inlinePolicies, [c.key!]: structuredClone(c.new as PolicyDocument) };
      break;
    case 'managedPolicy':
      role.managedPolicyArns =
        c.action === 'attach'
          ? [...(role.managedPolicyArns ?? []), c.new as string]
          : (role.managedPolicyArns ?? []).filter((arn) => arn !== c.old);
      break;
    case 'permissionsBoundary':
      role.permissionsBoundary = c.new as string | null;
      break;
    case 'maxSessionDuration':
      role.maxSessionDuration = c.new as number;
      break;
    case 'tags':
      role.tags = writtenTags(role.tags, c.new as Tags);
      break;
    default:
      throw new Error(`unknown role setting ${c.setting}`);
  }
}

/** A tag write sets exactly `new`; AWS's own aws:* tags cannot be touched and stay. */
function writtenTags(old: Tags | undefined, next: Tags): Tags {
  const reserved = Object.entries(old ?? {}).filter(([key]) => key.startsWith('aws:'));
  return { ...Object.fromEntries(reserved), ...next };
}

function present<T extends { status: string }>(resource: T, c: Change): T {
  if (resource.status !== 'present')
    throw new Error(
      `${c.id}: the resource does not exist (status ${resource.status}); was it applied before its creation?`,
    );
  return resource;
}

function absent(resource: { status: string }, id: string): void {
  if (resource.status !== 'absent') throw new Error(`${id}: the resource already exists (status ${resource.status})`);
}
