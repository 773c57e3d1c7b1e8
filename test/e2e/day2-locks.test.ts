// locks, unlock and a refused restore against locks real terraform leaves: an apply is SIGKILLed during a
// local-exec sleep, as a crashed CI runner would, in lockfile and dynamodb mode. Buckets are made with the SDK
// under stateward's names (see test/state/e2e-support.ts for why not with `stateward apply`).

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DeleteBucketPolicyCommand, PutBucketPolicyCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import {
  bucketOf,
  type Day2Project,
  type HistoryJson,
  json,
  type LocksJson,
  removeDir,
  setUpProjects,
  stateward,
  terraformOn,
} from '../state/e2e-support.ts';
import { type AwsClients, awsClients } from '../support/aws.ts';
import { type Moto, startMoto } from '../support/moto.ts';
import type { BackgroundRun, TerraformProject } from '../support/terraform.ts';

const PROJECTS: Day2Project[] = [
  { name: 'web', locking: 'lockfile' },
  { name: 'data', locking: 'dynamodb' },
];
// Only its bucket policy matters: a fence statement, which moto applies to every caller.
const FENCED: Day2Project = { name: 'fenced', locking: 'lockfile' };
// A bucket whose policy denies the state write and the lock release, to see restore fail half-way.
const BRITTLE: Day2Project = { name: 'brittle', locking: 'lockfile' };

