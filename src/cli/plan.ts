// `stateward plan`: the changes apply would make, against the live account or (--offline) an empty one.

import { StatewardErrors } from '../errors.ts';
import { diff, emptyObserved, type Plan, planSummary, planToJson, renderPlanText, summaryLine } from '../plan/index.ts';
import { type AwsGlobalOptions, closeAws, loadDesired, observeAccount, openAws } from './aws-context.ts';
import { blockedErrors } from './blocked.ts';
import { EXIT_FINDINGS, useColor } from './output.ts';
import { printLine } from './print.ts';
import { reportAwsStats, type StatsOptions } from './stats.ts';

export interface PlanOptions extends AwsGlobalOptions, StatsOptions {
  offline?: boolean;
  json?: boolean;
  detailedExitcode?: boolean;
  project?: string;
  quiet?: boolean;
  full?: boolean;
}

export async function runPlan(options: PlanOptions): Promise<void> {
  const plan = await makePlan(options);
  if (options.json) printLine(planToJson(plan));
  else if (options.quiet) {
    if (plan.changes.length > 0) printLine(summaryLine(planSummary(plan)));
  } else process.stdout.write(renderPlanText(plan, { color: useColor(), full: options.full ?? false }));
  if (plan.blocked.length > 0) throw new StatewardErrors(blockedErrors(plan));
  if (options.detailedExitcode && plan.changes.length > 0) process.exitCode = EXIT_FINDINGS;
}

/** Offline, no client is ever built and no credential is looked up. */
async function makePlan(options: PlanOptions): Promise<Plan> {
  const loaded = loadDesired(options);
  if (options.offline) return diff(loaded.desired, emptyObserved(loaded.desired));
  const clients = await openAws(options, loaded.config);
  try {
    return diff(loaded.desired, await observeAccount(loaded, clients));
  } finally {
    reportAwsStats(options, clients.stats);
    closeAws(clients);
  }
}
