// scaffold for a project with environment accounts (seed 002): providers.tf assumes the environment's deploy role
// per workspace (terraform fmt accepts it as written), the workflow has one job per GitHub environment on its own
// workspace (GitHub's parser accepts it), and a trust that refuses an environment's token is warned about, with
// a fix that silences the warning.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser';
import { parse } from '@cdktn/hcl2json';
import { parse as parseYaml } from 'yaml';
import { scaffoldProject } from '../../src/scaffold/index.ts';
import { ACCOUNT, config, REGION } from './fixtures.ts';
import { fileNamed, terraform, workDir } from './tools.ts';

const STAGING = '222233334444';
const PRODUCTION = '333344445555';
const TOP = `environments:\n  staging: { account: "${STAGING}" }\n  production: { account: "${PRODUCTION}" }\n`;
const DEPLOYS = '    environments: { staging: {}, production: {} }';

describe('scaffold with environment accounts', () => {
  it('providers.tf maps each workspace to its deploy role and the provider assumes it; terraform fmt accepts it', async () => {
    const files = scaffoldProject(config(DEPLOYS, TOP), 'app').files;
    const providers = fileNamed(files, 'providers.tf').content;
    const parsed = await parse('providers.tf', providers);
    const variable = (parsed.variable as Record<string, Array<{ default: Record<string, string> }>>)
      .workspace_iam_roles![0]!;
    assert.deepEqual(variable.default, {
      staging: `arn:aws:iam::${STAGING}:role/tf-app`,
      production: `arn:aws:iam::${PRODUCTION}:role/tf-app`,
    });
    const provider = (
      parsed.provider as Record<string, Array<{ region: string; assume_role: Array<{ role_arn: string }> }>>
    ).aws![0]!;
    assert.equal(provider.region, REGION);
    assert.equal(
      provider.assume_role[0]!.role_arn,
      '${var.plan_only ? var.workspace_plan_roles[terraform.workspace] : var.workspace_iam_roles[terraform.workspace]}',
    );
    const planRoles = (parsed.variable as Record<string, Array<{ default: Record<string, string> }>>)
      .workspace_plan_roles![0]!;
    assert.deepEqual(planRoles.default, {
      staging: `arn:aws:iam::${STAGING}:role/tf-app.plan`,
      production: `arn:aws:iam::${PRODUCTION}:role/tf-app.plan`,
    });
    const { dir, cleanup } = workDir([{ path: 'providers.tf', content: providers }]);
    try {
      const fmt = terraform(['fmt', '-check', '-diff', '-no-color'], dir);
      assert.equal(fmt.code, 0, fmt.stdout + fmt.stderr);
    } finally {
      cleanup();
    }
    assert.match(fileNamed(files, 'backend.tf').content, /tfstate-app-111122223333/);
  });

  it('on pushes, one job per GitHub environment in order as the apply role; on pull requests, plan jobs as the plan role without an environment', () => {
    const content = fileNamed(
      scaffoldProject(config(DEPLOYS, TOP), 'app').files,
      '.github/workflows/terraform.yml',
    ).content;
    const parsed = parseWorkflow({ name: 'terraform.yml', content }, new NoOperationTraceWriter());
    assert.deepEqual(
      parsed.context.errors.getErrors().map((e) => e.message),
      [],
    );
    type Job = {
      if: string;
      environment?: string;
      needs?: string;
      env: Record<string, string>;
      steps: Array<{ name?: string; run?: string; with?: Record<string, string> }>;
    };
    const raw = parseYaml(content) as { jobs: Record<string, Job> };
    assert.deepEqual(Object.keys(raw.jobs), ['plan-staging', 'plan-production', 'staging', 'production']);
    const role = (job: Job) => job.steps.find((s) => s.with?.['role-to-assume'])!.with!['role-to-assume'];
    for (const environment of ['staging', 'production']) {
      const push = raw.jobs[environment]!;
      assert.equal(push.if, "github.event_name == 'push'");
      assert.equal(push.environment, environment);
      assert.equal(role(push), `arn:aws:iam::${ACCOUNT}:role/tf-app`);
      assert.ok(push.steps.some((s) => s.run === `terraform workspace select -or-create=true ${environment}`));
      assert.ok(push.steps.some((s) => s.run?.startsWith('terraform apply')));
      const pr = raw.jobs[`plan-${environment}`]!;
      assert.equal(pr.if, "github.event_name == 'pull_request'");
      assert.equal(
        pr.environment,
        undefined,
        'a GitHub environment would give the token the subject the apply role trusts',
      );
      assert.equal(pr.env.TF_VAR_plan_only, 'true');
      assert.equal(role(pr), `arn:aws:iam::${ACCOUNT}:role/tf-app.plan`);
      assert.equal(
        pr.steps.some((s) => s.run?.startsWith('terraform apply')),
        false,
      );
    }
    assert.equal(raw.jobs.production!.needs, 'staging');
  });

  it("a trust that refuses an environment job's token is a warning; the fix it names silences it", () => {
    const narrow = '    oidcSubjects: ["repo:acme/terraform-app:ref:refs/heads/main"]\n';
    const { warnings } = scaffoldProject(config(narrow + DEPLOYS, TOP), 'app');
    assert.deepEqual(
      warnings.map((w) => w.code),
      ['SCAFFOLD_OIDC_SUBJECT_REFUSED', 'SCAFFOLD_OIDC_SUBJECT_REFUSED'],
    );
    assert.match(
      warnings[0]!.fix,
      /add "repo:acme\/terraform-app:environment:staging" to projects\[app\]\.oidcSubjects/,
    );
    const fixed =
      '    oidcSubjects: ["repo:acme/terraform-app:ref:refs/heads/main", "repo:acme/terraform-app:environment:staging", "repo:acme/terraform-app:environment:production"]\n';
    assert.deepEqual(scaffoldProject(config(fixed + DEPLOYS, TOP), 'app').warnings, []);
  });

  it('a project without environments gets no providers.tf', () => {
    const files = scaffoldProject(config('', TOP), 'app').files.map((f) => f.path);
    assert.equal(files.includes('providers.tf'), false);
  });
});
