// The lock-table fence judged by what its statements do: stateward's own and a hand-written one count; an
// extra exemption, a missing policy, a Sid whose condition no longer covers the bucket, missing actions or
// a further condition do not.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PROBE_KEY } from '../../src/audit/fence.ts';
import {
  allowedParties,
  analyzeLockFence,
  LOCK_ITEM_ACTIONS,
  type LockFenceParties,
  lockFenceHolds,
} from '../../src/audit/lock-fence.ts';
import type { PolicyDocument, Statement } from '../../src/iam/document.ts';
import { lockTableArn } from '../../src/names/naming.ts';
import { buildLockTablePolicy } from '../../src/policy/lock-table-policy.ts';
import { ACCOUNT, exampleConfig, roleArnOf } from './fixtures.ts';

const TABLE = lockTableArn('eu-west-1', ACCOUNT);
const UNIFI = `tfstate-unifi-${ACCOUNT}`;
const ADMIN = `arn:aws:iam::${ACCOUNT}:role/platform-admin`;
const ITEMS = [`${UNIFI}/${PROBE_KEY}`, `${UNIFI}/${PROBE_KEY}-md5`];
const UNIFI_PARTIES: LockFenceParties = {
  writers: [roleArnOf('unifi'), ADMIN],
  readers: [],
  planners: [`${roleArnOf('unifi')}.plan`],
  adminsKnown: true,
};
const OTHER_ROLES = ['proxmox', 'network', 'dns'].map(roleArnOf);
const ALL = [...LOCK_ITEM_ACTIONS];

const statewardPolicy = (): PolicyDocument => buildLockTablePolicy(exampleConfig())!;
const unifiStatement = (policy: PolicyDocument): Statement =>
  policy.Statement.find((s) => s.Sid === 'StatewardFenceLocksUnifi')!;
const analyze = (policy: PolicyDocument | null, parties = UNIFI_PARTIES, items = ITEMS) =>
  analyzeLockFence(policy, TABLE, items, allowedParties(parties, OTHER_ROLES));

interface Case {
  name: string;
  policy(): PolicyDocument | null;
  parties?: LockFenceParties;
  unfenced: string[];
  /** "principal: action, action" per extra exemption. */
  extra: string[];
}

const handWritten: Statement = {
  Sid: 'OnlyUnifiTouchesItsLocks',
  Effect: 'Deny',
  Principal: { AWS: '*' },
  Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:Batch*'],
  Resource: `arn:aws:dynamodb:*:${ACCOUNT}:table/terraform-locks`,
  Condition: {
    'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': `${UNIFI}/*` },
    ArnNotEquals: { 'aws:PrincipalArn': [roleArnOf('unifi'), ADMIN] },
  },
};

const cases: Case[] = [
  { name: "stateward's own fence", policy: statewardPolicy, unfenced: [], extra: [] },
  {
    name: 'a hand-written fence (no stateward Sid, other operators) counts',
    policy: () => ({ Version: '2012-10-17', Statement: [handWritten] }),
    unfenced: [],
    extra: [],
  },
  {
    name: 'a hand-written fence with StringLike on the whole bucket and dynamodb:* counts',
    policy: () => ({
      Version: '2012-10-17',
      Statement: [
        {
          ...handWritten,
          Action: 'dynamodb:*',
          Condition: {
            'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': `${UNIFI}/*` },
            ArnNotLike: { 'aws:PrincipalArn': [roleArnOf('unifi'), ADMIN] },
          },
        },
      ],
    }),
    unfenced: [],
    extra: [],
  },
  { name: 'no policy at all', policy: () => null, unfenced: ALL, extra: [] },
  {
    name: 'the fence exempts tf-network too',
    policy: () => {
      const policy = statewardPolicy();
      unifiStatement(policy).Condition!.ArnNotLike!['aws:PrincipalArn'] = [
        roleArnOf('unifi'),
        roleArnOf('network'),
        ADMIN,
      ];
      return policy;
    },
    unfenced: [],
    extra: [`${roleArnOf('network')}: ${ALL.join(', ')}`],
  },
  {
    name: 'the fence exempts every tf-* role by a wildcard',
    policy: () => {
      const policy = statewardPolicy();
      unifiStatement(policy).Condition!.ArnNotLike!['aws:PrincipalArn'] = [`arn:aws:iam::${ACCOUNT}:role/tf-*`, ADMIN];
      return policy;
    },
    unfenced: [],
    extra: [`arn:aws:iam::${ACCOUNT}:role/tf-*: ${ALL.join(', ')}`],
  },
  {
    name: 'the Sid is there, but its condition now names another bucket',
    policy: () => {
      const policy = statewardPolicy();
      unifiStatement(policy).Condition!['ForAnyValue:StringLike']!['dynamodb:LeadingKeys'] = `tfstate-dns-${ACCOUNT}/*`;
      return policy;
    },
    unfenced: ALL,
    extra: [],
  },
  {
    name: 'the Sid is there, but its condition covers only the default state key, not every key of the bucket',
    policy: () => {
      const policy = statewardPolicy();
      unifiStatement(policy).Condition!['ForAnyValue:StringLike']!['dynamodb:LeadingKeys'] = [
        `${UNIFI}/unifi/terraform.tfstate`,
        `${UNIFI}/unifi/terraform.tfstate-md5`,
      ];
      return policy;
    },
    unfenced: ALL,
    extra: [],
  },
  {
    name: 'a fence of PutItem and DeleteItem only leaves the other item actions open',
    policy: () => ({
      Version: '2012-10-17',
      Statement: [{ ...handWritten, Action: ['dynamodb:PutItem', 'dynamodb:DeleteItem'] }],
    }),
    unfenced: ALL.filter((a) => a !== 'dynamodb:PutItem' && a !== 'dynamodb:DeleteItem'),
    extra: [],
  },
  {
    name: 'a further condition (plain HTTP only) makes the Deny no fence',
    policy: () => {
      const policy = statewardPolicy();
      unifiStatement(policy).Condition!.Bool = { 'aws:SecureTransport': 'false' };
      return policy;
    },
    unfenced: ALL,
    extra: [],
  },
  {
    name: "items named through the caller's tag (a policy variable) are no fence: they differ per caller",
    policy: () => ({
      Version: '2012-10-17',
      Statement: [
        {
          ...handWritten,
          Condition: {
            'ForAnyValue:StringNotLike': { 'dynamodb:LeadingKeys': '${aws:PrincipalTag/project}/*' },
            ArnNotEquals: { 'aws:PrincipalArn': [roleArnOf('unifi'), ADMIN] },
          },
        },
      ],
    }),
    unfenced: ALL,
    extra: [],
  },
  {
    name: 'a Deny to one principal only is no fence',
    policy: () => ({
      Version: '2012-10-17',
      Statement: [{ ...handWritten, Principal: { AWS: roleArnOf('network') } }],
    }),
    unfenced: ALL,
    extra: [],
  },
  {
    name: 'a Deny on another table is no fence',
    policy: () => ({
      Version: '2012-10-17',
      Statement: [{ ...handWritten, Resource: `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/other-locks` }],
    }),
    unfenced: ALL,
    extra: [],
  },
];

