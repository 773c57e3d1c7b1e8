// Random valid configs (written as YAML and loaded like a user's file) and random drift of a
// converged account: resources deleted, settings changed by hand, foreign additions, reshaped JSON.
import fc from 'fast-check';
import { stringify } from 'yaml';
import type { PolicyDocument, Statement } from '../../src/iam/document.ts';
import type { Observed } from '../../src/model/observed.ts';
import type { Desired } from '../../src/model/types.ts';
import { desiredFromYaml } from './fixtures.ts';

const NAMES = ['app', 'net', 'dns', 'data-lake', 'ci', 'web-1'];
const USERS = ['alice', 'bob', 'carol'];
const POLICIES = [
  'arn:aws:iam::aws:policy/PowerUserAccess',
  'arn:aws:iam::aws:policy/ReadOnlyAccess',
  'arn:aws:iam::111122223333:policy/dns-admin',
];
const LOCKING = ['lockfile', 'dynamodb', 'both'] as const;

const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

const encryptionArb = (region: string, account: string) =>
  fc.oneof(
    fc.constant({ type: 'sse-s3' }),
    fc.constant({ type: 'sse-kms', kmsKeyArn: `arn:aws:kms:${region}:${account}:key/1a2b-3c4d` }),
  );

interface Base {
  account: string;
  region: string;
  ownerId: number | undefined;
  humans: string[];
  names: string[];
}

const baseArb: fc.Arbitrary<Base> = fc.record({
  account: fc.constantFrom('111122223333', '444455556666'),
  region: fc.constantFrom('eu-west-1', 'us-east-1'),
  ownerId: optional(fc.integer({ min: 1, max: 999_999 })),
  humans: fc.subarray(USERS),
  names: fc.uniqueArray(fc.constantFrom(...NAMES), { minLength: 1, maxLength: 4 }),
});

function projectArb(name: string, base: Base) {
  const repo = `acme/terraform-${name}`;
  return fc.record({
    name: fc.constant(name),
    oidcSubjects: optional(
      fc.subarray([`repo:${repo}:ref:refs/heads/main`, `repo:${repo}:environment:prod`], { minLength: 1 }),
    ),
    repoId: base.ownerId === undefined ? fc.constant(undefined) : optional(fc.integer({ min: 1, max: 999_999 })),
    humans: optional(fc.subarray(base.humans)),
    managedPolicies: optional(fc.subarray(POLICIES)),
    permissionsBoundary: optional(fc.constant(`arn:aws:iam::${base.account}:policy/tf-boundary`)),
    reads: optional(fc.subarray(base.names.filter((n) => n !== name))),
    locking: optional(fc.constantFrom(...LOCKING)),
    encryption: optional(encryptionArb(base.region, base.account)),
    keepStateVersions: optional(fc.integer({ min: 1, max: 100 })),
    fence: optional(fc.boolean()),
    allowPullRequestApply: optional(fc.boolean()),
    githubEnvironments: optional(fc.subarray(['production', 'staging'])),
    planManagedPolicies: optional(fc.subarray(POLICIES)),
    access: optional(
      fc.constant({
        apply: [{ key: `${name}/terraform.tfstate`, workspaces: ['*'] }],
        plan: [{ key: `${name}/preview/terraform.tfstate`, workspaces: [] }],
      }),
    ),
  });
}

/** A config as a user would write it, loaded through the real parser and rules. */
export const desiredArb: fc.Arbitrary<Desired> = baseArb.chain((base) =>
  fc
    .record({
      admins: fc.subarray([
        `arn:aws:iam::${base.account}:role/platform-admin`,
        `arn:aws:iam::${base.account}:user/ops`,
      ]),
      tags: fc.dictionary(
        fc.constantFrom('CostCenter', 'Team', 'Owner'),
        fc.constantFrom('platform', 'data team', 'x'),
      ),
      managedBy: optional(fc.constantFrom('stateward', 'platform-team')),
      defaults: fc.record({
        locking: optional(fc.constantFrom(...LOCKING)),
        encryption: optional(encryptionArb(base.region, base.account)),
        noncurrentDays: optional(fc.integer({ min: 1, max: 400 })),
      }),
      projects: fc.tuple(...base.names.map((name) => projectArb(name, base))),
    })
    .map((rest) => {
      const config = {
        version: 1,
        account: base.account,
        region: base.region,
        github: { org: 'acme', ownerId: base.ownerId },
        humans: base.humans,
        ...rest,
      };
      return desiredFromYaml(stringify(JSON.parse(JSON.stringify(config))));
    }),
);

