// CLI start-up: the median wall time of `stateward --version` and of `plan --offline` on 10 projects, each
// from spawn to exit, next to a bare `node -e 0` so the reader sees how much of it is Node itself.
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { writeConfig } from '../test/aws/e2e-cli.ts';
import { fleetProjects } from './fleet.ts';
import { median, runStateward } from './measure.ts';

export interface StartupResult {
  runs: number;
  nodeBaselineMs: number;
  versionMs: number;
  planOffline10Ms: number;
  planOffline10PeakRssMb: number;
}

const RUNS = Number(process.env.BENCH_STARTUP_RUNS ?? 21);

export async function measureStartup(): Promise<StartupResult> {
  const baseline: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    spawnSync(process.execPath, ['-e', '0']);
    baseline.push(performance.now() - started);
  }
  const version: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const run = await runStateward(['--version'], { instrumented: false });
    if (run.exitCode !== 0) throw new Error(`stateward --version exited with ${run.exitCode}: ${run.stderr}`);
    version.push(run.wallMs);
  }
  // No credentials and an endpoint that answers nothing: offline must not need either.
  const config = writeConfig(fleetProjects(10));
  const offline = { AWS_ENDPOINT_URL: 'http://127.0.0.1:9' };
  const plans: number[] = [];
  let peak = 0;
  for (let i = 0; i < RUNS; i++) {
    const run = await runStateward(['-c', config, 'plan', '--offline', '--quiet'], {
      env: offline,
      instrumented: i === 0,
    });
    if (run.exitCode !== 0) throw new Error(`plan --offline exited with ${run.exitCode}: ${run.stderr}`);
    if (i === 0) peak = run.peakRssMb;
    else plans.push(run.wallMs);
  }
  return {
    runs: RUNS,
    nodeBaselineMs: median(baseline),
    versionMs: median(version),
    planOffline10Ms: median(plans),
    planOffline10PeakRssMb: peak,
  };
}
