// Each kind of drift yields exactly the one change that repairs it, with the live value as `old`
// and the complete value to write as `new`.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Observed } from '../../src/model/observed.ts';
import { mergeBucketPolicy } from '../../src/plan/bucket-policy-merge.ts';
import { diff } from '../../src/plan/diff.ts';
import { drifted, exampleDesired, project } from './fixtures.ts';

const desired = exampleDesired();
const proxmox = desired.projects.find((p) => p.name === 'proxmox')!;
const network = desired.projects.find((p) => p.name === 'network')!;
const shared = desired.shared;
const BOUNDARY = 'arn:aws:iam::111122223333:policy/someone-elses-boundary';
const S3_EVERYTHING = {
  Version: '2012-10-17' as const,
  Statement: [{ Sid: 'Everything', Effect: 'Allow' as const, Action: 's3:*', Resource: '*' }],
};
const OTHER_RULE = { ID: 'archive-logs', Status: 'Enabled', Filter: { Prefix: 'logs/' }, Expiration: { Days: 30 } };

interface Case {
  name: string;
  drift: (o: Observed) => void;
  id: string;
  action: string;
  old: unknown;
  new: unknown;
}

const proxmoxBucket = (o: Observed) => project(o, 'proxmox').bucket;
const networkRole = (o: Observed) => project(o, 'network').role;
const bucketId = (setting: string) => `bucket/${proxmox.bucket.name}/${setting}`;
const roleId = (setting: string) => `role/tf-network/${setting}`;
const policyWithoutFence = () => ({
  ...proxmox.bucket.policy,
  Statement: proxmox.bucket.policy.Statement.filter((s) => s.Sid !== 'StatewardFenceListing'),
});

