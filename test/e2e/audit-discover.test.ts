// Discovery against moto, below the CLI: lock files and DynamoDB lock items are listed with their holder,
// and a lock becomes SW-FLEET-003 once the audit's clock is a day past it (moto cannot backdate objects,
// so the test moves the clock instead). The lock table's policy is read only where the table exists.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as DDB from '@aws-sdk/client-dynamodb';
import * as S3 from '@aws-sdk/client-s3';
import { auditSnapshot } from '../../src/audit/run.ts';
import { createAwsClients, destroyAwsClients } from '../../src/aws/clients.ts';
import { discoverAccount } from '../../src/aws/discover/index.ts';
import type { StatsReport } from '../../src/cli/stats.ts';
import { statewardIn } from '../audit/support/account.ts';
import { type AwsClients, awsClients, createBucket, createLockTable } from '../support/aws.ts';
import { TEST_ACCESS_KEY_ID, TEST_SECRET_ACCESS_KEY } from '../support/aws-env.ts';
import { type Moto, startMoto, TEST_ACCOUNT_ID, TEST_REGION } from '../support/moto.ts';

const BUCKET = `tfstate-app-${TEST_ACCOUNT_ID}`;
const LOCK_ID = '9d2c1a4e-1111-4000-8000-00000000abcd';

const TABLE = `arn:aws:dynamodb:${TEST_REGION}:${TEST_ACCOUNT_ID}:table/terraform-locks`;

/** `stateward audit --json` without a config, and the DynamoDB calls it made (from --stats-json). */
async function auditDynamodbCalls(moto: Moto): Promise<Record<string, number>> {
  const file = join(mkdtempSync(join(tmpdir(), 'stateward-audit-stats-')), 'stats.json');
  const run = await statewardIn(moto, ['--stats-json', file, 'audit', '--json']);
  assert.notEqual(run.code, 1, run.stderr);
  const stats = JSON.parse(readFileSync(file, 'utf8')) as StatsReport;
  return Object.fromEntries(
    stats.operations.filter((o) => /dynamodb/i.test(o.service)).map((o) => [o.operation, o.calls]),
  );
}

function lockInfo(path: string, who: string): string {
  return JSON.stringify({
    ID: LOCK_ID,
    Operation: 'OperationTypeApply',
    Info: '',
    Who: who,
    Version: '1.11.4',
    Created: new Date().toISOString(),
    Path: path,
  });
}

