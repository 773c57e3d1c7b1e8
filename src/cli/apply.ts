// `stateward apply`: plans against the live account, asks before any change that broadens access, applies
// in dependency order (projects in parallel) and says what it did. It never deletes a resource. An
// interrupt (Ctrl-C, SIGTERM) starts nothing new, lets the calls in flight settle, says what was applied,
// what failed and what was not started, and exits 130; the next apply converges the rest.
import type { AwsClients } from '../aws/clients.ts';
import type { ApplyResult } from '../aws/execute/index.ts';
import { StatewardError, StatewardErrors } from '../errors.ts';
import { diff, type Plan, renderPlanText } from '../plan/index.ts';
import { progressView } from './apply-progress.ts';
import { type ApprovalOptions, requireApproval } from './approval.ts';
import {
  type AwsGlobalOptions,
  closeAws,
  loadDesired,
  observeAccount,
  openAws,
  parseConcurrency,
  requireManager,
} from './aws-context.ts';
import { blockedErrors } from './blocked.ts';
import { EXIT_INTERRUPTED, formatError, useColor } from './output.ts';
import { printLine, warn } from './print.ts';
import { reportAwsStats, type StatsOptions } from './stats.ts';

export interface ApplyOptions extends AwsGlobalOptions, StatsOptions, ApprovalOptions {
  concurrency?: string;
  project?: string;
  quiet?: boolean;
  full?: boolean;
}

export async function runApply(options: ApplyOptions): Promise<void> {
  // Unset: a limit per service (src/aws/execute/apply-plan.ts), so S3 writes are not queued behind IAM's.
  const concurrency = options.concurrency === undefined ? undefined : parseConcurrency(options.concurrency, 4);
  const quiet = options.quiet ?? false;
  const loaded = loadDesired(options);
  const clients = await openAws(options, loaded.config);
  try {
    const plan = diff(loaded.desired, await observeAccount(loaded, clients));
    if (plan.changes.length === 0) {
      printLine(
        quiet && plan.blocked.length === 0 ? 'No changes.' : renderPlanText(plan, { color: useColor() }).trimEnd(),
      );
      if (plan.blocked.length > 0) throw new StatewardErrors(blockedErrors(plan));
      return;
    }
    if (!quiet) process.stdout.write(renderPlanText(plan, { color: useColor(), full: options.full ?? false }));
    await requireManager(loaded, clients);
    await approve(plan, options);
    const { result, interrupted } = await execute(plan, clients, concurrency, quiet);
    report(result, quiet, interrupted, blockedErrors(plan));
  } finally {
    reportAwsStats(options, clients.stats);
    closeAws(clients);
  }
}

async function approve(plan: Plan, options: ApprovalOptions): Promise<void> {
  const broadening = plan.changes.filter((change) => change.broadensAccess).length;
  if (broadening === 0) return;
  const what = `${broadening} of the ${plan.changes.length} changes broaden access`;
  await requireApproval(options, {
    command: 'APPLY',
    what,
    question: `${what}. Apply all ${plan.changes.length} changes? Only "yes" applies:`,
    expected: 'yes',
    rerun: 'stateward apply --auto-approve',
  });
}

/** Applies the plan; the first SIGINT or SIGTERM stops new changes from starting, a second one exits at once. */
async function execute(
  plan: Plan,
  clients: AwsClients,
  concurrency: number | undefined,
  quiet: boolean,
): Promise<{ result: ApplyResult; interrupted: string | undefined }> {
  const { applyPlan } = await import('../aws/execute/index.ts');
  const stop = new AbortController();
  let interrupted: string | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupted) process.exit(EXIT_INTERRUPTED);
    interrupted = signal;
    stop.abort();
    warn(`\n${signal}: starting no further change; waiting for the calls in flight (again to quit at once).`);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const view = progressView(plan, quiet);
    const result = await applyPlan(plan, clients, {
      ...(concurrency === undefined ? {} : { concurrency }),
      signal: stop.signal,
      ...(view.onProgress ? { onProgress: view.onProgress } : {}),
    });
    await view.finished;
    return { result, interrupted };
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** What was done, then every failure and every project left out as an error (exit 1), or with an interrupt exit 130. */
function report(result: ApplyResult, quiet: boolean, interrupted: string | undefined, blocked: StatewardError[]): void {
  if (!quiet || interrupted) {
    printLine();
    for (const change of result.applied) printLine(`  done         ${change.id}`);
    for (const { change } of result.failed) printLine(`  failed       ${change.id}`);
    for (const change of result.skipped) printLine(`  skipped      ${change.id} (a change it depends on failed)`);
    for (const change of result.notStarted) printLine(`  not started  ${change.id}`);
  }
  const counts = `${result.applied.length} applied, ${result.failed.length} failed, ${result.skipped.length} skipped`;
  if (interrupted) {
    printLine(
      `Apply interrupted (${interrupted}): ${counts}, ${result.notStarted.length} not started. Run \`stateward apply\` again to apply the rest.`,
    );
    for (const { change, error } of result.failed) warn(formatError(failure(change.id, error)));
    process.exitCode = EXIT_INTERRUPTED;
    return;
  }
  const left = blocked.length > 0 ? `, ${blocked.length} project${blocked.length === 1 ? '' : 's'} left out` : '';
  const whole = result.failed.length === 0 && blocked.length === 0;
  printLine(`Apply ${whole ? 'complete' : 'incomplete'}: ${counts}${left}.`);
  if (whole) return;
  throw new StatewardErrors([...result.failed.map(({ change, error }) => failure(change.id, error)), ...blocked]);
}

function failure(id: string, error: StatewardError): StatewardError {
  return new StatewardError(error.code, `${id}: ${error.message}`, error.fix, { cause: error });
}
