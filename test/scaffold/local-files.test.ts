// The files for a developer's machine: the aws-vault profile (read as INI, as the AWS CLI and aws-vault
// read ~/.aws/config), the pre-commit config (static checks only) and the README.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse as parseIni } from 'ini';
import { parse as parseYaml } from 'yaml';
import { type ScaffoldOptions, scaffoldProject } from '../../src/scaffold/index.ts';
import { ACCOUNT, config, REGION } from './fixtures.ts';
import { fileNamed } from './tools.ts';

const files = (options: Partial<ScaffoldOptions> = {}, project = '', top = '') =>
  scaffoldProject(config(project, top), 'app', options).files;

describe('scaffold aws-vault.config', () => {
  it('is one INI profile tf-<project> that chains from a base profile to the role with MFA, for one hour', () => {
    const ini = parseIni(fileNamed(files(), 'aws-vault.config').content);
    assert.deepEqual(Object.keys(ini), ['profile tf-app']);
    assert.deepEqual(
      { ...ini['profile tf-app'] },
      {
        source_profile: 'your-base-profile',
        role_arn: `arn:aws:iam::${ACCOUNT}:role/tf-app`,
        mfa_serial: `arn:aws:iam::${ACCOUNT}:mfa/<your-user>`,
        region: REGION,
        duration_seconds: '3600',
      },
    );
  });

  it('holds no keys and tells how to run the tool through it', () => {
    const content = fileNamed(files({ tool: 'tofu' }), 'aws-vault.config').content;
    assert.doesNotMatch(content, /aws_access_key_id|aws_secret_access_key|aws_session_token/);
    assert.match(content, /aws-vault exec tf-app -- tofu plan/);
  });

  it('warns when no IAM user may assume the role, and only then', () => {
    const codes = (top: string, project = '') =>
      scaffoldProject(config(project, top), 'app').warnings.map((w) => w.code);
    assert.ok(!codes('').includes('SCAFFOLD_NO_HUMANS'));
    assert.ok(codes('', '    humans: []').includes('SCAFFOLD_NO_HUMANS'));
  });
});

describe('scaffold README', () => {
  it('shows the aws-vault command for the tool and lists every generated file', () => {
    for (const tool of ['terraform', 'tofu'] as const) {
      const generated = files({ tool, terragrunt: true });
      const readme = fileNamed(generated, 'SCAFFOLD.md').content;
      assert.match(readme, new RegExp(`aws-vault exec tf-app -- ${tool} plan`));
      for (const file of generated.filter((f) => f.path !== 'SCAFFOLD.md'))
        assert.ok(readme.includes(`\`${file.path}\``), `README misses ${file.path}`);
    }
  });
});

describe('scaffold README: roles in CI', () => {
  it('names the plan role for pull requests and the apply role for pushes; with the opt-out, one role', () => {
    const readme = fileNamed(scaffoldProject(config(), 'app').files, 'SCAFFOLD.md').content;
    assert.match(readme, /Pull requests assume the plan-only role `arn:aws:iam::111122223333:role\/tf-app\.plan`/);
    assert.match(readme, /Pushes to\n`main` assume `tf-app`/);
    const optedOut = fileNamed(scaffoldProject(config('    allowPullRequestApply: true'), 'app').files, 'SCAFFOLD.md');
    assert.match(optedOut.content, /assumes `tf-app` .*on pull requests too/);
    assert.doesNotMatch(optedOut.content, /\.plan/);
  });
});

describe('scaffold .pre-commit-config.yaml', () => {
  const hooksOf = (tool: 'terraform' | 'tofu') => {
    const parsed = parseYaml(fileNamed(files({ tool }), '.pre-commit-config.yaml').content) as {
      repos: Array<{ repo: string; rev: string; hooks: Array<{ id: string; args?: string[] }> }>;
    };
    return parsed.repos;
  };

  it('runs fmt, validate and tflint from pre-commit-terraform pinned to a release tag, and nothing else', () => {
    const repos = hooksOf('terraform');
    assert.equal(repos.length, 1);
    assert.equal(repos[0]!.repo, 'https://github.com/antonbabenko/pre-commit-terraform');
    assert.match(repos[0]!.rev, /^v\d+\.\d+\.\d+$/);
    assert.deepEqual(
      repos[0]!.hooks.map((h) => h.id),
      ['terraform_fmt', 'terraform_validate', 'terraform_tflint'],
    );
  });

  it('has no hook that plans, applies or otherwise needs credentials', () => {
    for (const tool of ['terraform', 'tofu'] as const) {
      for (const hook of hooksOf(tool)[0]!.hooks) {
        assert.doesNotMatch(hook.id, /plan|apply|infracost|providers_lock|wrapper|checkov_api/);
        assert.doesNotMatch(JSON.stringify(hook.args ?? []), /plan|apply|aws-vault|AWS_/);
      }
    }
  });

  it('points the hooks that call the binary at tofu for OpenTofu', () => {
    const hooks = hooksOf('tofu')[0]!.hooks;
    for (const id of ['terraform_fmt', 'terraform_validate']) {
      assert.deepEqual(hooks.find((h) => h.id === id)!.args, ['--hook-config=--tf-path=tofu']);
    }
    assert.ok(hooksOf('terraform')[0]!.hooks.every((h) => h.args === undefined));
  });
});
