// terragrunt/root.hcl: parsed by an HCL parser, formatted as terraform fmt writes it, and its unit state
// keys reachable by the project role. The coverage warning appears exactly when no grant covers them, and
// its suggestion is accepted by stateward's config rules and really lets the role run Terraform there.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from '@cdktn/hcl2json';
import { parseDocument } from 'yaml';
import { requestsFor } from '../../src/backend/index.ts';
import { parseConfig } from '../../src/config/load.ts';
import type { Config } from '../../src/config/types.ts';
import { evaluateRequest } from '../../src/iam/index.ts';
import { roleArn } from '../../src/names/naming.ts';
import { buildProjectDocuments } from '../../src/policy/project-documents.ts';
import { type ScaffoldOptions, scaffoldProject } from '../../src/scaffold/index.ts';
import { terragruntGrantSuggestion } from '../../src/scaffold/terragrunt.ts';
import { ACCOUNT, config, configYaml, KMS_KEY, REGION } from './fixtures.ts';
import { fileNamed, terraform, workDir } from './tools.ts';

const ROOT = 'terragrunt/root.hcl';
const UNIT_KEY = 'app/terragrunt/${path_relative_to_include()}/terraform.tfstate';

async function rootOf(project = '', options: Partial<ScaffoldOptions> = {}) {
  const content = fileNamed(
    scaffoldProject(config(project), 'app', { ...options, terragrunt: true }).files,
    ROOT,
  ).content;
  const parsed = await parse('root.hcl', content);
  return {
    content,
    parsed,
    remoteState: parsed.remote_state[0] as {
      backend: string;
      disable_init: boolean;
      generate: Record<string, string>;
      config: Record<string, unknown>;
    },
  };
}

const warned = (project: string) =>
  scaffoldProject(config(project), 'app', { terragrunt: true }).warnings.some(
    (w) => w.code === 'SCAFFOLD_TERRAGRUNT_KEYS_NOT_GRANTED',
  );

/** Would every request Terraform needs for `operation` on this key be allowed for tf-app (its policy and the bucket's)? */
function roleMayRun(cfg: Config, key: string, operation: 'plan' | 'apply'): string[] {
  const project = cfg.projects.find((p) => p.name === 'app')!;
  const documents = buildProjectDocuments(project, cfg);
  const target = {
    bucket: `tfstate-app-${ACCOUNT}`,
    key,
    region: REGION,
    account: ACCOUNT,
    locking: project.locking,
    encryption: project.encryption,
  };
  const role = roleArn(ACCOUNT, 'app');
  return requestsFor(operation, target, { stateExists: false })
    .filter((request) => request.need === 'required')
    .filter((request) => {
      const decision = evaluateRequest({
        identityPolicies: [{ name: 'stateward-state-access', document: documents.permissions }],
        ...(request.resource.startsWith('arn:aws:s3:::')
          ? { resourcePolicy: { name: 'bucket', document: documents.bucket } }
          : {}),
        request: {
          principal: { arn: `arn:aws:sts::${ACCOUNT}:assumed-role/tf-app/ci`, accountId: ACCOUNT },
          action: request.action,
          resource: request.resource,
          context: {
            ...request.context,
            'aws:PrincipalArn': role,
            'aws:SecureTransport': true,
            ...(request.action.startsWith('s3:') ? { 's3:ResourceAccount': ACCOUNT } : {}),
          },
        },
      });
      return decision.decision !== 'Allow';
    })
    .map((request) => `${request.action} ${request.resource}`);
}

describe('scaffold terragrunt/root.hcl', () => {
  it('is written only with --terragrunt', () => {
    assert.ok(!scaffoldProject(config(), 'app').files.some((f) => f.path === ROOT));
  });

  it("generates each unit's backend.tf from an s3 remote_state keyed by the unit path", async () => {
    const { remoteState, parsed } = await rootOf();
    assert.equal(remoteState.backend, 's3');
    assert.deepEqual(remoteState.generate, { path: 'backend.tf', if_exists: 'overwrite_terragrunt' });
    assert.deepEqual(remoteState.config, {
      bucket: `tfstate-app-${ACCOUNT}`,
      key: UNIT_KEY,
      region: REGION,
      encrypt: true,
      use_lockfile: true,
    });
    assert.equal(remoteState.disable_init, true, 'Terragrunt must not create or reconfigure the bucket stateward owns');
    assert.equal(parsed.terraform_version_constraint, '>= 1.10.0');
    assert.equal(parsed.terraform_binary, 'terraform');
  });

  it('carries the lock mode, the KMS key and the tool', async () => {
    const dynamodb = await rootOf('    locking: dynamodb', { tool: 'tofu' });
    assert.equal(dynamodb.remoteState.config.dynamodb_table, 'terraform-locks');
    assert.equal(dynamodb.remoteState.config.use_lockfile, undefined);
    assert.equal(dynamodb.parsed.terraform_version_constraint, '>= 1.6.0');
    assert.equal(dynamodb.parsed.terraform_binary, 'tofu');
    const kms = await rootOf(`    encryption: { type: sse-kms, kmsKeyArn: "${KMS_KEY}" }`);
    assert.equal(kms.remoteState.config.kms_key_id, KMS_KEY);
  });

  it('is formatted as terraform fmt writes it', async () => {
    for (const project of ['', '    locking: both', `    encryption: { type: sse-kms, kmsKeyArn: "${KMS_KEY}" }`]) {
      const { content } = await rootOf(project);
      const { dir, cleanup } = workDir([]);
      try {
        const fmt = terraform(['fmt', '-'], dir, { input: content });
        assert.equal(fmt.code, 0, fmt.stderr);
        assert.equal(fmt.stdout, content);
      } finally {
        cleanup();
      }
    }
  });

  it('follows a directory grant the project already has', async () => {
    const { remoteState } = await rootOf(
      '    access:\n      apply: [{ key: "app/terraform.tfstate" }, { key: "app/envs/*" }]',
    );
    assert.equal(remoteState.config.key, 'app/envs/${path_relative_to_include()}/terraform.tfstate');
  });
});