describe('day-2 locks: a killed terraform apply, locks, unlock, and restore refused while locked', () => {
  let moto: Moto;
  let aws: AwsClients;
  let config: string;
  let dir: string;
  const terraform: TerraformProject[] = [];
  const running: BackgroundRun[] = [];
  const sw = (...args: string[]) => stateward(moto, config, args);

  before(async () => {
    moto = await startMoto();
    aws = awsClients(moto);
    ({ config, dir } = await setUpProjects(aws, [...PROJECTS, FENCED, BRITTLE]));
  });
  after(async () => {
    for (const run of running) await run.kill();
    for (const tf of terraform) await tf.cleanup();
    removeDir(dir);
    await moto.stop();
  });

  for (const project of PROJECTS) {
    it(`${project.locking} mode: the lock a killed apply leaves is listed, a wrong ID is refused, the right one clears it`, async () => {
      const tf = await terraformOn(moto, project);
      terraform.push(tf);
      await tf.apply({ message: 'one' });
      await tf.apply({ message: 'two' });

      const apply = tf.background(['apply', '-auto-approve', '-var=message=three', '-var=sleep_seconds=120']);
      running.push(apply);
      await apply.waitForOutput(/Provisioning with 'local-exec'/);

      // While terraform is alive and holds the lock, restore refuses and names the holder; nothing is written.
      const versionsBefore = json<HistoryJson>(sw('history', '-p', project.name, '--json')).versions.length;
      const refused = sw('restore', '-p', project.name, '--version', '-1', '--yes');
      assert.equal(refused.code, 1, refused.stdout);
      assert.match(refused.stderr, /STATE_LOCKED/);
      assert.match(refused.stderr, /locked by \S+@\S+ \(OperationTypeApply, version 1\.11\.\d+/);
      assert.equal(json<HistoryJson>(sw('history', '-p', project.name, '--json')).versions.length, versionsBefore);

      await apply.kill();
      const listed = json<LocksJson>(sw('locks', '--json'));
      assert.equal(listed.version, 1);
      assert.equal(listed.locks.length, 1, JSON.stringify(listed));
      const [lock] = listed.locks;
      assert.equal(lock?.project, project.name);
      assert.equal(lock?.workspace, 'default');
      assert.equal(lock?.key, `${project.name}/terraform.tfstate`);
      assert.deepEqual(lock?.stores, [project.locking === 'lockfile' ? 's3' : 'dynamodb']);
      assert.equal(lock?.operation, 'OperationTypeApply');
      assert.match(lock?.terraformVersion ?? '', /^1\.11\./);
      assert.ok((lock?.ageSeconds ?? -1) >= 0 && (lock?.ageSeconds ?? 99) < 600);
      // The restore that was refused left no lock of its own behind.
      assert.doesNotMatch(JSON.stringify(listed), /stateward restore/);

      const text = sw('locks', '--project', project.name);
      assert.equal(text.code, 0, text.stderr);
      assert.ok(text.stdout.includes(lock?.id ?? '?'));
      assert.match(text.stdout, /OperationTypeApply/);
      assert.equal(
        json<LocksJson>(sw('locks', '--stale', '1h', '--json')).locks.length,
        0,
        'a fresh lock is not stale',
      );

      const wrong = sw('unlock', '-p', project.name, '--id', '00000000-0000-0000-0000-000000000000');
      assert.equal(wrong.code, 1);
      assert.match(wrong.stderr, /STATE_LOCK_ID_MISMATCH/);
      assert.ok(wrong.stderr.includes(`lock ID ${lock?.id}`), wrong.stderr);
      assert.ok(wrong.stderr.includes(lock?.who ?? '?'));
      assert.equal(json<LocksJson>(sw('locks', '--json')).locks.length, 1, 'a wrong ID removes nothing');

      const unasked = sw('unlock', '-p', project.name, '--id', lock?.id ?? '');
      assert.equal(unasked.code, 1);
      assert.match(unasked.stderr, /\[UNLOCK_NEEDS_APPROVAL\].*stdin is not a terminal/);
      assert.ok(unasked.stderr.includes(`--id ${lock?.id} --auto-approve`), unasked.stderr);
      assert.equal(json<LocksJson>(sw('locks', '--json')).locks.length, 1, 'unapproved, nothing is removed');

      const right = sw('unlock', '-p', project.name, '--id', lock?.id ?? '', '--yes');
      assert.equal(right.code, 0, right.stderr);
      assert.ok(right.stdout.includes(`held by ${lock?.who}`), right.stdout);
      assert.deepEqual(json<LocksJson>(sw('locks', '--json')).locks, []);

      const plan = await tf.plan(['-lock-timeout=0s', '-var=message=two']);
      assert.equal(plan.code, 0);
    });
  }

  it('a corrupt .tflock is reported by its object name, the other locks are still listed, and the exit code is 1', async () => {
    const key = 'web/broken/terraform.tfstate.tflock';
    await aws.s3.send(new PutObjectCommand({ Bucket: bucketOf('web'), Key: key, Body: 'not json' }));
    const listed = sw('locks', '--json');
    assert.equal(listed.code, 1);
    const doc = JSON.parse(listed.stdout) as LocksJson;
    assert.deepEqual(doc.locks, []);
    assert.equal(doc.problems.length, 1);
    assert.ok(doc.problems[0]?.includes(`s3://${bucketOf('web')}/${key}`), doc.problems[0]);
    assert.ok(listed.stderr.includes(`The lock at s3://${bucketOf('web')}/${key} is corrupt`));
  });

  it('unlock with no lock held says so and exits 1', () => {
    const result = sw('unlock', '-p', 'data', '--id', 'x');
    assert.equal(result.code, 1);
    assert.ok(
      result.stderr.includes(
        `[STATE_NOT_LOCKED] No lock is held on s3://${bucketOf('data')}/data/terraform.tfstate (lock mode dynamodb)`,
      ),
      result.stderr,
    );
  });

  it('AccessDenied on state objects names the bucket fence, who may run the command, and the fix', async () => {
    const bucket = bucketOf(FENCED.name);
    await aws.s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: 'fenced/terraform.tfstate',
        Body: '{"version":4,"serial":1,"lineage":"l","resources":[]}',
      }),
    );
    const policy = {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'StatewardFenceStateObjects',
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:*',
          Resource: `arn:aws:s3:::${bucket}/*`,
          Condition: { ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::123456789012:role/tf-fenced' } },
        },
      ],
    };
    await aws.s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: JSON.stringify(policy) }));

    const history = sw('history', '-p', FENCED.name);
    assert.equal(history.code, 1);
    assert.match(
      history.stderr,
      /\[STATE_ACCESS_DENIED\] Access denied: s3:GetObject on arn:aws:s3:::tfstate-fenced-123456789012\/fenced\/terraform.tfstate/,
    );
    assert.match(history.stderr, /Sid prefix StatewardFence/);
    assert.match(history.stderr, /`stateward history` needs an IAM principal listed in `admins`/);
    assert.match(history.stderr, /fix: Run as an admin listed in `admins`.*tf-fenced passes the fence/);

    const unlock = sw('unlock', '-p', FENCED.name, '--id', 'x');
    assert.equal(unlock.code, 1);
    assert.match(unlock.stderr, /STATE_ACCESS_DENIED/);
    assert.match(unlock.stderr, /fix: Run as tf-fenced .* or as an admin listed in `admins`/);
  });

  it('restore gives its lock back when the write fails, and says so, with the ID, when it cannot', async () => {
    const bucket = bucketOf(BRITTLE.name);
    const key = 'brittle/terraform.tfstate';
    for (const serial of [1, 2]) {
      await aws.s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: JSON.stringify({
            version: 4,
            terraform_version: '1.11.4',
            serial,
            lineage: 'L',
            outputs: {},
            resources: [],
          }),
        }),
      );
    }
    const deny = (sid: string, action: string, resource: string) => ({
      Sid: sid,
      Effect: 'Deny',
      Principal: '*',
      Action: action,
      Resource: `arn:aws:s3:::${bucket}/${resource}`,
    });
    const policy = (...statements: object[]) =>
      aws.s3.send(
        new PutBucketPolicyCommand({
          Bucket: bucket,
          Policy: JSON.stringify({ Version: '2012-10-17', Statement: statements }),
        }),
      );

    await policy(deny('NoStateWrite', 's3:PutObject', key));
    const failed = sw('restore', '-p', BRITTLE.name, '--version', '-1', '--yes');
    assert.equal(failed.code, 1);
    assert.match(
      failed.stderr,
      /Access denied: s3:PutObject on arn:aws:s3:::tfstate-brittle-123456789012\/brittle\/terraform.tfstate/,
    );
    assert.doesNotMatch(failed.stderr, /could not release/);
    assert.deepEqual(
      json<LocksJson>(sw('locks', '--project', BRITTLE.name, '--json')).locks,
      [],
      'the lock was released after the failed write',
    );
    assert.equal(json<HistoryJson>(sw('history', '-p', BRITTLE.name, '--json')).versions.length, 2);

    await policy(deny('NoStateWrite', 's3:PutObject', key), deny('NoLockRelease', 's3:DeleteObject', `${key}.tflock`));
    const stuck = sw('restore', '-p', BRITTLE.name, '--version', '-1', '--yes');
    assert.equal(stuck.code, 1);
    const id = /could not release its lock ([0-9a-f-]{36})/.exec(stuck.stderr)?.[1];
    assert.ok(id, stuck.stderr);
    assert.ok(stuck.stderr.includes(`stateward unlock --id ${id}`));
    assert.match(stuck.stderr, /Access denied: s3:PutObject/, 'the write error is still the one reported');
    await aws.s3.send(new DeleteBucketPolicyCommand({ Bucket: bucket }));
    const left = json<LocksJson>(sw('locks', '--project', BRITTLE.name, '--json')).locks;
    assert.deepEqual(
      left.map((l) => [l.id, l.operation]),
      [[id, 'stateward restore']],
    );
    assert.equal(sw('unlock', '-p', BRITTLE.name, '--id', id ?? '', '--auto-approve').code, 0);
  });

  it('a lock in a named workspace is listed with its workspace and unlocked with --workspace', async () => {
    const key = 'env:/staging/web/terraform.tfstate.tflock';
    const id = '0702e68b-ef53-2612-e436-a5da91b92d48';
    const info = {
      ID: id,
      Operation: 'OperationTypePlan',
      Info: '',
      Who: 'ci@runner',
      Version: '1.11.4',
      Created: '2026-01-01T00:00:00.123456789Z',
      Path: `${bucketOf('web')}/env:/staging/web/terraform.tfstate`,
    };
    await aws.s3.send(new PutObjectCommand({ Bucket: bucketOf('web'), Key: key, Body: JSON.stringify(info) }));
    // stdout, whatever the exit code: the corrupt .tflock of the test above is still in this bucket.
    const listed = JSON.parse(sw('locks', '--project', 'web', '--stale', '1d', '--json').stdout) as LocksJson;
    const lock = listed.locks.find((l) => l.id === id);
    assert.deepEqual(
      [lock?.workspace, lock?.key, lock?.operation],
      ['staging', 'web/terraform.tfstate', 'OperationTypePlan'],
    );
    assert.equal(sw('unlock', '-p', 'web', '--id', id).code, 1, 'the default workspace holds no such lock');
    const cleared = sw('unlock', '-p', 'web', '-w', 'staging', '--id', id, '--yes');
    assert.equal(cleared.code, 0, cleared.stderr);
    assert.ok(
      !(JSON.parse(sw('locks', '--project', 'web', '--json').stdout) as LocksJson).locks.some((l) => l.id === id),
    );
  });
});
