// backend.tf: the right bucket, key, region, encryption and locking for each project shape, in
// `terraform fmt` style, and accepted by Terraform 1.11 itself.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from '@cdktn/hcl2json';
import { scaffoldProject } from '../../src/scaffold/index.ts';
import { childEnv, isolatedAwsEnv } from '../support/aws-env.ts';
import { freePort } from '../support/process.ts';
import { ACCOUNT, BACKEND_VARIANTS, config, KMS_KEY, REGION } from './fixtures.ts';
import { fileNamed, terraform, workDir } from './tools.ts';

/**
 * `terraform init` of exactly the generated file, with every AWS endpoint on a closed local port. Terraform
 * decodes and checks the backend block first and only then calls STS, so reaching (and failing) the STS
 * call means every argument was accepted. No -backend-config: with it, Terraform stops rejecting unknown
 * arguments of the block.
 */
async function initUntilFirstAwsCall(backendTf: string): Promise<{ code: number; stderr: string }> {
  const closed = `http://127.0.0.1:${await freePort()}`;
  const { dir, cleanup } = workDir([{ path: 'backend.tf', content: backendTf }]);
  try {
    const env = childEnv({ ...isolatedAwsEnv(closed, dir), AWS_MAX_ATTEMPTS: '1' });
    return terraform(['init', '-input=false', '-no-color'], dir, { env });
  } finally {
    cleanup();
  }
}

async function backendOf(project: string, tool: 'terraform' | 'tofu' = 'terraform') {
  const content = fileNamed(scaffoldProject(config(project), 'app', { tool }).files, 'backend.tf').content;
  const parsed = await parse('backend.tf', content);
  const block = parsed.terraform[0] as { required_version: string; backend: { s3: Array<Record<string, unknown>> } };
  return { content, requiredVersion: block.required_version, s3: block.backend.s3[0]! };
}

