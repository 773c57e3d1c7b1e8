// The GitHub workflow: GitHub's own parser accepts it; it plans on pull requests and applies the saved
// plan on pushes to the default branch, assuming the project's role through OIDC; and scaffold warns
// exactly when the role's trust would refuse one of its tokens.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  convertWorkflowTemplate,
  NoOperationTraceWriter,
  parseWorkflow,
  type WorkflowTemplate,
} from '@actions/workflow-parser';
import { parse as parseYaml } from 'yaml';
import { type ScaffoldOptions, scaffoldProject } from '../../src/scaffold/index.ts';
import { ACCOUNT, config, REGION } from './fixtures.ts';
import { fileNamed } from './tools.ts';

const WORKFLOW = '.github/workflows/terraform.yml';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/tf-app`;

interface Step {
  name?: string;
  uses?: string;
  'working-directory'?: string;
  run?: string;
  if?: string;
  with?: Record<string, string>;
}

async function workflow(options: Partial<ScaffoldOptions> = {}, project = '') {
  const content = fileNamed(scaffoldProject(config(project), 'app', options).files, WORKFLOW).content;
  const parsed = parseWorkflow({ name: WORKFLOW, content }, new NoOperationTraceWriter());
  const errors = parsed.context.errors.getErrors().map((e) => e.message);
  const template: WorkflowTemplate | undefined = parsed.value
    ? await convertWorkflowTemplate(parsed.context, parsed.value)
    : undefined;
  const raw = parseYaml(content) as {
    permissions: unknown;
    jobs: Record<string, { permissions?: unknown; environment?: unknown; steps: Step[] }>;
  };
  return { errors, template, raw, steps: Object.values(raw.jobs)[0]!.steps };
}

const stepIndex = (steps: Step[], test: (s: Step) => boolean, what: string) => {
  const index = steps.findIndex(test);
  assert.ok(index >= 0, `no step: ${what}`);
  return index;
};

describe('scaffold workflow', () => {
  for (const options of [{}, { tool: 'tofu' as const }, { branch: 'trunk' }]) {
    it(`parses without errors in GitHub's workflow parser (${JSON.stringify(options)})`, async () => {
      const { errors, template } = await workflow(options);
      assert.deepEqual(errors, []);
      assert.deepEqual(template?.errors ?? [], []);
      assert.equal(template?.jobs.length, 1);
    });
  }

  it('runs on pull requests and on pushes to the default branch, and nothing else', async () => {
    const { template } = await workflow({ branch: 'trunk' });
    assert.deepEqual(Object.keys(template!.events).sort(), ['pull_request', 'push']);
    assert.deepEqual(template!.events.push?.branches, ['trunk']);
    assert.deepEqual(template!.events.pull_request?.branches, ['trunk']);
  });

  it('asks only for an OIDC token and read access to the code, for every job', async () => {
    const { raw } = await workflow();
    assert.deepEqual(raw.permissions, { 'id-token': 'write', contents: 'read' });
    for (const [name, job] of Object.entries(raw.jobs)) {
      assert.equal(job.permissions, undefined, `job ${name} widens the permissions`);
      assert.equal(job.environment, undefined, `job ${name}: an environment would change the OIDC subject`);
    }
  });

  it('assumes the plan role on pull requests and the apply role on pushes, in the config region, with no stored AWS keys', async () => {
    const { steps, raw } = await workflow();
    const credentials = steps.filter((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials@'));
    assert.equal(credentials.length, 1);
    assert.deepEqual(credentials[0]!.with, {
      'role-to-assume': `\${{ github.event_name == 'pull_request' && '${ROLE}.plan' || '${ROLE}' }}`,
      'aws-region': REGION,
    });
    assert.doesNotMatch(JSON.stringify(raw), /aws-access-key-id|aws-secret-access-key|secrets\./);
  });

  it('with allowPullRequestApply, assumes the apply role on every event and says so', async () => {
    const { steps } = await workflow({}, '    allowPullRequestApply: true');
    const credentials = steps.find((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials@'));
    assert.equal(credentials!.with!['role-to-assume'], ROLE);
    const content = fileNamed(
      scaffoldProject(config('    allowPullRequestApply: true'), 'app').files,
      WORKFLOW,
    ).content;
    assert.match(content, /for pull requests too \(allowPullRequestApply\)/);
  });

  it('checks format, then with credentials inits, validates and plans; applies only the saved plan on pushes', async () => {
    const { steps } = await workflow();
    const fmt = stepIndex(steps, (s) => s.run === 'terraform fmt -check -recursive', 'fmt -check');
    const credentials = stepIndex(steps, (s) => !!s.uses?.startsWith('aws-actions/'), 'credentials');
    const init = stepIndex(steps, (s) => s.run === 'terraform init', 'init');
    const validate = stepIndex(steps, (s) => s.run === 'terraform validate', 'validate');
    const plan = stepIndex(steps, (s) => /^terraform plan .*-out=(\S+)/.test(s.run ?? ''), 'plan -out');
    const apply = stepIndex(steps, (s) => /^terraform apply /.test(s.run ?? ''), 'apply');
    assert.ok(fmt < credentials && credentials < init && init < validate && validate < plan && plan < apply);
    const planFile = /-out=(\S+)/.exec(steps[plan]!.run!)![1]!;
    assert.ok(steps[apply]!.run!.endsWith(` ${planFile}`), 'apply takes the plan file, not a fresh plan');
    assert.equal(steps[apply]!.if, "github.event_name == 'push' && github.ref == 'refs/heads/main'");
    assert.equal(steps[plan]!.if, undefined, 'plan runs on every event');
  });

  it('uses the tool chosen: the setup action and the binary in every command', async () => {
    const terraform = await workflow();
    assert.ok(terraform.steps.some((s) => s.uses === 'hashicorp/setup-terraform@v3'));
    const tofu = await workflow({ tool: 'tofu' });
    assert.ok(tofu.steps.some((s) => s.uses === 'opentofu/setup-opentofu@v1'));
    assert.ok(!tofu.steps.some((s) => s.uses?.startsWith('hashicorp/')));
    const runs = tofu.steps.flatMap((s) => (s.run ? [s.run] : []));
    assert.equal(runs.length, 5);
    for (const run of runs) assert.match(run, /^tofu /);
  });

  it('pins every action by major version', async () => {
    const { steps } = await workflow();
    for (const step of steps.filter((s) => s.uses)) assert.match(step.uses!, /^[\w-]+\/[\w-]+@v\d+$/);
  });
});

describe('scaffold OIDC subject check', () => {
  const subjects = (...list: string[]) => `    oidcSubjects: [${list.map((s) => `"${s}"`).join(', ')}]`;
  const warnings = (project: string, branch?: string) =>
    scaffoldProject(config(project), 'app', branch ? { branch } : {}).warnings.filter(
      (w) => w.code === 'SCAFFOLD_OIDC_SUBJECT_REFUSED',
    );
  const refused = (project: string, branch?: string) =>
    warnings(project, branch).map((w) => /subject "([^"]+)"/.exec(w.message)![1]);

  it('stays quiet with the defaults: pull requests get the plan role, pushes to main the apply role', () => {
    assert.deepEqual(refused(''), []);
  });

  it('stays quiet with the opt-out, whose trust repo:<repo>:* takes both tokens', () => {
    assert.deepEqual(refused('    allowPullRequestApply: true'), []);
  });

  it('scaffolds for the configured defaultBranch unless told otherwise', async () => {
    assert.deepEqual(refused('    defaultBranch: trunk'), []);
    const { template } = await workflow({}, '    defaultBranch: trunk');
    assert.deepEqual(template!.events.push?.branches, ['trunk']);
  });

  it('names the push subject when the apply role trusts another branch, and says to set defaultBranch', () => {
    const [warning, ...more] = warnings('', 'trunk');
    assert.equal(more.length, 0);
    assert.match(
      warning!.message,
      /subject "repo:acme\/terraform-app:ref:refs\/heads\/trunk", which tf-app's trust refuses/,
    );
    assert.match(warning!.fix, /set defaultBranch: trunk on projects\[app\]/);
  });

  it('names the push subject when the trust accepts only an environment', () => {
    assert.deepEqual(refused(subjects('repo:acme/terraform-app:environment:prod')), [
      'repo:acme/terraform-app:ref:refs/heads/main',
    ]);
  });

  it("with the opt-out, checks the apply role's trust for pull requests too", () => {
    const optedOut = `    allowPullRequestApply: true\n${subjects('repo:acme/terraform-app:ref:refs/heads/main')}`;
    const [warning] = warnings(optedOut);
    assert.match(warning!.message, /"repo:acme\/terraform-app:pull_request", which tf-app's trust refuses/);
    assert.match(warning!.fix, /remove allowPullRequestApply/);
    assert.deepEqual(
      refused(
        `    allowPullRequestApply: true\n${subjects('repo:acme/terraform-app:ref:refs/heads/*', 'repo:acme/terraform-app:pull_request')}`,
        'trunk',
      ),
      [],
    );
  });
});

describe('scaffold workflow with --terragrunt', () => {
  const terragrunt = (options: Partial<ScaffoldOptions> = {}) => workflow({ ...options, terragrunt: true });

  for (const options of [{}, { tool: 'tofu' as const }]) {
    it(`parses without errors in GitHub's workflow parser (${JSON.stringify(options)})`, async () => {
      const { errors, template } = await terragrunt(options);
      assert.deepEqual(errors, []);
      assert.deepEqual(template?.errors ?? [], []);
    });
  }

  it('installs a pinned Terragrunt, checked against its release checksums, before any terragrunt command', async () => {
    const { steps } = await terragrunt();
    const install = stepIndex(steps, (s) => /^Install Terragrunt \d+\.\d+\.\d+$/.test(s.name ?? ''), 'install');
    const script = steps[install]!.run!;
    assert.match(script, /sha256sum --check --strict/);
    assert.ok(script.indexOf('sha256sum') < script.indexOf('install -m'), 'checked before it is installed');
    const firstUse = stepIndex(steps, (s) => /^terragrunt /.test(s.run ?? ''), 'a terragrunt command');
    assert.ok(install < firstUse);
  });

  it('inits, validates, plans and applies the saved plans through terragrunt over every unit, from terragrunt/', async () => {
    const { steps } = await terragrunt({ tool: 'tofu' });
    const byName = (name: string) => steps[stepIndex(steps, (s) => s.name === name, name)]!;
    for (const name of ['Init', 'Validate', 'Plan', 'Apply the saved plan']) {
      assert.match(byName(name).run!, /^terragrunt run --all --non-interactive -- /, name);
      assert.equal(byName(name)['working-directory'], 'terragrunt', `${name} runs where root.hcl is`);
    }
    const planFile = /-out=(\S+)/.exec(byName('Plan').run!)![1]!;
    assert.ok(byName('Apply the saved plan').run!.endsWith(` apply -lock-timeout=5m ${planFile}`));
    assert.equal(byName('Apply the saved plan').if, "github.event_name == 'push' && github.ref == 'refs/heads/main'");
    assert.equal(byName('Format').run, 'terragrunt hcl fmt --check && tofu fmt -check -recursive');
    const direct = steps.filter((s) => /^(terraform|tofu) (init|plan|apply|validate)/.test(s.run ?? ''));
    assert.deepEqual(direct, [], 'no command bypasses terragrunt');
  });
});

describe('scaffold workflow with --terragrunt: roles', () => {
  it('assumes the plan role on pull requests and the apply role on pushes, as without Terragrunt', async () => {
    const { steps } = await workflow({ terragrunt: true });
    const credentials = steps.find((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials@'));
    assert.equal(
      credentials!.with!['role-to-assume'],
      `\${{ github.event_name == 'pull_request' && '${ROLE}.plan' || '${ROLE}' }}`,
    );
  });
});