/** One hand-made change to an account; `at` picks the project. */
export type Drift = (observed: Observed, at: number) => void;

const foreignStatement: Statement = {
  Sid: 'AllowAudit',
  Effect: 'Allow',
  Principal: { AWS: 'arn:aws:iam::111122223333:role/audit' },
  Action: 's3:GetBucketPolicy',
  Resource: '*',
};
const impostor: Statement = {
  Sid: 'StatewardOld',
  Effect: 'Allow',
  Principal: '*',
  Action: 's3:GetObject',
  Resource: '*',
};
const wide: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

const pick = <T>(items: T[], at: number): T => items[at % items.length]!;
const bucket = (o: Observed, at: number) => pick(o.projects, at).bucket;
const role = (o: Observed, at: number) => pick(o.projects, at).role;
const liveStatements = (b: Observed['projects'][number]['bucket']): Statement[] => b.policy?.Statement ?? [];
const present = <T extends { status: string }>(r: T, change: (r: T) => void) => r.status === 'present' && change(r);

/** Reshapes a document the way AWS or a human might return it: reordered, arrays collapsed, upper-cased actions. */
export function reshape(document: PolicyDocument): PolicyDocument {
  const statement = (s: Statement): Statement =>
    Object.fromEntries(
      Object.entries(s)
        .reverse()
        .map(([k, v]) => [
          k,
          k === 'Action'
            ? [v].flat().map((a) => String(a).toUpperCase())
            : Array.isArray(v) && v.length === 1
              ? v[0]
              : v,
        ]),
    ) as Statement;
  return { Statement: [...document.Statement].reverse().map(statement), Version: document.Version };
}