describe('scaffold backend.tf', () => {
  it('points at the project bucket and its default state key, encrypted, with S3-native locking by default', async () => {
    const { s3, requiredVersion, content } = await backendOf('');
    assert.deepEqual(s3, {
      bucket: `tfstate-app-${ACCOUNT}`,
      key: 'app/terraform.tfstate',
      region: REGION,
      encrypt: true,
      use_lockfile: true,
    });
    assert.equal(requiredVersion, '>= 1.10.0', 'use_lockfile came with 1.10');
    assert.match(content, new RegExp(`arn:aws:iam::${ACCOUNT}:role/tf-app`));
    assert.match(content, /aws-vault exec tf-app -- terraform plan/);
  });

  it('follows the lock mode: dynamodb_table for dynamodb (floor 1.6), both settings for both (floor 1.10)', async () => {
    const dynamodb = await backendOf('    locking: dynamodb');
    assert.equal(dynamodb.s3.dynamodb_table, 'terraform-locks');
    assert.equal(dynamodb.s3.use_lockfile, undefined);
    assert.equal(dynamodb.requiredVersion, '>= 1.6.0');
    const both = await backendOf('    locking: both');
    assert.equal(both.s3.dynamodb_table, 'terraform-locks');
    assert.equal(both.s3.use_lockfile, true);
    assert.equal(both.requiredVersion, '>= 1.10.0');
  });

  it('names the KMS key for sse-kms', async () => {
    const { s3 } = await backendOf(`    encryption: { type: sse-kms, kmsKeyArn: "${KMS_KEY}" }`);
    assert.equal(s3.kms_key_id, KMS_KEY);
    assert.equal(s3.encrypt, true);
  });

  it('uses the first apply grant with a concrete key, and its workspace_key_prefix when not the default', async () => {
    const { s3 } = await backendOf(`    access:
      apply: [{ key: "app/envs/*" }, { key: "app/core/terraform.tfstate", workspaceKeyPrefix: "app/ws" }]`);
    assert.equal(s3.key, 'app/core/terraform.tfstate');
    assert.equal(s3.workspace_key_prefix, 'app/ws');
  });

  it('holds no credentials, profile or role to assume: those come from the environment', async () => {
    for (const variant of BACKEND_VARIANTS) {
      const { s3 } = await backendOf(variant.project);
      for (const setting of [
        'access_key',
        'secret_key',
        'token',
        'profile',
        'shared_credentials_files',
        'assume_role',
        'role_arn',
      ]) {
        assert.equal(s3[setting], undefined, `${variant.name}: ${setting}`);
      }
    }
  });

  it('is already formatted: terraform fmt -check passes for every lock mode and sse-kms', () => {
    for (const variant of BACKEND_VARIANTS) {
      const { files } = scaffoldProject(config(variant.project), 'app');
      const tf = files.filter((f) => f.path.endsWith('.tf'));
      assert.ok(tf.length > 0);
      const { dir, cleanup } = workDir(tf);
      try {
        const fmt = terraform(['fmt', '-check', '-diff', '-recursive'], dir);
        assert.equal(fmt.code, 0, `${variant.name}: terraform fmt would change:\n${fmt.stdout}${fmt.stderr}`);
      } finally {
        cleanup();
      }
    }
  });

  it('passes terraform init -backend=false and terraform validate for every lock mode and sse-kms', () => {
    for (const variant of BACKEND_VARIANTS) {
      const { dir, cleanup } = workDir([
        fileNamed(scaffoldProject(config(variant.project), 'app').files, 'backend.tf'),
      ]);
      try {
        const init = terraform(['init', '-backend=false', '-input=false', '-no-color'], dir);
        assert.equal(init.code, 0, `${variant.name}: init failed:\n${init.stderr}`);
        const validate = terraform(['validate', '-no-color'], dir);
        assert.equal(validate.code, 0, `${variant.name}: validate failed:\n${validate.stderr}`);
      } finally {
        cleanup();
      }
    }
  });

  it('terraform init accepts every argument and value of the backend block, for every lock mode and sse-kms', async () => {
    for (const variant of BACKEND_VARIANTS) {
      const init = await initUntilFirstAwsCall(
        fileNamed(scaffoldProject(config(variant.project), 'app').files, 'backend.tf').content,
      );
      assert.notEqual(init.code, 0);
      assert.match(
        init.stderr,
        /GetCallerIdentity/,
        `${variant.name}: init stopped before calling AWS:\n${init.stderr}`,
      );
      assert.doesNotMatch(
        init.stderr,
        /Unsupported argument|Invalid Value|Missing Required|Unsupported Terraform Core version/,
      );
    }
  });

  it('control: that init rejects a misspelt backend argument, which validate lets through', async () => {
    const generated = fileNamed(scaffoldProject(config(), 'app').files, 'backend.tf').content;
    const misspelt = generated.replace(/^(\s*)use_lockfile /m, '$1use_lockfiles');
    assert.notEqual(misspelt, generated);
    const { dir, cleanup } = workDir([{ path: 'backend.tf', content: misspelt }]);
    try {
      assert.equal(terraform(['init', '-backend=false', '-input=false', '-no-color'], dir).code, 0);
      assert.equal(
        terraform(['validate', '-no-color'], dir).code,
        0,
        'validate does not look inside the backend block',
      );
    } finally {
      cleanup();
    }
    const init = await initUntilFirstAwsCall(misspelt);
    assert.match(init.stderr, /Unsupported argument/);
    assert.doesNotMatch(init.stderr, /GetCallerIdentity/);
  });

  it('warns when the role could only plan the state, or not in the default workspace the files use', () => {
    const codes = (project: string) => scaffoldProject(config(project), 'app').warnings.map((w) => w.code);
    assert.deepEqual(codes(''), []);
    assert.deepEqual(codes('    access:\n      plan: [{ key: "app/terraform.tfstate" }]'), ['SCAFFOLD_PLAN_ONLY']);
    assert.deepEqual(codes('    access:\n      apply: [{ key: "app/terraform.tfstate", defaultWorkspace: false }]'), [
      'SCAFFOLD_DEFAULT_WORKSPACE',
    ]);
  });

  it('refuses a project whose grants are all key patterns: a backend needs one concrete key', () => {
    assert.throws(() => scaffoldProject(config('    access:\n      apply: [{ key: "app/envs/*" }]'), 'app'), {
      code: 'SCAFFOLD_NO_BACKEND_KEY',
    });
  });
});
