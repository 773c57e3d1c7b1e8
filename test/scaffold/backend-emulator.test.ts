// The generated backend.tf works: against moto, with only the emulator's endpoint settings added on the
// command line, Terraform 1.11 initialises it, takes its lock, and writes the encrypted state where
// stateward's policies expect it. (That `init` accepts every argument is proven in backend-tf.test.ts:
// with -backend-config given, Terraform no longer rejects unknown arguments of the block.)

import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { scaffoldProject } from '../../src/scaffold/index.ts';
import { type AwsClients, awsClients, awsError, createBucket, createLockTable } from '../support/aws.ts';
import { childEnv } from '../support/aws-env.ts';
import { type Moto, startMoto } from '../support/moto.ts';
import { ACCOUNT, BACKEND_VARIANTS, config, KMS_KEY, LOCK_MODES } from './fixtures.ts';
import { fileNamed, type RunResult, terraform, workDir } from './tools.ts';

const BUCKET = `tfstate-app-${ACCOUNT}`;
const KEY = 'app/terraform.tfstate';
const MAIN_TF = `resource "terraform_data" "marker" {
  input = "scaffolded"
}
`;

describe('scaffold backend.tf against the emulator', () => {
  let moto: Moto;
  let aws: AwsClients;

  before(async () => {
    moto = await startMoto();
    aws = awsClients(moto);
  });
  after(async () => moto?.stop());
  beforeEach(async () => {
    await moto.reset();
    await createBucket(aws.s3, BUCKET, { versioned: true });
    await createLockTable(aws.dynamodb);
  });

  /** Only what points Terraform at moto; bucket, key, region, encryption and locking come from backend.tf. */
  const emulatorArgs = () => [
    `-backend-config=endpoints={ s3 = "${moto.endpoint}", dynamodb = "${moto.endpoint}", iam = "${moto.endpoint}", sts = "${moto.endpoint}" }`,
    '-backend-config=use_path_style=true',
    '-backend-config=skip_credentials_validation=true',
    '-backend-config=skip_requesting_account_id=true',
    '-backend-config=skip_metadata_api_check=true',
  ];

  function inProject(backendTf: string, run: (tf: (args: string[]) => RunResult) => Promise<void>): Promise<void> {
    const { dir, cleanup } = workDir([
      { path: 'backend.tf', content: backendTf },
      { path: 'main.tf', content: MAIN_TF },
    ]);
    const env = childEnv(moto.env);
    return run((args) => terraform(args, dir, { env })).finally(cleanup);
  }

  for (const mode of LOCK_MODES) {
    it(`${mode}: init, apply and plan succeed and the state lands at ${KEY}`, async () => {
      const backend = fileNamed(scaffoldProject(config(`    locking: ${mode}`), 'app').files, 'backend.tf').content;
      await inProject(backend, async (tf) => {
        const init = tf(['init', '-input=false', '-no-color', ...emulatorArgs()]);
        assert.equal(init.code, 0, `init failed:\n${init.stderr}`);
        const apply = tf(['apply', '-auto-approve', '-input=false', '-no-color']);
        assert.equal(apply.code, 0, `apply failed:\n${apply.stderr}`);
        const plan = tf(['plan', '-detailed-exitcode', '-input=false', '-no-color']);
        assert.equal(plan.code, 0, `a plan right after apply shows no changes:\n${plan.stdout}${plan.stderr}`);
      });
      const state = await aws.s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: KEY }));
      assert.equal(state.ServerSideEncryption, 'AES256', 'encrypt = true sends the SSE header');
      const lock = await awsError(aws.s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: `${KEY}.tflock` })));
      assert.equal(lock.status, 404, 'no lock object is left behind');
      const digest = await aws.dynamodb.send(
        new GetItemCommand({ TableName: 'terraform-locks', Key: { LockID: { S: `${BUCKET}/${KEY}-md5` } } }),
      );
      assert.equal(digest.Item !== undefined, mode !== 'lockfile', 'only the lock table modes write the digest item');
    });
  }

  it("sse-kms: the state is written under the project's KMS key", async () => {
    for (const variant of BACKEND_VARIANTS.filter((v) => v.name.includes('sse-kms'))) {
      const backend = fileNamed(scaffoldProject(config(variant.project), 'app').files, 'backend.tf').content;
      assert.match(backend, /kms_key_id/);
      await inProject(backend, async (tf) => {
        const init = tf(['init', '-input=false', '-no-color', ...emulatorArgs()]);
        assert.equal(init.code, 0, `${variant.name}: init failed:\n${init.stderr}`);
        const apply = tf(['apply', '-auto-approve', '-input=false', '-no-color']);
        assert.equal(apply.code, 0, `${variant.name}: apply failed:\n${apply.stderr}`);
      });
      const state = await aws.s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: KEY }));
      assert.equal(state.ServerSideEncryption, 'aws:kms');
      assert.equal(state.SSEKMSKeyId, KMS_KEY);
      await moto.reset();
      await createBucket(aws.s3, BUCKET, { versioned: true });
      await createLockTable(aws.dynamodb);
    }
  });
});
