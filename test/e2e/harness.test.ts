// Proves the end-to-end harness: moto starts and stops cleanly, terraform's s3 backend runs against it in
// every lock mode, and the helpers for lock, recorder and "tool missing" behave as the other e2e tests assume.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { GetItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { CreateRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { GetObjectCommand, HeadObjectCommand, ListBucketsCommand } from '@aws-sdk/client-s3';
import { StatewardError } from '../../src/errors.ts';
import {
  type AwsClients,
  assumeRole,
  awsClients,
  awsError,
  createBucket,
  createLockTable,
  createUserWithPolicy,
} from '../support/aws.ts';
import { type Moto, startMoto, TEST_ACCOUNT_ID } from '../support/moto.ts';
import { waitUntil } from '../support/process.ts';
import { type TerraformProject, terraformProject } from '../support/terraform.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

type LockKey = { LockID: { S: string } };
const lockIdOf = (body: string) => {
  const request = JSON.parse(body) as { Key?: LockKey; Item?: LockKey };
  return (request.Key ?? request.Item)?.LockID.S;
};

describe('e2e harness: moto + terraform', () => {
  let moto: Moto;
  let aws: AwsClients;
  const projects: TerraformProject[] = [];
  const project = (options: Omit<Parameters<typeof terraformProject>[0], 'moto'>) => {
    const created = terraformProject({ moto, ...options });
    projects.push(created);
    return created;
  };
  const readState = async (bucket: string, key: string) => {
    const object = await aws.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return JSON.parse(await object.Body!.transformToString()) as {
      serial: number;
      outputs: Record<string, { value: unknown }>;
    };
  };

  before(async () => {
    moto = await startMoto();
    aws = awsClients(moto);
  });
  after(async () => {
    for (const created of projects) await created.cleanup();
    await moto.stop();
  });

  it('lockfile mode: init, apply and plan work; the state lands at the key and the .tflock is gone', async () => {
    await createBucket(aws.s3, 'tfstate-lockfile', { versioned: true });
    const tf = project({ bucket: 'tfstate-lockfile', key: 'app/terraform.tfstate', locking: 'lockfile' });
    await tf.init();
    await tf.apply({ message: 'from-lockfile' });

    const state = await readState('tfstate-lockfile', 'app/terraform.tfstate');
    assert.equal(state.outputs.message?.value, 'from-lockfile');
    assert.equal(await tf.output('message'), 'from-lockfile');
    const lock = await awsError(
      aws.s3.send(new HeadObjectCommand({ Bucket: 'tfstate-lockfile', Key: 'app/terraform.tfstate.tflock' })),
    );
    assert.equal(lock.status, 404);
    const plan = await tf.plan(['-detailed-exitcode', '-var=message=from-lockfile']);
    assert.equal(plan.code, 0, 'a plan right after apply shows no changes');
  });

  it('dynamodb mode: the state lands at the key, the digest item is written and no lock item is left', async () => {
    await createBucket(aws.s3, 'tfstate-ddb', { versioned: true });
    await createLockTable(aws.dynamodb, 'terraform-locks');
    const tf = project({
      bucket: 'tfstate-ddb',
      key: 'app/terraform.tfstate',
      locking: 'dynamodb',
      dynamodbTable: 'terraform-locks',
    });
    await tf.init();
    await moto.recorder.reset();
    await moto.recorder.start();
    await tf.apply({ message: 'from-dynamodb' });
    await moto.recorder.stop();

    const lockCalls = (await moto.recorder.download())
      .filter((request) => request.call.startsWith('DynamoDB'))
      .map((request) => `${request.call} ${lockIdOf(request.body)}`);
    const lockId = 'tfstate-ddb/app/terraform.tfstate';
    assert.deepEqual(lockCalls, [
      `DynamoDB PutItem ${lockId}`,
      `DynamoDB GetItem ${lockId}-md5`,
      `DynamoDB GetItem ${lockId}-md5`,
      `DynamoDB PutItem ${lockId}-md5`,
      `DynamoDB GetItem ${lockId}`,
      `DynamoDB DeleteItem ${lockId}`,
    ]);

    assert.equal((await readState('tfstate-ddb', 'app/terraform.tfstate')).outputs.message?.value, 'from-dynamodb');
    const digest = await aws.dynamodb.send(
      new GetItemCommand({
        TableName: 'terraform-locks',
        Key: { LockID: { S: 'tfstate-ddb/app/terraform.tfstate-md5' } },
      }),
    );
    assert.match(digest.Item?.Digest?.S ?? '', /^[0-9a-f]{32}$/);
    const items = await aws.dynamodb.send(new ScanCommand({ TableName: 'terraform-locks' }));
    assert.deepEqual(
      items.Items?.map((item) => item.LockID?.S),
      ['tfstate-ddb/app/terraform.tfstate-md5'],
    );
    assert.equal((await tf.plan(['-detailed-exitcode', '-var=message=from-dynamodb'])).code, 0);
  });

  it('both mode: apply leaves neither a .tflock object nor a DynamoDB lock item', async () => {
    await createBucket(aws.s3, 'tfstate-both', { versioned: true });
    const tf = project({
      bucket: 'tfstate-both',
      key: 'app/terraform.tfstate',
      locking: 'both',
      dynamodbTable: 'terraform-locks',
    });
    await tf.init();
    await tf.apply({ message: 'from-both' });
    assert.equal((await readState('tfstate-both', 'app/terraform.tfstate')).outputs.message?.value, 'from-both');
    const lock = await awsError(
      aws.s3.send(new HeadObjectCommand({ Bucket: 'tfstate-both', Key: 'app/terraform.tfstate.tflock' })),
    );
    assert.equal(lock.status, 404);
    const lockItem = await aws.dynamodb.send(
      new GetItemCommand({
        TableName: 'terraform-locks',
        Key: { LockID: { S: 'tfstate-both/app/terraform.tfstate' } },
      }),
    );
    assert.equal(lockItem.Item, undefined);
  });

  it('the endpoints object given through -backend-config is what terraform uses, not AWS_ENDPOINT_URL', async () => {
    await createBucket(aws.s3, 'tfstate-endpoints');
    const tf = project({ bucket: 'tfstate-endpoints', key: 'app/terraform.tfstate', locking: 'lockfile' });
    const nowhere = 'http://127.0.0.1:9';
    const env = { AWS_ENDPOINT_URL: nowhere, AWS_ENDPOINT_URL_S3: nowhere, AWS_ENDPOINT_URL_DYNAMODB: nowhere };
    await tf.init([], { env });
    await tf.apply({ message: 'via-endpoints' }, { env });

    const saved = JSON.parse(readFileSync(join(tf.dir, '.terraform', 'terraform.tfstate'), 'utf8'));
    const { s3, dynamodb, iam, sts } = saved.backend.config.endpoints;
    assert.deepEqual(
      { s3, dynamodb, iam, sts },
      { s3: moto.endpoint, dynamodb: moto.endpoint, iam: moto.endpoint, sts: moto.endpoint },
    );
    assert.equal(
      (await readState('tfstate-endpoints', 'app/terraform.tfstate')).outputs.message?.value,
      'via-endpoints',
    );
  });

  it('a SIGKILLed apply leaves a stale .tflock that blocks the next plan until force-unlock', async () => {
    await createBucket(aws.s3, 'tfstate-stale', { versioned: true });
    const tf = project({ bucket: 'tfstate-stale', key: 'app/terraform.tfstate', locking: 'lockfile' });
    await tf.init();
    const running = tf.background(['apply', '-auto-approve', '-var=sleep_seconds=120']);
    await running.waitForOutput(/Provisioning with 'local-exec'/);
    const killed = await running.kill();
    assert.notEqual(killed.code, 0);

    const lockBody = await aws.s3.send(
      new GetObjectCommand({ Bucket: 'tfstate-stale', Key: 'app/terraform.tfstate.tflock' }),
    );
    const lock = JSON.parse(await lockBody.Body!.transformToString()) as {
      ID: string;
      Operation: string;
      Path: string;
    };
    assert.equal(lock.Operation, 'OperationTypeApply');
    assert.equal(lock.Path, 'tfstate-stale/app/terraform.tfstate');

    const blocked = await tf.run(['plan', '-lock-timeout=0']);
    assert.equal(blocked.code, 1);
    assert.match(blocked.stderr, /Error acquiring the state lock/);
    assert.match(blocked.stderr, new RegExp(lock.ID));

    const unlocked = await tf.run(['force-unlock', '-force', lock.ID]);
    assert.equal(unlocked.code, 0, unlocked.stderr);
    assert.equal((await tf.plan()).code, 0);
  });

  it('the recorder sees terraform plan take the lock with If-None-Match and release it', async () => {
    await createBucket(aws.s3, 'tfstate-recorded', { versioned: true });
    const tf = project({ bucket: 'tfstate-recorded', key: 'app/terraform.tfstate', locking: 'lockfile' });
    await tf.init();
    await tf.apply();
    await moto.recorder.reset();
    await moto.recorder.start();
    await tf.plan();
    await moto.recorder.stop();

    const calls = (await moto.recorder.download()).filter((request) =>
      request.url.pathname.startsWith('/tfstate-recorded'),
    );
    const lockPut = calls.find((request) => request.method === 'PUT' && request.url.pathname.endsWith('.tflock'));
    assert.equal(lockPut?.headers['If-None-Match'], '*');
    assert.deepEqual(
      calls.map((request) => request.call.replace(/\?.*$/, '')),
      [
        'S3 GET /tfstate-recorded',
        'S3 PUT /tfstate-recorded/app/terraform.tfstate.tflock',
        'S3 HEAD /tfstate-recorded/app/terraform.tfstate',
        'S3 GET /tfstate-recorded/app/terraform.tfstate',
        'S3 GET /tfstate-recorded/app/terraform.tfstate.tflock',
        'S3 DELETE /tfstate-recorded/app/terraform.tfstate.tflock',
      ],
    );
  });

  it("with IAM enforcement on, terraform runs on an IAM user's keys: its policy is enforced and the env:/ listing passes", async () => {
    await createBucket(aws.s3, 'tfstate-enforced', { versioned: true });
    const stateAccess = (actions: string[]) => ({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::tfstate-enforced' },
        { Effect: 'Allow', Action: actions, Resource: 'arn:aws:s3:::tfstate-enforced/*' },
      ],
    });
    const writer = await createUserWithPolicy(
      aws.iam,
      'tf-writer',
      stateAccess(['s3:GetObject', 's3:PutObject', 's3:DeleteObject']),
    );
    const reader = await createUserWithPolicy(aws.iam, 'tf-reader', stateAccess(['s3:GetObject']));
    const tf = project({
      bucket: 'tfstate-enforced',
      key: 'app/terraform.tfstate',
      locking: 'lockfile',
      credentials: writer,
    });
    await moto.setIamEnforcement(true);
    try {
      await tf.init();
      await tf.apply({ message: 'enforced' });
      assert.equal((await tf.run(['workspace', 'new', 'staging'])).code, 0);
      // Only a successful ListObjectsV2(prefix=env:/) can show the new workspace.
      assert.match((await tf.run(['workspace', 'list'])).stdout, /staging/);
      await tf.run(['workspace', 'select', 'default']);

      const denied = await tf.run(['apply', '-auto-approve', '-var=message=reader'], { credentials: reader });
      assert.equal(denied.code, 1);
      assert.match(denied.stderr, /Error acquiring the state lock[\s\S]*AccessDenied/);
      const noKey = await tf.run(['plan'], {
        credentials: { accessKeyId: 'AKIAUNKNOWNUNKNOWN00', secretAccessKey: 'x' },
      });
      assert.equal(noKey.code, 1);
      assert.match(noKey.stderr, /InvalidAccessKeyId/);
    } finally {
      await moto.setIamEnforcement(false);
    }
    assert.equal((await readState('tfstate-enforced', 'app/terraform.tfstate')).outputs.message?.value, 'enforced');
  });

  it('under enforcement terraform also runs on a role: with session credentials, or through backend assume_role', async () => {
    await createBucket(aws.s3, 'tfstate-role', { versioned: true });
    const roleArn = `arn:aws:iam::${TEST_ACCOUNT_ID}:role/tf-role`;
    const trust = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: `arn:aws:iam::${TEST_ACCOUNT_ID}:user/human` } },
      ],
    };
    await aws.iam.send(new CreateRoleCommand({ RoleName: 'tf-role', AssumeRolePolicyDocument: JSON.stringify(trust) }));
    const statePolicy = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::tfstate-role' },
        {
          Effect: 'Allow',
          Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
          Resource: 'arn:aws:s3:::tfstate-role/*',
        },
      ],
    };
    await aws.iam.send(
      new PutRolePolicyCommand({
        RoleName: 'tf-role',
        PolicyName: 'state',
        PolicyDocument: JSON.stringify(statePolicy),
      }),
    );
    const human = await createUserWithPolicy(aws.iam, 'human', {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }],
    });
    await moto.setIamEnforcement(true);
    try {
      const session = await assumeRole(awsClients(moto, human).sts, roleArn);
      const withSession = project({
        bucket: 'tfstate-role',
        key: 'session/terraform.tfstate',
        locking: 'lockfile',
        credentials: session,
      });
      await withSession.init();
      await withSession.apply({ message: 'session' });
      assert.equal(
        (await withSession.run(['plan'], { credentials: human })).code,
        1,
        'the human alone has no state access',
      );

      const viaBackend = project({
        bucket: 'tfstate-role',
        key: 'assumed/terraform.tfstate',
        locking: 'lockfile',
        credentials: human,
        extra: { assume_role: `{ role_arn = "${roleArn}" }` },
      });
      await viaBackend.init();
      await viaBackend.apply({ message: 'assumed' });
    } finally {
      await moto.setIamEnforcement(false);
    }
    assert.equal((await readState('tfstate-role', 'session/terraform.tfstate')).outputs.message?.value, 'session');
    assert.equal((await readState('tfstate-role', 'assumed/terraform.tfstate')).outputs.message?.value, 'assumed');
  });

  it('reset() empties moto', async () => {
    await createBucket(aws.s3, 'tfstate-reset');
    await moto.reset();
    const { Buckets } = await aws.s3.send(new ListBucketsCommand({}));
    assert.deepEqual(Buckets ?? [], []);
  });
});