describe('scaffold Terragrunt grant coverage', () => {
  // backend.tf needs one concrete key, so every case keeps the default state's grant first.
  const apply = (...grants: string[]) =>
    `    access:\n      apply: [${['{ key: "app/terraform.tfstate" }', ...grants].join(', ')}]`;

  it('warns with the default grant, which covers only app/terraform.tfstate', () => {
    assert.equal(warned(''), true);
  });

  it('warns exactly when no apply grant covers every unit key in the default workspace', () => {
    const cases: Array<[string, boolean]> = [
      [apply('{ key: "app/terragrunt/*" }'), false],
      [apply('{ key: "app/terragrunt/*/terraform.tfstate" }'), false],
      [apply('{ key: "app/terr*" }'), false],
      [apply('{ key: "app/envs/*" }'), false],
      [apply('{ key: "app/live/prod/*" }'), false],
      [apply('{ key: "app/terragrunt/prod/terraform.tfstate" }'), true],
      [apply('{ key: "app/terragrunt/?*" }'), false],
      [apply('{ key: "app/terragrunt/*/state.tfstate" }'), true],
      [apply('{ key: "app/terragrunt/*", defaultWorkspace: false }'), true],
      [`    access:\n      plan: [{ key: "app/terragrunt/*" }]\n      apply: [{ key: "app/terraform.tfstate" }]`, true],
    ];
    for (const [project, expected] of cases) assert.equal(warned(project), expected, project);
  });

  it('the obvious grant "app/*" is one stateward.yaml refuses, so the suggestion names a directory', () => {
    assert.throws(
      () => config(apply('{ key: "app/*" }')),
      (e: { errors: Array<{ code: string }> }) => e.errors.some((x) => x.code === 'CONFIG_GRANT_KEY_WILDCARD'),
    );
  });

  it('its suggestion is a valid config that keeps the existing grants and lets the role plan and apply any unit', () => {
    for (const project of [
      '',
      '    locking: both',
      apply('{ key: "app/core/terraform.tfstate", workspaces: [prod] }'),
    ]) {
      const before = config(project);
      const document = parseDocument(configYaml(project));
      document.setIn(['projects', 0, 'access'], terragruntGrantSuggestion(before.projects[0]!));
      const after = parseConfig(document.toString(), 'stateward.yaml');
      assert.deepEqual(
        after.projects[0]!.access.apply.slice(0, -1),
        before.projects[0]!.access.apply,
        'existing grants kept',
      );
      assert.equal(
        scaffoldProject(after, 'app', { terragrunt: true }).warnings.some(
          (w) => w.code === 'SCAFFOLD_TERRAGRUNT_KEYS_NOT_GRANTED',
        ),
        false,
      );
      for (const unit of ['prod/vpc', 'staging/eu-west-1/db', '.']) {
        const key = UNIT_KEY.replace('${path_relative_to_include()}', unit);
        assert.deepEqual(roleMayRun(before, key, 'apply').length > 0, true, `before: ${key} is out of reach`);
        assert.deepEqual(roleMayRun(after, key, 'apply'), [], `after: apply on ${key}`);
      }
      const existing = before.projects[0]!.access.apply[0]!.key;
      assert.deepEqual(roleMayRun(after, existing, 'apply'), [], `after: apply on ${existing} still works`);
    }
  });

  it('prints the suggestion as stateward.yaml text', () => {
    const warning = scaffoldProject(config(), 'app', { terragrunt: true }).warnings.find(
      (w) => w.code === 'SCAFFOLD_TERRAGRUNT_KEYS_NOT_GRANTED',
    )!;
    assert.match(warning.message, /app\/terragrunt\/<unit path>\/terraform\.tfstate/);
    assert.match(
      warning.fix,
      /access:\n {2}apply:\n {4}- key: app\/terraform\.tfstate\n {4}- key: app\/terragrunt\/\*\n/,
    );
  });
});