for (const c of cases) {
  test(`lock fence: ${c.name}`, () => {
    const analysis = analyze(c.policy(), c.parties);
    assert.deepEqual(analysis.unfenced, c.unfenced);
    assert.deepEqual(
      analysis.extra.map((e) => `${e.principal}: ${e.actions.join(', ')}`),
      c.extra,
    );
    assert.equal(lockFenceHolds(analysis), c.unfenced.length === 0 && c.extra.length === 0);
  });
}

test('a reader exempted by the fence may only GetItem: the readers statement denies it the rest; without it, the rest is extra', () => {
  const config = exampleConfig();
  config.projects.find((p) => p.name === 'network')!.reads.push('unifi');
  const policy = buildLockTablePolicy(config)!;
  // network's plan role reads unifi's state too, as network's plans do.
  const parties = { ...UNIFI_PARTIES, readers: [roleArnOf('network'), `${roleArnOf('network')}.plan`] };
  assert.ok(policy.Statement.some((s) => s.Sid === 'StatewardFenceLockReadersUnifi'));
  assert.equal(lockFenceHolds(analyze(policy, parties)), true);
  policy.Statement = policy.Statement.filter((s) => s.Sid !== 'StatewardFenceLockReadersUnifi');
  assert.deepEqual(
    analyze(policy, parties).extra.map((e) => `${e.principal}: ${e.actions.join(', ')}`),
    [
      `${roleArnOf('network')}: ${ALL.filter((a) => a !== 'dynamodb:GetItem').join(', ')}`,
      // The plan roles' own statement still denies it everything but taking and releasing locks.
      `${roleArnOf('network')}.plan: dynamodb:PutItem, dynamodb:DeleteItem`,
    ],
  );
});

test('one proper fence is enough, whatever a second Deny on the same items exempts', () => {
  const policy = statewardPolicy();
  policy.Statement.push({
    ...handWritten,
    Sid: 'Loose',
    Condition: {
      ...handWritten.Condition,
      ArnNotEquals: { 'aws:PrincipalArn': [roleArnOf('unifi'), roleArnOf('network')] },
    },
  });
  const analysis = analyze(policy);
  assert.equal(lockFenceHolds(analysis), true);
  assert.deepEqual(analysis.statements, ['lock table policy statement StatewardFenceLocksUnifi']);
});

test('without known admins, an exempted principal that names no other tf-* role passes; one that names tf-network does not', () => {
  const policy = statewardPolicy();
  unifiStatement(policy).Condition!.ArnNotLike!['aws:PrincipalArn'] = [roleArnOf('unifi'), ADMIN, roleArnOf('network')];
  const unknown: LockFenceParties = { writers: [roleArnOf('unifi')], readers: [], adminsKnown: false };
  assert.deepEqual([...new Set(analyze(policy, unknown).extra.map((e) => e.principal))], [roleArnOf('network')]);
});

test("the bootstrap statement reserves every state bucket's _bootstrap/ items; the project statement alone does not", () => {
  const items = [`${UNIFI}/_bootstrap/terraform.tfstate`, `${UNIFI}/_bootstrap/terraform.tfstate-md5`];
  const noProjectRole = (principal: string) => ![roleArnOf('unifi'), ...OTHER_ROLES].some((role) => principal === role);
  const policy = statewardPolicy();
  assert.equal(lockFenceHolds(analyzeLockFence(policy, TABLE, items, noProjectRole)), true);
  policy.Statement = policy.Statement.filter((s) => s.Sid !== 'StatewardFenceLockBootstrap');
  const analysis = analyzeLockFence(policy, TABLE, items, noProjectRole);
  assert.deepEqual(analysis.unfenced, []);
  assert.deepEqual([...new Set(analysis.extra.map((e) => e.principal))], [roleArnOf('unifi')]);
});
