import { buildDesired } from '../desired/build.ts';
import { verifyWorld } from '../verify/matrix.ts';
import { renderVerifyText } from '../verify/render.ts';
import { violationCount } from '../verify/report.ts';
import { type VerifyWorld, worldFromDesired } from '../verify/world.ts';
import { closeAws, type Loaded, loadDesired, observeAccount, openAws } from './aws-context.ts';
import type { GlobalOptions } from './global-options.ts';
import { EXIT_FINDINGS, useColor } from './output.ts';
import { printJson, printLine } from './print.ts';
import { reportAwsStats } from './stats.ts';

export interface VerifyOptions extends GlobalOptions {
  live?: boolean;
  json?: boolean;
  explain?: boolean;
  project?: string;
  allPairs?: boolean;
}

export async function runVerify(options: VerifyOptions): Promise<void> {
  const loaded = loadDesired(options);
  const world = options.live
    ? await liveWorld(loaded, options)
    : worldFromDesired(buildDesired(loaded.config), loaded.config);
  const report = verifyWorld(world, {
    ...(options.project ? { project: options.project } : {}),
    allPairs: options.allPairs ?? false,
  });
  if (options.json) printJson(report);
  else printLine(renderVerifyText(report, { color: useColor(), explain: options.explain ?? false }));
  if (violationCount(report) > 0) process.exitCode = EXIT_FINDINGS;
}

/** The whole account's policies: a project's cells depend on the other projects' roles and buckets too. */
async function liveWorld(loaded: Loaded, options: VerifyOptions): Promise<VerifyWorld> {
  const everything = { ...loaded, desired: buildDesired(loaded.config) };
  const clients = await openAws(options, loaded.config);
  try {
    const observed = await observeAccount(everything, clients);
    const [
      { createReader },
      { createLimiter },
      { readManagedPolicyDocuments },
      { worldFromObserved, managedPolicyArns },
    ] = await Promise.all([
      import('../aws/observe/read.ts'),
      import('../aws/limit.ts'),
      import('../aws/observe/managed-policy.ts'),
      import('../verify/world-live.ts'),
    ]);
    const managed = await readManagedPolicyDocuments(
      createReader(clients, createLimiter(8)),
      managedPolicyArns(observed),
    );
    return worldFromObserved(observed, loaded.config, managed, everything.desired.shared.lockTable?.arn);
  } finally {
    reportAwsStats(options, clients.stats);
    closeAws(clients);
  }
}