export const DRIFTS: Record<string, Drift> = {
  bucketDeleted: (o, at) => {
    pick(o.projects, at).bucket = { name: bucket(o, at).name, status: 'absent' };
  },
  roleDeleted: (o, at) => {
    pick(o.projects, at).role = { name: role(o, at).name, status: 'absent' };
  },
  versioningSuspended: (o, at) =>
    present(bucket(o, at), (b) => {
      b.versioning = 'Suspended';
    }),
  encryptionRemoved: (o, at) =>
    present(bucket(o, at), (b) => {
      b.encryption = null;
    }),
  encryptionOtherKey: (o, at) =>
    present(bucket(o, at), (b) => {
      b.encryption = {
        algorithm: 'aws:kms',
        kmsKeyArn: 'arn:aws:kms:eu-west-1:111122223333:key/other',
        bucketKeyEnabled: false,
      };
    }),
  publicAccessOff: (o, at) =>
    present(bucket(o, at), (b) => {
      b.publicAccessBlock = { ...b.publicAccessBlock!, blockPublicPolicy: false };
    }),
  aclsOn: (o, at) =>
    present(bucket(o, at), (b) => {
      b.ownership = 'ObjectWriter';
    }),
  policyDeleted: (o, at) =>
    present(bucket(o, at), (b) => {
      b.policy = null;
    }),
  policyStatementDropped: (o, at) =>
    present(bucket(o, at), (b) => {
      b.policy = { Version: '2012-10-17', Statement: liveStatements(b).slice(1) };
    }),
  policyForeignAdded: (o, at) =>
    present(bucket(o, at), (b) => {
      b.policy = { Version: '2012-10-17', Statement: [foreignStatement, ...liveStatements(b)] };
    }),
  policyImpostorAdded: (o, at) =>
    present(bucket(o, at), (b) => {
      b.policy = { Version: '2012-10-17', Statement: [...liveStatements(b), impostor] };
    }),
  policyReshaped: (o, at) =>
    present(bucket(o, at), (b) => {
      if (b.policy) b.policy = reshape(b.policy);
    }),
  lifecycleRemoved: (o, at) =>
    present(bucket(o, at), (b) => {
      b.lifecycle = { stateward: null, otherRules: [{ ID: 'logs', Status: 'Enabled' }] };
    }),
  lifecycleEdited: (o, at) =>
    present(bucket(o, at), (b) => {
      b.lifecycle = {
        stateward: { noncurrentDays: 1, newerNoncurrentVersions: 1, abortIncompleteMultipartUploadDays: 1 },
        otherRules: b.lifecycle!.otherRules,
      };
    }),
  bucketTagsEdited: (o, at) =>
    present(bucket(o, at), (b) => {
      b.tags = { Owner: 'someone', 'aws:cloudformation:stack-id': 'x' };
    }),
  trustNarrowed: (o, at) =>
    present(role(o, at), (r) => {
      r.trust = { ...r.trust!, Statement: r.trust!.Statement.slice(0, 1) };
    }),
  trustReplaced: (o, at) =>
    present(role(o, at), (r) => {
      r.trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' }] };
    }),
  trustReshaped: (o, at) =>
    present(role(o, at), (r) => {
      r.trust = reshape(r.trust!);
    }),
  inlineDeleted: (o, at) =>
    present(role(o, at), (r) => {
      r.inlinePolicies = {};
    }),
  inlineWidened: (o, at) =>
    present(role(o, at), (r) => {
      r.inlinePolicies = { ...r.inlinePolicies, 'stateward-state-access': wide };
    }),
  inlineForeignAdded: (o, at) =>
    present(role(o, at), (r) => {
      r.inlinePolicies = { ...r.inlinePolicies, 'someone-elses': wide };
    }),
  managedExtra: (o, at) =>
    present(role(o, at), (r) => {
      r.managedPolicyArns = [...r.managedPolicyArns!, 'arn:aws:iam::aws:policy/AdministratorAccess'];
    }),
  managedDetached: (o, at) =>
    present(role(o, at), (r) => {
      r.managedPolicyArns = [];
    }),
  boundaryChanged: (o, at) =>
    present(role(o, at), (r) => {
      r.permissionsBoundary = 'arn:aws:iam::111122223333:policy/other-boundary';
    }),
  boundaryRemoved: (o, at) =>
    present(role(o, at), (r) => {
      r.permissionsBoundary = null;
    }),
  sessionLonger: (o, at) =>
    present(role(o, at), (r) => {
      r.maxSessionDuration = 43200;
    }),
  roleTagsDropped: (o, at) =>
    present(role(o, at), (r) => {
      r.tags = {};
    }),
  oidcDeleted: (o) => {
    o.shared.oidcProvider = { status: 'absent' };
  },
  oidcClientIds: (o) =>
    present(o.shared.oidcProvider, (p) => {
      p.clientIds = ['sigstore'];
    }),
  oidcTags: (o) =>
    present(o.shared.oidcProvider, (p) => {
      p.tags = { ManagedBy: 'someone' };
    }),
  groupDeleted: (o) => {
    o.shared.operators.group = { status: 'absent' };
    o.shared.operators.policy.attachedToGroup = false;
  },
  memberAdded: (o) =>
    present(o.shared.operators.group, (g) => {
      g.members = [...g.members!, 'mallory'];
    }),
  membersRemoved: (o) =>
    present(o.shared.operators.group, (g) => {
      g.members = [];
    }),
  groupInlineAdded: (o) =>
    present(o.shared.operators.group, (g) => {
      g.inlinePolicies = [
        ...(g.inlinePolicies ?? []).filter((p) => p.name !== 'debugging'),
        { name: 'debugging', document: wide },
      ];
    }),
  groupManagedAttached: (o) =>
    present(o.shared.operators.group, (g) => {
      const arn = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
      g.attachedPolicyArns = [...(g.attachedPolicyArns ?? []).filter((a) => a !== arn), arn];
    }),
  groupPolicyDeleted: (o) => {
    o.shared.operators.policy = { status: 'absent' };
  },
  groupPolicyWidened: (o) =>
    present(o.shared.operators.policy, (p) => {
      p.document = wide;
    }),
  groupPolicyDetached: (o) => {
    present(o.shared.operators.policy, (p) => {
      p.attachedToGroup = false;
    });
    present(o.shared.operators.group, (g) => {
      g.attachedPolicyArns = (g.attachedPolicyArns ?? []).filter((arn) => !arn.endsWith(':policy/tf-assume-roles'));
    });
  },
  groupPolicyTags: (o) =>
    present(o.shared.operators.policy, (p) => {
      p.tags = {};
    }),
  lockTableDeleted: (o) => {
    o.shared.lockTable = { status: 'absent' };
  },
  lockTableTags: (o) =>
    present(o.shared.lockTable, (t) => {
      t.tags = { Team: 'x' };
    }),
  orphansFound: (o) => {
    o.orphans = { buckets: ['tfstate-gone-111122223333'], roles: ['tf-gone'] };
  },
};

export const driftsArb = fc.array(fc.tuple(fc.constantFrom(...Object.keys(DRIFTS)), fc.nat()), {
  minLength: 1,
  maxLength: 6,
});
