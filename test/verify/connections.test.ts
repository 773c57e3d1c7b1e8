// verify leaves out the pairs no statement connects. These tests hold that shortcut to the full
// evaluation: under any drift, it reports the same violations as --all-pairs, and every cell it
// leaves out is one --all-pairs finds denied, as expected.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { requestsFor } from '../../src/backend/index.ts';
import type { Statement } from '../../src/iam/document.ts';
import { findConnections } from '../../src/verify/connections.ts';
import { verifyWorld } from '../../src/verify/matrix.ts';
import type { OperationCell } from '../../src/verify/report.ts';
import { appliesTo, backendTarget, OPERATIONS, ownTargets } from '../../src/verify/targets.ts';
import type { VerifyWorld } from '../../src/verify/world.ts';
import { HEAD, worldFor } from './world-fixtures.ts';

const FLEET = `${HEAD}projects:
  - name: proxmox
    reads: [network]
  - name: network
  - name: unifi
    locking: dynamodb
  - name: dns
    locking: both
  - name: mail
    locking: dynamodb
    reads: [dns]
  - name: web
`;
const NAMES = ['proxmox', 'network', 'unifi', 'dns', 'mail', 'web'];
const bucket = (name: string) => `tfstate-${name}-111122223333`;

describe('findConnections', () => {
  it('connects a generated fleet only along its reads', () => {
    const connections = findConnections(worldFor(FLEET));
    assert.deepEqual([...connections.reachableFrom('proxmox')], ['network']);
    assert.deepEqual([...connections.reachableFrom('mail')], ['dns']);
    assert.deepEqual([...connections.reachingInto('dns')], ['mail']);
    assert.deepEqual([...connections.reachableFrom('web')], []);
  });

  const cases: Array<[string, Statement, string[]]> = [
    ['a bucket ARN', { Effect: 'Allow', Action: 's3:ListBucket', Resource: `arn:aws:s3:::${bucket('dns')}` }, ['dns']],
    [
      'an object wildcard in one bucket',
      { Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket('dns')}/*` },
      ['dns'],
    ],
    ['a bucket-name prefix', { Effect: 'Allow', Action: 's3:Get*', Resource: 'arn:aws:s3:::tfstate-m*' }, ['mail']],
    [
      'a ? in the bucket name',
      { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::tfstate-?eb-111122223333/*' },
      NAMES.filter((n) => n !== 'web'),
    ],
    [
      'every S3 resource',
      { Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::*' },
      NAMES.filter((n) => n !== 'web'),
    ],
    [
      'a wildcard partition',
      { Effect: 'Allow', Action: 's3:*', Resource: 'arn:*:s3:::x' },
      NAMES.filter((n) => n !== 'web'),
    ],
    [
      'a policy variable',
      { Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::${aws:username}/*' },
      NAMES.filter((n) => n !== 'web'),
    ],
    [
      'NotResource',
      { Effect: 'Allow', Action: 's3:GetObject', NotResource: `arn:aws:s3:::${bucket('dns')}/*` },
      NAMES.filter((n) => n !== 'web'),
    ],
    [
      'NotAction',
      { Effect: 'Allow', NotAction: 'iam:*', Resource: 'arn:aws:dynamodb:*:*:table/x' },
      NAMES.filter((n) => n !== 'web'),
    ],
    ['a service other than S3 and DynamoDB', { Effect: 'Allow', Action: ['kms:*', 'ec2:*'], Resource: '*' }, []],
    ['a Deny', { Effect: 'Deny', Action: 's3:*', Resource: '*' }, []],
    [
      'a DynamoDB grant bounded by leading keys',
      {
        Effect: 'Allow',
        Action: 'dynamodb:PutItem',
        Resource: '*',
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': `${bucket('unifi')}/*` } },
      },
      ['unifi'],
    ],
    [
      'a DynamoDB grant bounded by a leading-key prefix',
      {
        Effect: 'Allow',
        Action: 'dynamodb:*',
        Resource: '*',
        Condition: { StringLike: { 'dynamodb:LeadingKeys': 'tfstate-d*' } },
      },
      ['dns'],
    ],
    [
      'a DynamoDB grant with ForAnyValue, which does not bound it',
      {
        Effect: 'Allow',
        Action: 'dynamodb:*',
        Resource: '*',
        Condition: { 'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': `${bucket('unifi')}/*` } },
      },
      NAMES.filter((n) => n !== 'web'),
    ],
    [
      'a DynamoDB grant without conditions',
      { Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: '*' },
      NAMES.filter((n) => n !== 'web'),
    ],
  ];
  for (const [what, statement, expected] of cases) {
    it(`reads an identity statement on ${what}`, () => {
      const world = worldFor(FLEET);
      world.roles.find((r) => r.project === 'web')!.inlinePolicies[0]!.document.Statement.push(statement);
      assert.deepEqual([...findConnections(world).reachableFrom('web')].sort(), [...expected].sort());
    });
  }

  const principals: Array<[string, Statement['Principal'], boolean]> = [
    ['the role', { AWS: 'arn:aws:iam::111122223333:role/tf-web' }, true],
    ['a session of the role', { AWS: 'arn:aws:sts::111122223333:assumed-role/tf-web/ci' }, true],
    ['another role', { AWS: 'arn:aws:iam::111122223333:role/tf-mail' }, false],
    ['a user', { AWS: 'arn:aws:iam::111122223333:user/alice' }, false],
    ['the account', { AWS: '111122223333' }, true],
    ['everyone', '*', true],
    ['a service', { Service: 'logging.s3.amazonaws.com' }, false],
  ];
  for (const [what, principal, connects] of principals) {
    it(`reads a bucket policy Allow naming ${what}`, () => {
      const world = worldFor(FLEET);
      world.buckets
        .find((b) => b.project === 'dns')!
        .policy!.Statement.push({
          Effect: 'Allow',
          Principal: principal,
          Action: 's3:GetObject',
          Resource: `arn:aws:s3:::${bucket('dns')}/*`,
        });
      assert.equal(findConnections(world).reachableFrom('web').has('dns'), connects);
      assert.equal(findConnections(world).reachingInto('dns').has('web'), connects);
    });
  }

  it('every operation in every lock mode sends a required request that names the bucket, which the shortcut relies on', () => {
    const world = worldFor(FLEET);
    for (const project of world.config.projects) {
      for (const target of ownTargets(project)) {
        const where = backendTarget(world.config, target);
        for (const operation of OPERATIONS.filter((op) => appliesTo(op, target))) {
          const requests = requestsFor(operation === 'apply-new' ? 'apply' : operation, where, {
            stateExists: operation !== 'apply-new',
          });
          const namesBucket = requests.some(
            (r) =>
              r.need === 'required' &&
              (r.resource.startsWith(`arn:aws:s3:::${where.bucket}`) ||
                [r.context?.['dynamodb:LeadingKeys'] ?? []]
                  .flat()
                  .some((k) => String(k).startsWith(`${where.bucket}/`))),
          );
          assert.ok(namesBucket, `${operation} on ${target.id} (${project.locking})`);
        }
      }
    }
  });
});

// Drift as it happens behind our back: grants added to roles, bucket and lock-table policies
// opened, read grants removed.
const other = fc.constantFrom(...NAMES);
const resource = fc.oneof(
  other.map((n) => `arn:aws:s3:::${bucket(n)}/*`),
  other.map((n) => `arn:aws:s3:::${bucket(n)}`),
  fc.constantFrom(
    '*',
    'arn:aws:s3:::*',
    'arn:aws:s3:::tfstate-*',
    'arn:aws:s3:::tfstate-?nifi*',
    'arn:aws:s3:::tfstate-d*/*',
    'arn:aws:kms:*:*:key/*',
  ),
);
const action = fc.constantFrom(
  's3:*',
  's3:GetObject',
  's3:Get*',
  's3:PutObject',
  's3:ListBucket',
  '*',
  'dynamodb:*',
  'dynamodb:PutItem',
  'kms:Decrypt',
);
const leadingKeys = fc.option(
  fc.record({
    operator: fc.constantFrom('ForAllValues:StringLike', 'ForAnyValue:StringLike', 'StringLike', 'StringNotLike'),
    pattern: fc.oneof(
      other.map((n) => `${bucket(n)}/*`),
      fc.constantFrom('tfstate-*', 'tfstate-u*'),
    ),
  }),
  { nil: undefined },
);
const identityDrift = fc.record({
  kind: fc.constant('identity' as const),
  project: other,
  action,
  resource,
  leadingKeys,
  notResource: fc.boolean(),
});
const principal = fc.oneof(
  other.map((n): Statement['Principal'] => ({ AWS: `arn:aws:iam::111122223333:role/tf-${n}` })),
  fc.constantFrom<Statement['Principal']>('*', { AWS: '111122223333' }, { AWS: 'arn:aws:iam::111122223333:user/bob' }),
);
const bucketDrift = fc.record({ kind: fc.constant('bucket' as const), project: other, principal, action });
const lockTableDrift = fc.record({ kind: fc.constant('lock-table' as const), principal });
const lostRead = fc.record({ kind: fc.constant('lost-read' as const), project: fc.constantFrom('proxmox', 'mail') });
const drift = fc.oneof(identityDrift, identityDrift, bucketDrift, lockTableDrift, lostRead);

type Drift = typeof drift extends fc.Arbitrary<infer T> ? T : never;

function apply(world: VerifyWorld, d: Drift): void {
  if (d.kind === 'identity') {
    const statement: Statement = {
      Sid: 'Drift',
      Effect: 'Allow',
      Action: d.action,
      ...(d.notResource ? { NotResource: d.resource } : { Resource: d.resource }),
    };
    if (d.leadingKeys)
      statement.Condition = { [d.leadingKeys.operator]: { 'dynamodb:LeadingKeys': d.leadingKeys.pattern } };
    world.roles.find((r) => r.project === d.project)!.inlinePolicies[0]!.document.Statement.push(statement);
  } else if (d.kind === 'bucket') {
    const b = world.buckets.find((x) => x.project === d.project)!;
    b.policy!.Statement.push({
      Sid: 'Drift',
      Effect: 'Allow',
      Principal: d.principal,
      Action: d.action,
      Resource: [b.arn, `${b.arn}/*`],
    });
  } else if (d.kind === 'lock-table') {
    world.lockTable!.policy!.Statement.push({
      Sid: 'Drift',
      Effect: 'Allow',
      Principal: d.principal,
      Action: 'dynamodb:*',
      Resource: world.lockTable!.arn,
    });
  } else {
    const policy = world.roles.find((r) => r.project === d.project)!.inlinePolicies[0]!.document;
    const read = bucket(d.project === 'proxmox' ? 'network' : 'dns');
    policy.Statement = policy.Statement.filter((s) => !JSON.stringify(s).includes(read));
  }
}

const key = (c: OperationCell) => `${c.project}|${c.actor}|${c.target}|${c.operation}|${c.layer}`;

describe('verify without --all-pairs', () => {
  it('still reports a lost read grant, though nothing connects the reader any more', () => {
    const world = worldFor(FLEET);
    apply(world, { kind: 'lost-read', project: 'mail' });
    assert.equal(findConnections(world).reachableFrom('mail').has('dns'), false);
    const lost = verifyWorld(world).violations.filter(
      (v) => 'actor' in v && v.actor.endsWith('role/tf-mail') && v.targetOwner === 'dns',
    );
    assert.deepEqual(
      new Set(lost.map((v) => 'operation' in v && `${v.operation} ${v.layer}`)),
      new Set(['read effective', 'read stateward']),
    );
  });

  it('reports a role widened to other buckets in the cells of each bucket it reaches', () => {
    const world = worldFor(FLEET);
    apply(world, {
      kind: 'identity',
      project: 'web',
      action: 's3:*',
      resource: 'arn:aws:s3:::tfstate-d*/*',
      leadingKeys: undefined,
      notResource: false,
    });
    const owners = new Set(
      verifyWorld(world).violations.map((v) => 'actor' in v && v.actor.endsWith('role/tf-web') && v.targetOwner),
    );
    assert.deepEqual([...owners].filter(Boolean), ['dns']);
  });

  it('under any drift, reports exactly the violations --all-pairs reports, and leaves out only denied, expected-denied cells', () => {
    fc.assert(
      fc.property(fc.array(drift, { minLength: 1, maxLength: 3 }), (drifts) => {
        const world = worldFor(FLEET);
        for (const d of drifts) apply(world, d);
        const connected = verifyWorld(world);
        const all = verifyWorld(world, { allPairs: true });
        assert.deepEqual(
          connected.violations.map((v) => JSON.stringify(v)).sort(),
          all.violations.map((v) => JSON.stringify(v)).sort(),
        );
        const shown = new Set(connected.projects.flatMap((p) => p.operations).map(key));
        const left = all.projects.flatMap((p) => p.operations).filter((c) => !shown.has(key(c)));
        for (const c of left)
          assert.ok(!c.actual && !c.expected, `left out but ${c.actual ? 'allowed' : 'expected allowed'}: ${key(c)}`);
        for (const p of connected.projects) {
          const leftHere = left.filter(
            (c) => c.project === p.name && c.layer === 'effective' && c.operation === 'read',
          );
          const leftStates = new Set(leftHere.filter((c) => c.actorKind === 'own-role').map((c) => c.targetOwner)).size;
          const leftRoles = new Set(leftHere.filter((c) => c.actorKind === 'other-role').map((c) => c.actor)).size;
          const allHere = all.projects.find((q) => q.name === p.name)!.management;
          const shownHere = new Set(p.management.map((c) => `${c.action} ${c.target}`));
          const leftManagement = allHere.filter((c) => !shownHere.has(`${c.action} ${c.target}`));
          for (const c of leftManagement) assert.ok(!c.actual, `left out but allowed: ${c.action} on ${c.target}`);
          assert.deepEqual(
            p.unconnected,
            { otherStates: leftStates, otherRoles: leftRoles, managementActions: leftManagement.length },
            p.name,
          );
        }
      }),
      { numRuns: 80 },
    );
  });
});