const cases: Case[] = [
  {
    name: 'versioning suspended',
    drift: (o) => {
      proxmoxBucket(o).versioning = 'Suspended';
    },
    id: bucketId('versioning'),
    action: 'update',
    old: 'Suspended',
    new: 'Enabled',
  },
  {
    name: 'encryption switched to another KMS key',
    drift: (o) => {
      proxmoxBucket(o).encryption = {
        algorithm: 'aws:kms',
        kmsKeyArn: 'arn:aws:kms:eu-west-1:111122223333:key/x',
        bucketKeyEnabled: true,
      };
    },
    id: bucketId('encryption'),
    action: 'update',
    old: { algorithm: 'aws:kms', kmsKeyArn: 'arn:aws:kms:eu-west-1:111122223333:key/x', bucketKeyEnabled: true },
    new: { algorithm: 'AES256' },
  },
  {
    name: 'encryption configuration deleted',
    drift: (o) => {
      proxmoxBucket(o).encryption = null;
    },
    id: bucketId('encryption'),
    action: 'update',
    old: null,
    new: { algorithm: 'AES256' },
  },
  {
    name: 'one public-access-block flag off',
    drift: (o) => {
      proxmoxBucket(o).publicAccessBlock!.restrictPublicBuckets = false;
    },
    id: bucketId('publicAccessBlock'),
    action: 'update',
    old: { ...proxmox.bucket.publicAccessBlock, restrictPublicBuckets: false },
    new: proxmox.bucket.publicAccessBlock,
  },
  {
    name: 'ACLs re-enabled',
    drift: (o) => {
      proxmoxBucket(o).ownership = 'ObjectWriter';
    },
    id: bucketId('ownership'),
    action: 'update',
    old: 'ObjectWriter',
    new: 'BucketOwnerEnforced',
  },
  {
    name: 'a fence statement deleted',
    drift: (o) => {
      proxmoxBucket(o).policy = policyWithoutFence();
    },
    id: bucketId('policy'),
    action: 'update',
    old: policyWithoutFence(),
    new: mergeBucketPolicy(policyWithoutFence(), proxmox.bucket.policy),
  },
  {
    name: "stateward's lifecycle rule replaced by someone else's",
    drift: (o) => {
      proxmoxBucket(o).lifecycle = { stateward: null, otherRules: [OTHER_RULE] };
    },
    id: bucketId('lifecycle'),
    action: 'update',
    old: { stateward: null, otherRules: [OTHER_RULE] },
    new: { stateward: proxmox.bucket.lifecycle, otherRules: [OTHER_RULE] },
  },
  {
    name: 'keep fewer versions',
    drift: (o) => {
      proxmoxBucket(o).lifecycle!.stateward!.newerNoncurrentVersions = 3;
    },
    id: bucketId('lifecycle'),
    action: 'update',
    old: { stateward: { ...proxmox.bucket.lifecycle, newerNoncurrentVersions: 3 }, otherRules: [] },
    new: { stateward: proxmox.bucket.lifecycle, otherRules: [] },
  },
  {
    name: 'bucket tag edited and one added',
    drift: (o) => {
      Object.assign(proxmoxBucket(o).tags!, { Repo: 'acme/elsewhere', Owner: 'bob' });
    },
    id: bucketId('tags'),
    action: 'update',
    old: { ...proxmox.bucket.tags, Repo: 'acme/elsewhere', Owner: 'bob' },
    // Owner is not stateward's: it is written back as it is.
    new: { ...proxmox.bucket.tags, Owner: 'bob' },
  },
  {
    name: 'trust lost its humans statement',
    drift: (o) => {
      networkRole(o).trust = { ...network.role.trust, Statement: network.role.trust.Statement.slice(0, 1) };
    },
    id: roleId('trust'),
    action: 'update',
    old: { ...network.role.trust, Statement: network.role.trust.Statement.slice(0, 1) },
    new: network.role.trust,
  },
  {
    name: 'inline policy deleted',
    drift: (o) => {
      networkRole(o).inlinePolicies = {};
    },
    id: roleId('inlinePolicy/stateward-state-access'),
    action: 'update',
    old: null,
    new: network.role.inlinePolicies['stateward-state-access'],
  },
  {
    name: 'an inline policy the config does not declare (s3:* on *)',
    drift: (o) => {
      networkRole(o).inlinePolicies = { ...networkRole(o).inlinePolicies, 'extra-s3': S3_EVERYTHING };
    },
    id: roleId('inlinePolicy/extra-s3'),
    action: 'delete',
    old: S3_EVERYTHING,
    new: null,
  },
  {
    name: 'configured managed policy detached',
    drift: (o) => {
      networkRole(o).managedPolicyArns = [];
    },
    id: roleId('managedPolicy/arn:aws:iam::aws:policy/PowerUserAccess'),
    action: 'attach',
    old: null,
    new: 'arn:aws:iam::aws:policy/PowerUserAccess',
  },
  {
    name: 'extra managed policy attached by hand',
    drift: (o) => {
      networkRole(o).managedPolicyArns!.push('arn:aws:iam::aws:policy/AdministratorAccess');
    },
    id: roleId('managedPolicy/arn:aws:iam::aws:policy/AdministratorAccess'),
    action: 'detach',
    old: 'arn:aws:iam::aws:policy/AdministratorAccess',
    new: null,
  },
  {
    name: 'a boundary other than the one the config sets',
    drift: (o) => {
      networkRole(o).permissionsBoundary = BOUNDARY;
    },
    id: roleId('permissionsBoundary'),
    action: 'update',
    old: BOUNDARY,
    new: 'arn:aws:iam::111122223333:policy/tf-state-boundary',
  },
  {
    name: 'max session raised to 12 h',
    drift: (o) => {
      networkRole(o).maxSessionDuration = 43200;
    },
    id: roleId('maxSessionDuration'),
    action: 'update',
    old: 43200,
    new: 3600,
  },
  {
    name: 'role tag removed',
    drift: (o) => {
      delete networkRole(o).tags!.Project;
    },
    id: roleId('tags'),
    action: 'update',
    old: Object.fromEntries(Object.entries(network.role.tags).filter(([k]) => k !== 'Project')),
    new: network.role.tags,
  },
  {
    name: 'OIDC client id removed',
    drift: (o) => {
      o.shared.oidcProvider.clientIds = ['other-audience'];
    },
    id: 'oidc-provider/token.actions.githubusercontent.com/clientIds',
    action: 'update',
    old: ['other-audience'],
    new: ['other-audience', 'sts.amazonaws.com'],
  },
  {
    name: 'OIDC provider tags missing',
    drift: (o) => {
      o.shared.oidcProvider.tags = {};
    },
    id: 'oidc-provider/token.actions.githubusercontent.com/tags',
    action: 'update',
    old: {},
    new: shared.oidcProvider.tags,
  },
  {
    name: 'unlisted user in tf-operators',
    drift: (o) => {
      o.shared.operators.group.members!.push('mallory');
    },
    id: 'group/tf-operators/member/mallory',
    action: 'remove-member',
    old: 'mallory',
    new: null,
  },
  {
    name: 'listed user missing from tf-operators',
    drift: (o) => {
      o.shared.operators.group.members = ['alice'];
    },
    id: 'group/tf-operators/member/bob',
    action: 'add-member',
    old: null,
    new: 'bob',
  },
  {
    name: 'tf-assume-roles widened by hand',
    drift: (o) => {
      o.shared.operators.policy.document!.Statement[0]!.Resource = '*';
    },
    id: 'group-policy/tf-assume-roles/document',
    action: 'update',
    old: { ...shared.operators.policy, Statement: [{ ...shared.operators.policy.Statement[0]!, Resource: '*' }] },
    new: shared.operators.policy,
  },
  {
    name: 'an inline policy on tf-operators',
    drift: (o) => {
      o.shared.operators.group.inlinePolicies = [{ name: 'debugging', document: S3_EVERYTHING }];
    },
    id: 'group/tf-operators/inlinePolicy/debugging',
    action: 'delete',
    old: S3_EVERYTHING,
    new: null,
  },
  {
    name: 'another managed policy attached to tf-operators',
    drift: (o) => {
      o.shared.operators.group.attachedPolicyArns = [
        ...o.shared.operators.group.attachedPolicyArns!,
        'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess',
      ];
    },
    id: 'group/tf-operators/managedPolicy/arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess',
    action: 'detach',
    old: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess',
    new: null,
  },
  {
    name: 'tf-assume-roles detached from the group',
    drift: (o) => {
      o.shared.operators.policy.attachedToGroup = false;
      o.shared.operators.group.attachedPolicyArns = [];
    },
    id: 'group-policy/tf-assume-roles/attachment/tf-operators',
    action: 'attach',
    old: null,
    new: { groupName: 'tf-operators', policyArn: shared.operators.policyArn },
  },
  {
    name: 'tf-assume-roles tags edited',
    drift: (o) => {
      o.shared.operators.policy.tags!.ManagedBy = 'terraform';
    },
    id: 'group-policy/tf-assume-roles/tags',
    action: 'update',
    old: { ...shared.operators.tags, ManagedBy: 'terraform' },
    new: shared.operators.tags,
  },
  {
    name: 'lock table tags edited',
    drift: (o) => {
      o.shared.lockTable.tags!.CostCenter = 'other';
    },
    id: 'lock-table/terraform-locks/tags',
    action: 'update',
    old: { ...shared.lockTable!.tags, CostCenter: 'other' },
    new: shared.lockTable!.tags,
  },
];

