// Issue 8 end to end: on a moto account set up by `stateward apply`, the files `stateward scaffold` writes
// are what a consuming repo drops in. backend.tf passes `terraform fmt -check`, and terraform init, apply
// and plan work with it; only the emulator's endpoints come in through -backend-config, the file stays clean.
//
// This test is about the generated files, not the fence: terraform runs on moto's default keys over plain
// HTTP, which stateward's bucket policy (TLS-only, fence) refuses, so the test removes the policy before
// terraform runs and checks that the next `stateward plan` puts exactly that back. Terraform with the policy in
// force (IAM enforced over TLS, tf-<project> sessions) is fence-terraform.test.ts.

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as IAM from '@aws-sdk/client-iam';
import * as S3 from '@aws-sdk/client-s3';
import { bucketOf, changeIds, stateward, writeConfig } from '../aws/e2e-cli.ts';
import { terraform } from '../scaffold/tools.ts';
import { type AwsClients, awsClients } from '../support/aws.ts';
import { childEnv } from '../support/aws-env.ts';
import { type Moto, startMoto } from '../support/moto.ts';

describe('scaffold on an account stateward applied', () => {
  let moto: Moto;
  let aws: AwsClients;
  let config: string;
  const out = join(mkdtempSync(join(tmpdir(), 'sw-scaffold-')), 'repo');

  before(async () => {
    moto = await startMoto();
    aws = awsClients(moto);
    for (const UserName of ['alice', 'bob']) await aws.iam.send(new IAM.CreateUserCommand({ UserName }));
    config = writeConfig([{ name: 'web', locking: 'both' }]);
    const applied = await stateward(moto, ['-c', config, 'apply', '--auto-approve']);
    assert.equal(applied.code, 0, applied.stderr);
  });
  after(async () => moto?.stop());

  it('writes the files and says so; backend.tf is fmt-clean and holds no credentials or endpoints', async () => {
    const scaffolded = await stateward(moto, ['-c', config, 'scaffold', '--project', 'web', '--out', out]);
    assert.equal(scaffolded.code, 0, scaffolded.stderr);
    for (const file of [
      'backend.tf',
      '.github/workflows/terraform.yml',
      'aws-vault.config',
      '.pre-commit-config.yaml',
    ]) {
      assert.ok(existsSync(join(out, file)), file);
      assert.match(scaffolded.stdout, new RegExp(file.replace(/\./g, '\\.')));
    }
    const fmt = terraform(['fmt', '-check', '-diff'], out, {});
    assert.equal(fmt.code, 0, fmt.stdout + fmt.stderr);
    const backend = readFileSync(join(out, 'backend.tf'), 'utf8');
    assert.match(backend, new RegExp(`bucket\\s+= "${bucketOf('web')}"`));
    assert.doesNotMatch(backend, /access_key|secret_key|endpoint|127\.0\.0\.1/);
  });

  it('terraform init, apply and plan work with the generated backend.tf; the state lands at web/terraform.tfstate', async () => {
    await aws.s3.send(new S3.DeleteBucketPolicyCommand({ Bucket: bucketOf('web') }));
    writeFileSync(join(out, 'main.tf'), 'resource "terraform_data" "marker" {\n  input = "scaffolded"\n}\n');
    const env = childEnv(moto.env);
    const emulator = [
      `-backend-config=endpoints={ s3 = "${moto.endpoint}", dynamodb = "${moto.endpoint}", iam = "${moto.endpoint}", sts = "${moto.endpoint}" }`,
      '-backend-config=use_path_style=true',
      '-backend-config=skip_credentials_validation=true',
      '-backend-config=skip_requesting_account_id=true',
      '-backend-config=skip_metadata_api_check=true',
    ];
    const init = terraform(['init', '-input=false', '-no-color', ...emulator], out, { env });
    assert.equal(init.code, 0, init.stderr);
    const apply = terraform(['apply', '-auto-approve', '-input=false', '-no-color'], out, { env });
    assert.equal(apply.code, 0, apply.stderr);
    const plan = terraform(['plan', '-detailed-exitcode', '-input=false', '-no-color'], out, { env });
    assert.equal(plan.code, 0, plan.stdout + plan.stderr);
    const state = await aws.s3.send(
      new S3.HeadObjectCommand({ Bucket: bucketOf('web'), Key: 'web/terraform.tfstate' }),
    );
    assert.equal(state.ServerSideEncryption, 'AES256');
  });

  it('stateward plan then shows exactly the bucket policy the test removed, and apply puts it back', async () => {
    const plan = await stateward(moto, ['-c', config, 'plan', '--json']);
    assert.deepEqual(changeIds(plan.stdout), [`bucket/${bucketOf('web')}/policy`]);
    const applied = await stateward(moto, ['-c', config, 'apply', '--auto-approve']);
    assert.equal(applied.code, 0, applied.stderr);
    assert.equal((await stateward(moto, ['-c', config, 'plan', '--detailed-exitcode'])).code, 0);
  });

  it('refuses to overwrite the files without --force', async () => {
    const again = await stateward(moto, ['-c', config, 'scaffold', '--project', 'web', '--out', out]);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /backend\.tf/);
  });
});