describe('e2e harness: a missing tool fails the run instead of skipping it', () => {
  const withEmptyPath = async <T>(action: () => T | Promise<T>): Promise<T> => {
    const saved = process.env.PATH;
    process.env.PATH = '';
    try {
      return await action();
    } finally {
      process.env.PATH = saved;
    }
  };

  it('startMoto throws MOTO_NOT_INSTALLED with the pip command when moto_server is not on PATH', async () => {
    const error = await withEmptyPath(() =>
      startMoto().then(
        () => undefined,
        (e: unknown) => e,
      ),
    );
    assert.ok(error instanceof StatewardError);
    assert.equal(error.code, 'MOTO_NOT_INSTALLED');
    assert.match(error.fix, /pip install 'moto\[server\]==5\.2\.\*'/);
  });

  it('terraformProject throws TERRAFORM_NOT_INSTALLED when terraform is not on PATH', async () => {
    const fakeMoto = { endpoint: 'http://127.0.0.1:9', env: {} } as Moto;
    const error = await withEmptyPath(() => {
      try {
        terraformProject({ moto: fakeMoto, bucket: 'b', key: 'k', locking: 'lockfile' });
        return undefined;
      } catch (e) {
        return e;
      }
    });
    assert.ok(error instanceof StatewardError);
    assert.equal(error.code, 'TERRAFORM_NOT_INSTALLED');
  });
});

describe('e2e harness: moto processes', () => {
  it('stop() ends the moto_server process', async () => {
    const moto = await startMoto();
    assert.doesNotThrow(() => process.kill(moto.pid, 0));
    await moto.stop();
    assert.throws(() => process.kill(moto.pid, 0), { code: 'ESRCH' });
  });

  it('moto_server exits by itself when the test process that started it is SIGKILLed', async () => {
    const motoModule = new URL('../support/moto.ts', import.meta.url).href;
    const script = `import('${motoModule}').then(async (m) => { console.log((await m.startMoto()).endpoint); setInterval(() => {}, 1000); })`;
    const runner = spawn(process.execPath, ['--import', 'tsx', '-e', script], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const [line] = (await once(createInterface({ input: runner.stdout! }), 'line')) as [string];
    const answers = () =>
      fetch(`${line}/moto-api/config`).then(
        () => true,
        () => false,
      );
    assert.equal(await answers(), true);
    runner.kill('SIGKILL');
    assert.equal(await waitUntil(async () => !(await answers()), 10_000), true, `moto at ${line} outlived its parent`);
  });
});