for (const c of cases) {
  test(`drift "${c.name}" plans exactly ${c.id}`, () => {
    const plan = diff(desired, drifted(desired, c.drift));
    assert.deepEqual(
      plan.changes.map((ch) => ch.id),
      [c.id],
    );
    const [change] = plan.changes;
    assert.equal(change!.action, c.action);
    assert.deepEqual(change!.old, c.old);
    assert.deepEqual(change!.new, c.new);
    assert.deepEqual(change!.dependsOn, [], 'an existing resource needs no creation first');
  });
}

test('a converged account plans nothing', () => {
  assert.deepEqual(
    diff(
      desired,
      drifted(desired, () => {}),
    ).changes,
    [],
  );
});

test('a deleted role is created again with everything CreateRole takes, then its policies', () => {
  const plan = diff(
    desired,
    drifted(desired, (o) => {
      project(o, 'network').role = { name: 'tf-network', status: 'absent' };
    }),
  );
  assert.deepEqual(
    plan.changes.map((c) => c.id),
    [
      'role/tf-network/resource',
      'role/tf-network/inlinePolicy/stateward-state-access',
      'role/tf-network/managedPolicy/arn:aws:iam::aws:policy/PowerUserAccess',
    ],
  );
  assert.deepEqual(plan.changes[0]!.new, {
    name: 'tf-network',
    trust: network.role.trust,
    maxSessionDuration: 3600,
    permissionsBoundary: 'arn:aws:iam::111122223333:policy/tf-state-boundary',
    tags: network.role.tags,
  });
});