describe('audit discovery of held locks', () => {
  let moto: Moto;
  let aws: AwsClients;

  before(async () => {
    moto = await startMoto();
    aws = awsClients(moto);
    await createBucket(aws.s3, BUCKET, { versioned: true });
    await aws.s3.send(new S3.PutObjectCommand({ Bucket: BUCKET, Key: 'app/terraform.tfstate', Body: '{}' }));
    await aws.s3.send(
      new S3.PutObjectCommand({
        Bucket: BUCKET,
        Key: 'app/terraform.tfstate.tflock',
        Body: lockInfo(`${BUCKET}/app/terraform.tfstate`, 'alice@laptop'),
      }),
    );
    await createLockTable(aws.dynamodb);
    await aws.dynamodb.send(
      new DDB.PutItemCommand({
        TableName: 'terraform-locks',
        Item: {
          LockID: { S: `${BUCKET}/env:/dev/app/terraform.tfstate` },
          Info: { S: lockInfo(`${BUCKET}/env:/dev/app/terraform.tfstate`, 'ci@runner') },
        },
      }),
    );
    await aws.dynamodb.send(
      new DDB.PutItemCommand({
        TableName: 'terraform-locks',
        Item: { LockID: { S: `${BUCKET}/app/terraform.tfstate-md5` }, Digest: { S: '0123' } },
      }),
    );
  });
  after(async () => moto?.stop());

  async function snapshotAt(now: number) {
    const clients = createAwsClients({
      account: TEST_ACCOUNT_ID,
      region: TEST_REGION,
      endpointUrl: moto.endpoint,
      credentials: { accessKeyId: TEST_ACCESS_KEY_ID, secretAccessKey: TEST_SECRET_ACCESS_KEY },
    });
    try {
      return await discoverAccount(clients, { account: TEST_ACCOUNT_ID, region: TEST_REGION, now });
    } finally {
      destroyAwsClients(clients);
    }
  }

  it('lists the lock file and the lock item with their holders, and not the digest item', async () => {
    const snapshot = await snapshotAt(Date.now());
    const locks = snapshot.locks.map((l) => `${l.kind} ${l.stateKey} ${l.holder?.who} ${l.holder?.id}`).sort();
    assert.deepEqual(locks, [
      `dynamodb env:/dev/app/terraform.tfstate ci@runner ${LOCK_ID}`,
      `lockfile app/terraform.tfstate alice@laptop ${LOCK_ID}`,
    ]);
    assert.deepEqual(snapshot.errors, []);
    assert.equal(auditSnapshot(snapshot).findings.filter((f) => f.rule === 'SW-FLEET-003').length, 0);
  });

  it('reads the table: no policy, the bucket its items name; without a config, app counts as DynamoDB-locked by those items and is reported unfenced', async () => {
    const snapshot = await snapshotAt(Date.now());
    assert.deepEqual(snapshot.lockTable, { arn: TABLE, status: 'present', policy: null, itemBuckets: [BUCKET] });
    const fence = auditSnapshot(snapshot).findings.filter(
      (f) => f.rule.startsWith('SW-FENCE-00') && f.resource === TABLE,
    );
    assert.deepEqual(
      fence.map((f) => `${f.rule} ${f.project}`),
      ['SW-FENCE-004 app', 'SW-FENCE-005 null'],
    );
  });

  it('where the table exists, audit reads its policy once, next to the one Scan', async () => {
    assert.deepEqual(await auditDynamodbCalls(moto), { Scan: 1, GetResourcePolicy: 1 });
  });

  it('a day and an hour later both are stale, with the unlock command in the fix', async () => {
    const report = auditSnapshot(await snapshotAt(Date.now() + 25 * 3_600_000));
    const stale = report.findings.filter((f) => f.rule === 'SW-FLEET-003');
    assert.deepEqual(stale.map((f) => f.resource).sort(), [
      `arn:aws:s3:::${BUCKET}/app/terraform.tfstate.tflock`,
      `terraform-locks item ${BUCKET}/env:/dev/app/terraform.tfstate`,
    ]);
    assert.ok(stale.every((f) => f.project === 'app'));
    const fixes = stale.map((f) => /`(stateward unlock[^`]*)`/.exec(f.fix)?.[1]).sort();
    assert.deepEqual(fixes, [
      `stateward unlock --project app --id ${LOCK_ID}`,
      `stateward unlock --project app --workspace dev --id ${LOCK_ID}`,
    ]);
  });
});

describe('audit of an account that never locked with DynamoDB', () => {
  let moto: Moto;

  before(async () => {
    moto = await startMoto();
    await createBucket(awsClients(moto).s3, BUCKET, { versioned: true });
  });
  after(async () => moto?.stop());

  it('the Scan finds no table, so no policy is read: the table is absent, not an error', async () => {
    assert.deepEqual(await auditDynamodbCalls(moto), { Scan: 1 });
    const clients = createAwsClients({
      account: TEST_ACCOUNT_ID,
      region: TEST_REGION,
      endpointUrl: moto.endpoint,
      credentials: { accessKeyId: TEST_ACCESS_KEY_ID, secretAccessKey: TEST_SECRET_ACCESS_KEY },
    });
    try {
      const snapshot = await discoverAccount(clients, { account: TEST_ACCOUNT_ID, region: TEST_REGION });
      assert.deepEqual(snapshot.lockTable, { arn: TABLE, status: 'absent', policy: null, itemBuckets: [] });
      assert.deepEqual(snapshot.errors, []);
    } finally {
      destroyAwsClients(clients);
    }
  });
});
