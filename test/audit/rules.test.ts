// Each rule against one misconfiguration of an otherwise clean account: exactly that finding, no other.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AuditSnapshot } from '../../src/audit/snapshot.ts';
import {
  ACCOUNT,
  bucket,
  bucketArnOf,
  cleanSnapshot,
  findings,
  ids,
  LOCK_TABLE_ARN,
  lockTable,
  lockTableStatements,
  NOW,
  role,
  roleArnOf,
  statementsOfBucket,
} from './fixtures.ts';

interface Case {
  name: string;
  withConfig?: boolean;
  mutate(snapshot: AuditSnapshot): void;
  expected: string[];
}

const GH = 'token.actions.githubusercontent.com';
const withoutSid = (list: Array<{ Sid?: string }>, sid: string) => list.filter((s) => s.Sid !== sid);

const cases: Case[] = [
  {
    name: 'versioning suspended',
    mutate: (s) => void (bucket(s, 'proxmox').settings.versioning = 'Suspended'),
    expected: [`SW-BUCKET-001 ${bucketArnOf('proxmox')}`],
  },
  {
    name: 'versioning never enabled',
    mutate: (s) => void (bucket(s, 'unifi').settings.versioning = 'Disabled'),
    expected: [`SW-BUCKET-001 ${bucketArnOf('unifi')}`],
  },
  {
    name: 'no default encryption',
    mutate: (s) => void (bucket(s, 'proxmox').settings.encryption = null),
    expected: [`SW-BUCKET-002 ${bucketArnOf('proxmox')}`],
  },
  {
    name: 'one public access flag off',
    mutate: (s) => void (bucket(s, 'proxmox').settings.publicAccessBlock!.restrictPublicBuckets = false),
    expected: [`SW-BUCKET-003 ${bucketArnOf('proxmox')}`],
  },
  {
    name: 'no public access block',
    mutate: (s) => void (bucket(s, 'dns').settings.publicAccessBlock = null),
    expected: [`SW-BUCKET-003 ${bucketArnOf('dns')}`],
  },
  {
    name: 'ACLs enabled',
    mutate: (s) => void (bucket(s, 'proxmox').settings.ownership = 'ObjectWriter'),
    expected: [`SW-BUCKET-004 ${bucketArnOf('proxmox')}`],
  },
  {
    name: 'TLS deny removed',
    mutate: (s) =>
      void (bucket(s, 'proxmox').settings.policy!.Statement = withoutSid(
        statementsOfBucket(s, 'proxmox'),
        'StatewardDenyInsecureTransport',
      ) as never),
    expected: [`SW-BUCKET-005 ${bucketArnOf('proxmox')}`],
  },
  {
    name: 'bucket policy grants another account',
    mutate: (s) =>
      void statementsOfBucket(s, 'proxmox').push({
        Sid: 'PartnerRead',
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::999988887777:root' },
        Action: 's3:GetObject',
        Resource: `${bucketArnOf('proxmox')}/*`,
      }),
    expected: [`SW-BUCKET-006 ${bucketArnOf('proxmox')}`],
  },
  {
    name: 'bucket policy grants everyone',
    mutate: (s) =>
      void statementsOfBucket(s, 'unifi').push({
        Sid: 'Public',
        Effect: 'Allow',
        Principal: '*',
        Action: 's3:GetObject',
        Resource: `${bucketArnOf('unifi')}/*`,
      }),
    expected: [`SW-BUCKET-006 ${bucketArnOf('unifi')}`],
  },
  {
    name: 'no noncurrent lifecycle',
    withConfig: true,
    mutate: (s) =>
      void (bucket(s, 'proxmox').settings.lifecycle = {
        stateward: null,
        otherRules: [{ ID: 'logs', Status: 'Enabled', Filter: { Prefix: 'logs/' }, Expiration: { Days: 30 } }],
      }),
    expected: [`SW-BUCKET-007 ${bucketArnOf('proxmox')}`],
  },
  {
    name: 'Repo tag missing',
    mutate: (s) => void delete bucket(s, 'proxmox').settings.tags!.Repo,
    expected: [`SW-BUCKET-008 ${bucketArnOf('proxmox')}`],
  },
  {
    name: 'fence removed, no broad role reaches the bucket',
    mutate: (s) => {
      bucket(s, 'unifi').settings.policy!.Statement = statementsOfBucket(s, 'unifi').filter(
        (st) => !st.Sid?.startsWith('StatewardFence') && st.Sid !== 'StatewardReserveBootstrap',
      );
      role(s, 'network').managedPolicies = [];
      // The plan roles' ReadOnlyAccess reads every bucket a fence does not close.
      for (const r of s.roles) if (r.kind === 'plan') r.managedPolicies = [];
    },
    expected: [`SW-FENCE-001 ${bucketArnOf('unifi')}`],
  },
  {
    name: 'fence removed while tf-network holds PowerUserAccess',
    mutate: (s) =>
      void (bucket(s, 'unifi').settings.policy!.Statement = statementsOfBucket(s, 'unifi').filter(
        (st) => !st.Sid?.startsWith('StatewardFence') && st.Sid !== 'StatewardReserveBootstrap',
      )),
    expected: [`SW-FENCE-002 ${bucketArnOf('unifi')}`],
  },
  {
    name: 'bucket _bootstrap/ reservation dropped (the objects fence, which exempts the project role, is no reservation)',
    mutate: (s) =>
      void (bucket(s, 'unifi').settings.policy!.Statement = withoutSid(
        statementsOfBucket(s, 'unifi'),
        'StatewardReserveBootstrap',
      ) as never),
    expected: [`SW-FENCE-001 ${bucketArnOf('unifi')}`],
  },
  {
    name: 'a role reads a bucket whose fence does not list it',
    mutate: (s) => {
      role(s, 'unifi').observed.inlinePolicies!['extra-reads'] = {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'ReadDns',
            Effect: 'Allow',
            Action: 's3:GetObject',
            Resource: `${bucketArnOf('dns')}/dns/terraform.tfstate`,
          },
        ],
      };
    },
    expected: [`SW-FENCE-003 ${roleArnOf('unifi')}`],
  },
  {
    name: 'the fence lists a reader whose role has no grant',
    mutate: (s) => {
      const policy = role(s, 'proxmox').observed.inlinePolicies!['stateward-state-access']!;
      policy.Statement = policy.Statement.filter((st) => !st.Sid?.endsWith('Network'));
    },
    expected: [`SW-FENCE-003 ${bucketArnOf('network')}`],
  },
  {
    name: 'lock table policy deleted (unifi and dns lock with DynamoDB)',
    mutate: (s) => void (lockTable(s).policy = null),
    expected: [`SW-FENCE-004 ${LOCK_TABLE_ARN}`, `SW-FENCE-004 ${LOCK_TABLE_ARN}`, `SW-FENCE-005 ${LOCK_TABLE_ARN}`],
  },
  {
    name: "unifi's lock fence Sid kept, its LeadingKeys now another bucket's",
    mutate: (s) =>
      void (lockTableStatements(s).find((st) => st.Sid === 'StatewardFenceLocksUnifi')!.Condition![
        'ForAnyValue:StringLike'
      ]!['dynamodb:LeadingKeys'] = `tfstate-proxmox-${ACCOUNT}/*`),
    expected: [`SW-FENCE-004 ${LOCK_TABLE_ARN}`],
  },
  {
    name: "unifi's lock fence exempts tf-network too",
    mutate: (s) =>
      void (lockTableStatements(s).find((st) => st.Sid === 'StatewardFenceLocksUnifi')!.Condition!.ArnNotLike![
        'aws:PrincipalArn'
      ] = [roleArnOf('unifi'), roleArnOf('network'), `arn:aws:iam::${ACCOUNT}:role/platform-admin`]),
    expected: [`SW-FENCE-004 ${LOCK_TABLE_ARN}`],
  },
  {
    name: 'lock table bootstrap reservation dropped',
    mutate: (s) =>
      void (lockTable(s).policy!.Statement = lockTableStatements(s).filter(
        (st) => st.Sid !== 'StatewardFenceLockBootstrap',
      )),
    expected: [`SW-FENCE-005 ${LOCK_TABLE_ARN}`],
  },
  {
    name: 'OIDC trust without aud',
    mutate: (s) => void delete role(s, 'unifi').observed.trust!.Statement[0]!.Condition!.StringEquals![`${GH}:aud`],
    expected: [`SW-TRUST-001 ${roleArnOf('unifi')}`],
  },
  {
    name: 'OIDC subject widened to the whole org',
    mutate: (s) =>
      void (role(s, 'unifi').observed.trust!.Statement[0]!.Condition = {
        StringEquals: { [`${GH}:aud`]: 'sts.amazonaws.com' },
        StringLike: { [`${GH}:sub`]: 'repo:acme/*' },
      }),
    expected: [`SW-TRUST-002 ${roleArnOf('unifi')}`],
  },
  {
    name: 'OIDC trust without sub',
    mutate: (s) =>
      void (role(s, 'unifi').observed.trust!.Statement[0]!.Condition = {
        StringEquals: { [`${GH}:aud`]: 'sts.amazonaws.com' },
      }),
    expected: [`SW-TRUST-002 ${roleArnOf('unifi')}`],
  },
  {
    name: 'name-only subject although the config gives immutable ids',
    withConfig: true,
    mutate: (s) =>
      void (role(s, 'proxmox').observed.trust!.Statement[0]!.Condition = {
        StringEquals: {
          [`${GH}:aud`]: 'sts.amazonaws.com',
          [`${GH}:sub`]: [
            'repo:acme/terraform-proxmox:ref:refs/heads/main',
            'repo:acme/terraform-proxmox:environment:production',
          ],
        },
      }),
    expected: [`SW-TRUST-003 ${roleArnOf('proxmox')}`],
  },
  {
    name: 'apply role trusted by pull requests',
    withConfig: true,
    mutate: (s) =>
      void (role(s, 'network').observed.trust!.Statement[0]!.Condition = {
        StringEquals: {
          [`${GH}:aud`]: 'sts.amazonaws.com',
          [`${GH}:sub`]: [
            'repo:acme/terraform-network:ref:refs/heads/main',
            'repo:acme/terraform-network:pull_request',
          ],
        },
      }),
    expected: [`SW-TRUST-006 ${roleArnOf('network')}`],
  },
  {
    name: 'apply role trusted by every workflow of its repo (the old default)',
    mutate: (s) =>
      void (role(s, 'unifi').observed.trust!.Statement[0]!.Condition = {
        StringEquals: { [`${GH}:aud`]: 'sts.amazonaws.com' },
        StringLike: { [`${GH}:sub`]: 'repo:acme/terraform-unifi:*' },
      }),
    expected: [`SW-TRUST-006 ${roleArnOf('unifi')}`],
  },
  {
    name: 'humans without MFA',
    mutate: (s) => void delete role(s, 'proxmox').observed.trust!.Statement[1]!.Condition!.Bool,
    expected: [`SW-TRUST-004 ${roleArnOf('proxmox')}`],
  },
  {
    name: 'trust to the account root without conditions',
    mutate: (s) =>
      void role(s, 'dns').observed.trust!.Statement.push({
        Sid: 'Root',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
        Action: 'sts:AssumeRole',
      }),
    expected: [`SW-TRUST-005 ${roleArnOf('dns')}`],
  },
  {
    name: 'inline grant on a non-state bucket',
    mutate: (s) => {
      role(s, 'unifi').observed.inlinePolicies!.artifacts = {
        Version: '2012-10-17',
        Statement: [
          { Sid: 'Artifacts', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::acme-artifacts/*' },
        ],
      };
    },
    expected: [`SW-ROLE-001 ${roleArnOf('unifi')}`],
  },
  {
    name: 's3:* on its own state prefix',
    mutate: (s) => {
      role(s, 'unifi').observed.inlinePolicies!.wide = {
        Version: '2012-10-17',
        Statement: [{ Sid: 'All', Effect: 'Allow', Action: 's3:*', Resource: `${bucketArnOf('unifi')}/unifi/*` }],
      };
    },
    expected: [`SW-ROLE-002 ${roleArnOf('unifi')}`],
  },
  {
    name: 'Resource * on a lock-table read',
    mutate: (s) => {
      role(s, 'unifi').observed.inlinePolicies!.locks = {
        Version: '2012-10-17',
        Statement: [{ Sid: 'Locks', Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: '*' }],
      };
    },
    expected: [`SW-ROLE-003 ${roleArnOf('unifi')}`],
  },
  {
    name: 'write on _bootstrap/',
    mutate: (s) => {
      role(s, 'unifi').observed.inlinePolicies!.boot = {
        Version: '2012-10-17',
        Statement: [
          { Sid: 'Boot', Effect: 'Allow', Action: 's3:PutObject', Resource: `${bucketArnOf('unifi')}/_bootstrap/*` },
        ],
      };
    },
    expected: [`SW-ROLE-004 ${roleArnOf('unifi')}`],
  },
  {
    name: '12 h sessions',
    mutate: (s) => void (role(s, 'unifi').observed.maxSessionDuration = 43200),
    expected: [`SW-ROLE-005 ${roleArnOf('unifi')}`],
  },
  {
    name: 'tf-operators also holds s3:GetObject',
    mutate: (s) =>
      void s.operators.policies.push({
        name: 'debugging',
        document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] },
      }),
    expected: [`SW-HUMANS-001 arn:aws:iam::${ACCOUNT}:group/tf-operators`],
  },
  {
    name: 'tf-operators may assume every role',
    mutate: (s) => void (s.operators.policies[0]!.document.Statement[0]!.Resource = `arn:aws:iam::${ACCOUNT}:role/*`),
    expected: [`SW-HUMANS-001 arn:aws:iam::${ACCOUNT}:group/tf-operators`],
  },
  {
    name: "plan role holding the apply role's state access",
    mutate: (s) => {
      const plan = s.roles.find((r) => r.name === 'tf-network.plan')!;
      plan.observed!.inlinePolicies = structuredClone(role(s, 'network').observed.inlinePolicies);
    },
    // WriteState and DeleteWorkspaceState, one finding each.
    expected: [`SW-ROLE-006 ${roleArnOf('network')}.plan`, `SW-ROLE-006 ${roleArnOf('network')}.plan`],
  },
  {
    name: 'bucket without its role',
    mutate: (s) => void (s.roles = s.roles.filter((r) => r.project !== 'dns')),
    expected: [`SW-FLEET-001 ${bucketArnOf('dns')}`],
  },
  {
    name: 'role without its bucket',
    mutate: (s) => void (s.buckets = s.buckets.filter((b) => b.project !== 'dns')),
    expected: [`SW-FLEET-002 ${roleArnOf('dns')}`, `SW-FLEET-002 ${roleArnOf('dns')}.plan`],
  },
  {
    name: 'lock file older than 24 h',
    mutate: (s) =>
      void s.locks.push({
        kind: 'lockfile',
        bucket: `tfstate-proxmox-${ACCOUNT}`,
        stateKey: 'proxmox/terraform.tfstate',
        location: 'proxmox/terraform.tfstate.tflock',
        since: new Date(NOW - 25 * 3_600_000).toISOString(),
        holder: { id: 'a1b2', who: 'alice@laptop', operation: 'OperationTypeApply' },
      }),
    expected: [`SW-FLEET-003 ${bucketArnOf('proxmox')}/proxmox/terraform.tfstate.tflock`],
  },
  {
    name: 'configured project missing from the account',
    withConfig: true,
    mutate: (s) => {
      s.buckets = s.buckets.filter((b) => b.project !== 'dns');
      s.roles = s.roles.filter((r) => r.project !== 'dns');
    },
    expected: [`SW-FLEET-004 ${bucketArnOf('dns')}`, `SW-FLEET-004 ${roleArnOf('dns')}`],
  },
  {
    name: 'a lock table whose policy could not be read',
    mutate: (s) => {
      Object.assign(lockTable(s), { status: 'unreadable', policy: null });
      s.errors.push({
        resource: LOCK_TABLE_ARN,
        project: null,
        code: 'AWS_ACCESS_DENIED',
        message: 'Access denied: dynamodb:GetResourcePolicy',
        fix: 'Grant dynamodb:GetResourcePolicy',
      });
    },
    expected: [`SW-AUDIT-001 ${LOCK_TABLE_ARN}`],
  },
  {
    name: 'a bucket that could not be read',
    mutate: (s) => {
      delete s.buckets.find((b) => b.project === 'unifi')!.settings;
      s.errors.push({
        resource: bucketArnOf('unifi'),
        project: 'unifi',
        code: 'AWS_ACCESS_DENIED',
        message: 'Access denied: s3:GetBucketPolicy',
        fix: 'Grant s3:GetBucketPolicy',
      });
    },
    expected: [`SW-AUDIT-001 ${bucketArnOf('unifi')}`],
  },
];

for (const c of cases) {
  test(`${c.name}: ${c.expected.map((e) => e.split(' ')[0]).join(', ')} and nothing else`, () => {
    const snapshot = cleanSnapshot({ withConfig: c.withConfig ?? false });
    c.mutate(snapshot);
    assert.deepEqual(ids(findings(snapshot)), [...c.expected].sort());
  });
}

test('the account apply leaves behind has no findings, with and without the config', () => {
  assert.deepEqual(findings(cleanSnapshot()), []);
  assert.deepEqual(findings(cleanSnapshot({ withConfig: true })), []);
});

test('a lock younger than 24 h is not reported', () => {
  const snapshot = cleanSnapshot();
  snapshot.locks.push({
    kind: 'dynamodb',
    bucket: `tfstate-unifi-${ACCOUNT}`,
    stateKey: 'unifi/terraform.tfstate',
    location: `tfstate-unifi-${ACCOUNT}/unifi/terraform.tfstate`,
    since: new Date(NOW - 23 * 3_600_000).toISOString(),
  });
  assert.deepEqual(findings(snapshot), []);
});
