// The migration planner, state by state: what is copied, what is already there, and every refusal.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import type { BackendTarget } from '../../src/backend/types.ts';
import {
  type MigrationUnit,
  planUnit,
  refuseSharedDestinations,
  type UnitObservation,
} from '../../src/migrate/plan.ts';
import type { LockInfo } from '../../src/state/lock-info.ts';

const state = (serial: number, lineage = 'lin-a', extra = '') =>
  `{\n  "version": 4,\n  "terraform_version": "1.11.4",\n  "serial": ${serial},\n  "lineage": "${lineage}",\n  "outputs": {},\n  "resources": [${extra}]\n}\n`;
const md5 = (text: string) => createHash('md5').update(text).digest('hex');

const destination = (locking: BackendTarget['locking'], key = 'app/terraform.tfstate'): BackendTarget => ({
  bucket: 'tfstate-app-111122223333',
  key,
  region: 'eu-west-1',
  account: '111122223333',
  locking,
});
const unit = (locking: BackendTarget['locking'] = 'lockfile', key?: string): MigrationUnit => ({
  request: { from: { kind: 's3', bucket: 'shared', key: 'app.tfstate' }, to: 'app', workspaces: false },
  workspace: 'default',
  sourceLabel: 's3://shared/app.tfstate',
  source: { bucket: 'shared', key: 'app.tfstate', region: '', account: '', locking: 'both', lockTable: 'locks' },
  destination: destination(locking, key),
});
const holder: LockInfo = {
  ID: 'abc',
  Operation: 'OperationTypeApply',
  Info: '',
  Who: 'ci@runner',
  Version: '1.11.4',
  Created: '2026-01-01T00:00:00Z',
  Path: 'x',
};

const SOURCE = state(
  5,
  'lin-a',
  '{"mode":"managed","type":"terraform_data","name":"a","provider":"p","instances":[{"attributes":{}}]}',
);

const cases: Array<{
  name: string;
  seen: Partial<UnitObservation>;
  locking?: BackendTarget['locking'];
  expect: string;
}> = [
  { name: 'nothing at the destination: copy', seen: {}, expect: 'copy' },
  { name: 'the same bytes there: done', seen: { destinationBody: SOURCE }, expect: 'done' },
  {
    name: 'the same bytes, DynamoDB destination without digest: digest only',
    seen: { destinationBody: SOURCE, destinationDigest: null },
    locking: 'dynamodb',
    expect: 'digest',
  },
  {
    name: 'the same bytes and digest: done',
    seen: { destinationBody: SOURCE, destinationDigest: md5(SOURCE) },
    locking: 'both',
    expect: 'done',
  },
  { name: 'an older serial of the lineage there: update', seen: { destinationBody: state(3) }, expect: 'update' },
  { name: 'another lineage there', seen: { destinationBody: state(9, 'lin-b') }, expect: 'MIGRATE_LINEAGE_MISMATCH' },
  { name: 'terraform wrote there since', seen: { destinationBody: state(6) }, expect: 'MIGRATE_DESTINATION_AHEAD' },
  { name: 'the same serial, other bytes', seen: { destinationBody: state(5) }, expect: 'MIGRATE_DESTINATION_AHEAD' },
  { name: 'source locked', seen: { sourceLock: holder }, expect: 'MIGRATE_SOURCE_LOCKED' },
  { name: 'destination locked', seen: { destinationLock: holder }, expect: 'MIGRATE_DESTINATION_LOCKED' },
  { name: 'no destination bucket', seen: { destinationBucket: false }, expect: 'MIGRATE_NO_DESTINATION' },
  { name: 'source digest mismatch', seen: { sourceDigest: 'f'.repeat(32) }, expect: 'MIGRATE_SOURCE_DIGEST_MISMATCH' },
  { name: 'source digest matches', seen: { sourceDigest: md5(SOURCE) }, expect: 'copy' },
  { name: 'source not a state', seen: { sourceBody: '{"version": 3}' }, expect: 'STATE_CORRUPT' },
];

for (const c of cases) {
  test(`planUnit: ${c.name}`, () => {
    const planned = planUnit(unit(c.locking), { sourceBody: SOURCE, destinationBucket: true, ...c.seen });
    assert.equal(planned.refusal?.code ?? planned.action, c.expect, planned.refusal?.message);
  });
}

test('planUnit states what the plan shows: serial, lineage, resources, size and digest', () => {
  const planned = planUnit(unit(), { sourceBody: SOURCE, destinationBucket: true });
  assert.deepEqual(planned.state, {
    serial: 5,
    lineage: 'lin-a',
    resources: 1,
    size: Buffer.byteLength(SOURCE),
    digest: md5(SOURCE),
  });
});

test('a refusal names the holder of a lock and the lineages that differ', () => {
  const locked = planUnit(unit(), { sourceBody: SOURCE, destinationBucket: true, sourceLock: holder });
  assert.match(locked.refusal?.message ?? '', /ci@runner.*lock ID abc/);
  const other = planUnit(unit(), { sourceBody: SOURCE, destinationBucket: true, destinationBody: state(1, 'lin-b') });
  assert.match(other.refusal?.message ?? '', /lineage lin-b.*lineage lin-a/);
});

test('two sources for one destination are both refused', () => {
  const seen = { sourceBody: SOURCE, destinationBucket: true };
  const planned = refuseSharedDestinations([
    planUnit(unit(), seen),
    planUnit(unit(), seen),
    planUnit(unit('lockfile', 'other'), seen),
  ]);
  assert.deepEqual(
    planned.map((p) => p.refusal?.code ?? p.action),
    ['MIGRATE_SHARED_DESTINATION', 'MIGRATE_SHARED_DESTINATION', 'copy'],
  );
});
