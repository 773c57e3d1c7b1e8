// `stateward apply`: plans against the live account, asks before any change that broadens access, applies
// in dependency order (projects in parallel) and says what it did. It never deletes a resource.
import { createInterface } from 'node:readline/promises';
import { Listr } from 'listr2';
import type { AwsClients } from '../aws/clients.ts';
import type { ApplyProgress, ApplyResult } from '../aws/execute/index.ts';
import { StatewardError, StatewardErrors } from '../errors.ts';
import { type Change, diff, type Plan, renderPlanText } from '../plan/index.ts';
import {
  type AwsGlobalOptions,
  closeAws,
  loadDesired,
  observeAccount,
  openAws,
  parseConcurrency,
  requireManager,
} from './aws-context.ts';
import { useColor } from './output.ts';
import { printLine } from './print.ts';
import { reportAwsStats, type StatsOptions } from './stats.ts';

export interface ApplyOptions extends AwsGlobalOptions, StatsOptions {
  autoApprove?: boolean;
  concurrency?: string;
  project?: string;
  quiet?: boolean;
}

export async function runApply(options: ApplyOptions): Promise<void> {
  const concurrency = parseConcurrency(options.concurrency, 4);
  const loaded = loadDesired(options);
  const clients = await openAws(options, loaded.config);
  try {
    const plan = diff(loaded.desired, await observeAccount(loaded, clients));
    if (!options.quiet || plan.changes.length === 0) process.stdout.write(renderPlanText(plan, { color: useColor() }));
    if (plan.changes.length === 0) return;
    await requireManager(loaded, clients);
    await approve(plan, options.autoApprove ?? false);
    const result = await execute(plan, clients, concurrency, options.quiet ?? false);
    report(result, options.quiet ?? false);
  } finally {
    reportAwsStats(options, clients.stats);
    closeAws(clients);
  }
}

async function approve(plan: Plan, autoApprove: boolean): Promise<void> {
  const broadening = plan.changes.filter((change) => change.broadensAccess).length;
  if (broadening === 0 || autoApprove) return;
  const what = `${broadening} of the ${plan.changes.length} changes broaden access`;
  if (!process.stdin.isTTY) {
    throw new StatewardError(
      'APPLY_NEEDS_APPROVAL',
      `${what}, and stdin is not a terminal, so stateward cannot ask; nothing was changed.`,
      'Review the plan above (or `stateward plan`), then run `stateward apply --auto-approve`.',
    );
  }
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  const answer = await prompt.question(`\n${what}. Apply all ${plan.changes.length} changes? Only "yes" applies: `);
  prompt.close();
  if (answer.trim().toLowerCase() !== 'yes') {
    throw new StatewardError(
      'APPLY_CANCELLED',
      'Apply cancelled; nothing was changed.',
      'Run `stateward apply` again and answer "yes" to apply the plan.',
    );
  }
}

/** Changes grouped by project ("shared resources" for the account's), in plan order. */
function groups(plan: Plan): Map<string, Change[]> {
  const byGroup = new Map<string, Change[]>();
  for (const change of plan.changes) {
    const label = change.project ? `project ${change.project}` : 'shared resources';
    byGroup.set(label, [...(byGroup.get(label) ?? []), change]);
  }
  return byGroup;
}

async function execute(plan: Plan, clients: AwsClients, concurrency: number, quiet: boolean): Promise<ApplyResult> {
  const { applyPlan } = await import('../aws/execute/index.ts');
  const byGroup = groups(plan);
  const projects = new Set(plan.changes.flatMap((c) => (c.project ? [c.project] : [])));
  if (quiet || projects.size <= 1) {
    return applyPlan(plan, clients, { concurrency, ...(quiet ? {} : { onProgress: printProgress }) });
  }
  const tracker = progressTracker(byGroup);
  const list = new Listr(
    [...byGroup.keys()].map((label) => ({
      title: label,
      task: (_ctx: unknown, task: { title: string; output: string }) => tracker.track(label, task),
    })),
    // A terminal that reports no width (some CI pseudo-terminals) makes the live renderer wrap every character.
    {
      concurrent: true,
      exitOnError: false,
      collectErrors: false,
      renderer: (process.stdout.columns ?? 0) >= 40 ? 'default' : 'simple',
    },
  );
  const shown = list.run();
  const result = await applyPlan(plan, clients, { concurrency, onProgress: tracker.update });
  await shown.catch(() => undefined);
  return result;
}

/** One listr task per group: its title counts settled changes; it fails when any of its changes failed. */
function progressTracker(byGroup: Map<string, Change[]>) {
  const label = (change: Change) => (change.project ? `project ${change.project}` : 'shared resources');
  const state = new Map(
    [...byGroup].map(([name, changes]) => [
      name,
      {
        total: changes.length,
        settled: 0,
        failed: 0,
        task: undefined as { title: string; output: string } | undefined,
        finish: () => {},
      },
    ]),
  );
  return {
    track: (name: string, task: { title: string; output: string }) =>
      new Promise<void>((resolve, reject) => {
        const entry = state.get(name)!;
        entry.task = task;
        entry.finish = () =>
          entry.failed > 0 ? reject(new Error(`${name}: ${entry.failed} of ${entry.total} changes failed`)) : resolve();
        if (entry.settled === entry.total) entry.finish();
      }),
    update: (progress: ApplyProgress) => {
      const name = label(progress.change);
      const entry = state.get(name)!;
      if (progress.state === 'started') {
        if (entry.task) entry.task.output = progress.change.id;
        return;
      }
      entry.settled += 1;
      if (progress.state !== 'done') entry.failed += 1;
      if (entry.task) entry.task.title = `${name} (${entry.settled}/${entry.total})`;
      if (entry.settled === entry.total) entry.finish();
    },
  };
}

function printProgress(progress: ApplyProgress): void {
  if (progress.state === 'started') return;
  const mark = { done: 'ok', failed: 'FAILED', skipped: 'skipped' }[progress.state];
  printLine(`  ${progress.change.id}: ${mark}`);
}

/** What was done, then every failure as an error (exit 1). */
function report(result: ApplyResult, quiet: boolean): void {
  if (!quiet) {
    printLine();
    for (const change of result.applied) printLine(`  done     ${change.id}`);
    for (const { change } of result.failed) printLine(`  failed   ${change.id}`);
    for (const change of result.skipped) printLine(`  skipped  ${change.id} (a change it depends on failed)`);
  }
  const summary = `Apply ${result.failed.length === 0 ? 'complete' : 'incomplete'}: ${result.applied.length} applied, ${result.failed.length} failed, ${result.skipped.length} skipped.`;
  if (result.failed.length === 0) {
    if (!quiet) printLine(summary);
    return;
  }
  printLine(summary);
  throw new StatewardErrors(
    result.failed.map(
      ({ change, error }) =>
        new StatewardError(error.code, `${change.id}: ${error.message}`, error.fix, { cause: error }),
    ),
  );
}
