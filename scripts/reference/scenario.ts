// The commands the reference records, in the order that gives each one the state it needs: a first apply
// on an empty bucket, updates, a workspace with its own state, terraform_remote_state reads, workspace
// deletions and a stale lock left by a killed apply, cleared by force-unlock. Steps marked `kept: false`
// only prepare the next ones; their traffic is not stored, as no test reads it.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TerraformProject, TerraformResult } from '../../test/support/terraform.ts';

export interface Step {
  name: string;
  kept: boolean;
  run(context: ScenarioContext): Promise<TerraformResult>;
}

export interface ScenarioContext {
  project: TerraformProject;
  /** `terraform <args>` in the consumer directory (local backend, one terraform_remote_state). */
  consumer(args: string[]): Promise<TerraformResult>;
  /** Lock ID of the stale lock the killed apply left behind. */
  staleLockId?: string;
}

/** Written into the project directory by the step before `state push`. */
const PUSHED = 'pushed.json';

const tf = (name: string, args: string[], kept = true): Step => ({
  name,
  kept,
  run: ({ project }) => project.run(args),
});
const consumer = (name: string, args: string[], kept = true): Step => ({
  name,
  kept,
  run: (context) => context.consumer(args),
});

export const STEPS: Step[] = [
  { name: 'init_fresh_empty', kept: true, run: ({ project }) => project.run(['init', ...project.backendConfig]) },
  tf('plan_no_state', ['plan']),
  tf('apply_create', ['apply', '-auto-approve']),
  tf('plan', ['plan']),
  tf('plan_lock_false', ['plan', '-lock=false']),
  tf('apply_update', ['apply', '-auto-approve', '-var=message=two']),
  tf('output', ['output']),
  tf('state_pull', ['state', 'pull']),
  { name: 'state_pull_for_push', kept: false, run: writePushedState },
  tf('state_push', ['state', 'push', PUSHED]),
  tf('state_list', ['state', 'list']),
  tf('workspace_new', ['workspace', 'new', 'X']),
  tf('plan_in_workspace_X', ['plan']),
  tf('apply_in_workspace_X', ['apply', '-auto-approve', '-var=message=inX']),
  tf('workspace_select_default', ['workspace', 'select', 'default'], false),
  consumer('consumer_init', ['init'], false),
  consumer('remote_state_default', ['plan', '-var=ws=default']),
  consumer('remote_state_workspace_X', ['plan', '-var=ws=X']),
  consumer('remote_state_missing_workspace', ['plan', '-var=ws=ghost']),
  tf('workspace_delete_force', ['workspace', 'delete', '-force', 'X']),
  tf('workspace_new_Y', ['workspace', 'new', 'Y']),
  tf('workspace_select_default_2', ['workspace', 'select', 'default'], false),
  tf('workspace_delete_empty', ['workspace', 'delete', 'Y']),
  { name: 'lock_holder_killed', kept: false, run: leaveStaleLock },
  { name: 'lock_contention_plan', kept: false, run: findStaleLock },
  {
    name: 'force_unlock',
    kept: true,
    run: ({ project, staleLockId }) => project.run(['force-unlock', '-force', staleLockId ?? 'no-stale-lock-found']),
  },
];

/** The pulled state with a higher serial and a changed output, so that pushing it really writes. */
async function writePushedState({ project }: ScenarioContext): Promise<TerraformResult> {
  const pulled = await project.run(['state', 'pull']);
  const state = JSON.parse(pulled.stdout) as { serial: number; outputs: Record<string, { value: unknown }> };
  state.serial += 1;
  if (state.outputs.message) state.outputs.message.value = 'pushed';
  writeFileSync(join(project.dir, PUSHED), JSON.stringify(state));
  return pulled;
}

/** An apply that sleeps while it holds the lock, killed with SIGKILL: its lock stays behind. */
async function leaveStaleLock({ project }: ScenarioContext): Promise<TerraformResult> {
  const holder = project.background(['apply', '-auto-approve', '-var=sleep_seconds=120']);
  await holder.waitForOutput(/terraform_data\.sleep\[0\]: Creating/, 120_000);
  const killed = await holder.kill();
  return { ...killed, code: 0 };
}

/** A plan that meets the stale lock prints its ID in the Lock Info block. */
async function findStaleLock(context: ScenarioContext): Promise<TerraformResult> {
  const result = await context.project.run(['plan', '-lock-timeout=0']);
  const id = /^\s*ID:\s+(\S+)/m.exec(result.stderr)?.[1];
  if (!id) throw new Error(`the contention plan printed no lock ID:\n${result.stderr}`);
  context.staleLockId = id;
  return { ...result, code: 0 };
}

/** The consumer's main.tf: a terraform_remote_state of the recorded backend, workspace chosen by var.ws. */
export function consumerConfig(settings: Record<string, string>): string {
  const lines = Object.entries(settings).map(([name, value]) =>
    value.startsWith('{') ? `    ${name} = ${value}` : `    ${name} = ${JSON.stringify(value)}`,
  );
  return `variable "ws" {
  type = string
}

data "terraform_remote_state" "app" {
  backend   = "s3"
  workspace = var.ws
  config = {
${lines.join('\n')}
  }
}

output "message" {
  value = try(data.terraform_remote_state.app.outputs.message, null)
}
`;
}
