// `npm run bench`: stateward on fleets of 10, 100 and 300 projects (BENCH_FLEETS=10,100 to choose) against
// a private moto each, then start-up times and a cross-check of --stats against moto's request recorder.
// Prints a table and writes the same figures to bench/results/<timestamp>.json. See bench/README.md.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { crossCheckWithRecorder } from './cross-check.ts';
import { type Fleet, fleetSizes, startFleet } from './fleet.ts';
import { ACCOUNT_COUNT, accountFleetSizes, startAccountsFleet } from './fleet-accounts.ts';
import { LATENCY_MS, type LatencyResult, measureLatency } from './latency.ts';
import { ROOT } from './measure.ts';
import { measureOperation, OPERATIONS, type OperationResult } from './operations.ts';
import {
  renderAccounts,
  renderCrossCheck,
  renderLatency,
  renderResults,
  renderStartup,
  renderTargets,
} from './render.ts';
import { measureStartup } from './startup.ts';
import { evaluateTargets } from './targets.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const log = (text: string) => process.stderr.write(`${text}\n`);

/** audit is measured only when this build has it (it was being built alongside the bench). */
function availableOperations() {
  const help = spawnSync(process.execPath, [join(ROOT, 'bin/stateward'), '--help'], { encoding: 'utf8' }).stdout;
  return OPERATIONS.filter((op) => op.name !== 'audit' || /^\s+audit\b/m.test(help));
}

/** What the multi-account fleets are compared on: the first apply and the daily runs. */
const ACCOUNT_OPERATIONS = ['cold apply', 'no-op plan', 'no-op apply'];

async function measureFleets(
  sizes: number[],
  start: (size: number) => Promise<Fleet> = startFleet,
  operations = availableOperations(),
  what = 'projects',
): Promise<OperationResult[]> {
  const results: OperationResult[] = [];
  for (const size of sizes) {
    log(`fleet of ${size} ${what}: starting moto`);
    const fleet = await start(size);
    try {
      for (const operation of operations) {
        const result = await measureOperation(fleet, operation);
        log(
          `  ${operation.name}: exit ${result.exitCode}, ${(result.wallMs / 1000).toFixed(2)} s, ${result.calls} calls`,
        );
        results.push(result);
      }
    } finally {
      await fleet.moto.stop();
    }
  }
  return results;
}

async function measureLatencies(sizes: number[]): Promise<LatencyResult[]> {
  const results: LatencyResult[] = [];
  for (const size of sizes) {
    log(`fleet of ${size} projects behind ${LATENCY_MS} ms of latency per request`);
    for (const result of await measureLatency(size)) {
      log(
        `  ${result.operation}: exit ${result.exitCode}, ${(result.wallMs / 1000).toFixed(2)} s, ${result.ratio.toFixed(2)}× the serial floor`,
      );
      results.push(result);
    }
  }
  return results;
}

async function main(): Promise<void> {
  const started = new Date();
  const sizes = fleetSizes();
  const results = await measureFleets(sizes);
  const accountSizes = accountFleetSizes();
  const accounts = await measureFleets(
    accountSizes,
    startAccountsFleet,
    OPERATIONS.filter((op) => ACCOUNT_OPERATIONS.includes(op.name)),
    `projects in ${ACCOUNT_COUNT} accounts`,
  );
  const latency = await measureLatencies(sizes);
  log('start-up times');
  const startup = await measureStartup();
  log("cross-check against moto's request recorder");
  const crossCheck = await crossCheckWithRecorder();
  const targets = evaluateTargets(results, startup, latency);

  process.stdout.write(
    `\nstateward bench, ${started.toISOString()}, ${cpus().length} CPUs, Node ${process.version}\n\n`,
  );
  process.stdout.write(
    `${renderResults(results)}\n\n${renderLatency(latency)}\n\n${renderAccounts(accounts, results, ACCOUNT_COUNT)}\n\n${renderStartup(startup)}\n\n${renderCrossCheck(crossCheck)}\n\n${renderTargets(targets)}\n`,
  );

  const report = {
    version: 1,
    startedAt: started.toISOString(),
    finishedAt: new Date().toISOString(),
    machine: { cpus: cpus().length, node: process.version },
    fleets: sizes,
    results,
    accounts: { count: ACCOUNT_COUNT, fleets: accountSizes, results: accounts },
    latency,
    startup,
    crossCheck,
    targets,
  };
  const dir = join(ROOT, 'bench/results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${started.toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`\nfigures written to ${file}\n`);
  if ([...results, ...latency, ...accounts].some((r) => !r.ok) || !crossCheck.match) process.exitCode = 1;
}

await main();
