// Lock-mode transitions planned and applied by stateward, on a project with state written by real terraform:
// dynamodb -> both -> lockfile -> dynamodb, the repo re-initialised with the matching backend after each step.
// Leaving DynamoDB removes the -md5 digest (the plan records its lineage); entering it writes the digest of the
// current state, so terraform's "checksum ... does not match" failure, shown first with the stale digest put
// back by hand, is gone. Apply refuses while a lock is held.
//
// moto applies the bucket policy's conditioned Deny statements to every caller (docs/moto-notes.md), so the
// test removes the bucket policy after each apply before terraform runs.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import * as IAM from '@aws-sdk/client-iam';
import * as S3 from '@aws-sdk/client-s3';
import { bucketOf, stateward, writeConfig } from '../aws/e2e-cli.ts';
import { type AwsClients, awsClients } from '../support/aws.ts';
import { type Moto, startMoto } from '../support/moto.ts';
import { type TerraformProject, terraformProject } from '../support/terraform.ts';
import { backendConfigArgs, type Locking } from '../support/terraform-config.ts';

const KEY = 'web/terraform.tfstate';
const DIGEST_ID = `${bucketOf('web')}/${KEY}-md5`;

interface PlanJson {
  changes: Array<{ id: string; old: unknown; new: unknown; summary: string }>;
}

describe('lock-mode transitions: dynamodb -> both -> lockfile -> dynamodb with state', () => {
  let moto: Moto;
  let aws: AwsClients;
  let config: string;
  let tf: TerraformProject;
  const sw = (...args: string[]) => stateward(moto, ['-c', config, ...args]);

  const applyMode = async (locking: 'lockfile' | 'dynamodb' | 'both') => {
    config = writeConfig([{ name: 'web', locking }]);
    const applied = await sw('apply', '--auto-approve');
    assert.equal(applied.code, 0, `${applied.stdout}\n${applied.stderr}`);
    await aws.s3.send(new S3.DeleteBucketPolicyCommand({ Bucket: bucketOf('web') }));
    return applied;
  };
  const reinit = async (locking: Locking) => {
    const init = await tf.run([
      'init',
      '-reconfigure',
      ...backendConfigArgs(moto, { bucket: bucketOf('web'), key: KEY, locking }),
    ]);
    assert.equal(init.code, 0, init.stderr);
  };
  const planClean = async (message: string) => {
    const plan = await tf.run(['plan', '-detailed-exitcode', `-var=message=${message}`]);
    assert.equal(plan.code, 0, `${plan.stdout}\n${plan.stderr}`);
  };
  const digest = async () =>
    (await aws.dynamodb.send(new GetItemCommand({ TableName: 'terraform-locks', Key: { LockID: { S: DIGEST_ID } } })))
      .Item?.Digest?.S;
  const stateMd5 = async () => {
    const object = await aws.s3.send(new S3.GetObjectCommand({ Bucket: bucketOf('web'), Key: KEY }));
    return createHash('md5')
      .update(Buffer.from((await object.Body?.transformToByteArray()) ?? []))
      .digest('hex');
  };
  const planJson = async () => JSON.parse((await sw('plan', '--json')).stdout) as PlanJson;

  before(async () => {
    moto = await startMoto();
    aws = awsClients(moto);
    for (const UserName of ['alice', 'bob']) await aws.iam.send(new IAM.CreateUserCommand({ UserName }));
    await applyMode('dynamodb');
    tf = terraformProject({ moto, bucket: bucketOf('web'), key: KEY, locking: 'dynamodb' });
    await tf.init();
    await tf.apply({ message: 'one' });
  });
  after(async () => {
    await tf?.cleanup();
    await moto?.stop();
  });

  it('dynamodb -> both: the digest stays valid, nothing to write; terraform plans with both locks', async () => {
    assert.equal(await digest(), await stateMd5());
    await applyMode('both');
    await reinit('both');
    await planClean('one');
    await tf.apply({ message: 'two' });
  });

  it('both -> lockfile: refused while a lock is held; then the digest is removed with its lineage in the plan', async () => {
    config = writeConfig([{ name: 'web', locking: 'lockfile' }]);
    const change = (await planJson()).changes.find((c) => c.id === `bucket/${bucketOf('web')}/lockDigests`);
    assert.ok(change, 'the plan removes the digest');
    const lineage = JSON.parse(
      (await (
        await aws.s3.send(new S3.GetObjectCommand({ Bucket: bucketOf('web'), Key: KEY }))
      ).Body?.transformToString()) ?? '{}',
    ).lineage;
    assert.deepEqual(change.old, [{ lockId: DIGEST_ID, digest: await stateMd5(), lineage, serial: 2 }]);
    assert.deepEqual(change.new, []);
    assert.match(change.summary, /drops dynamodb_table/);

    await aws.s3.send(
      new S3.PutObjectCommand({
        Bucket: bucketOf('web'),
        Key: `${KEY}.tflock`,
        Body: JSON.stringify({
          ID: 'held-by-ci',
          Operation: 'OperationTypeApply',
          Info: '',
          Who: 'ci@runner',
          Version: '1.11.4',
          Created: new Date().toISOString(),
          Path: `${bucketOf('web')}/${KEY}`,
        }),
      }),
    );
    const refused = await sw('apply', '--auto-approve');
    assert.equal(refused.code, 1, refused.stdout);
    assert.match(refused.stderr, /STATE_LOCKED.*ci@runner/s, refused.stdout);
    assert.ok(await digest(), 'the digest is still there');
    await aws.s3.send(new S3.DeleteObjectCommand({ Bucket: bucketOf('web'), Key: `${KEY}.tflock` }));

    await applyMode('lockfile');
    assert.equal(await digest(), undefined);
    await reinit('lockfile');
    await planClean('two');
    await tf.apply({ message: 'three' });
  });

  it('lockfile -> dynamodb: a stale digest fails terraform; stateward writes the current one and terraform plans', async () => {
    // What stateward left before: the digest of an older state of this lineage, as terraform wrote it in dynamodb mode.
    await aws.dynamodb.send(
      new PutItemCommand({
        TableName: 'terraform-locks',
        Item: { LockID: { S: DIGEST_ID }, Digest: { S: '0123456789abcdef0123456789abcdef' } },
      }),
    );
    const failing = await tf.run([
      'init',
      '-reconfigure',
      ...backendConfigArgs(moto, { bucket: bucketOf('web'), key: KEY, locking: 'dynamodb' }),
    ]);
    assert.notEqual(failing.code, 0);
    assert.match(failing.stderr, /checksum calculated for the state stored in S3 does not match/);

    config = writeConfig([{ name: 'web', locking: 'dynamodb' }]);
    const change = (await planJson()).changes.find((c) => c.id === `bucket/${bucketOf('web')}/lockDigests`);
    assert.deepEqual(
      ((change?.new ?? []) as Array<{ digest: string }>).map((e) => e.digest),
      [await stateMd5()],
    );
    await applyMode('dynamodb');
    assert.equal(await digest(), await stateMd5());
    await reinit('dynamodb');
    await planClean('three');
    assert.equal(await tf.output('message'), 'three');
    const after = await planJson();
    assert.deepEqual(
      after.changes.map((c) => c.id),
      [`bucket/${bucketOf('web')}/policy`],
    );
  });
});
