// One measured run of the built CLI (./bin/stateward) against moto: wall time from spawn to exit, the AWS
// calls it reported with --stats-json, and its peak RSS (rss-probe.mjs, preloaded into the child).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { StatsReport } from '../src/cli/stats.ts';
import { childEnv } from '../test/support/aws-env.ts';

export const ROOT = fileURLToPath(new URL('../', import.meta.url));
const BIN = join(ROOT, 'bin/stateward');
const PROBE = fileURLToPath(new URL('./rss-probe.mjs', import.meta.url));

export interface Measurement {
  exitCode: number;
  wallMs: number;
  peakRssMb: number;
  /** What --stats-json wrote; undefined when the command opened no AWS client (or does not report stats). */
  stats?: StatsReport;
  stderr: string;
}

export interface RunOptions {
  /** Environment for the child on top of process.env without AWS_* (e.g. moto.env). */
  env?: Record<string, string>;
  /** Preload the RSS probe and ask for --stats-json (off for start-up timing, where it would add work). */
  instrumented?: boolean;
}

export async function runStateward(args: string[], options: RunOptions = {}): Promise<Measurement> {
  const scratch = mkdtempSync(join(tmpdir(), 'stateward-bench-'));
  const statsFile = join(scratch, 'stats.json');
  const rssFile = join(scratch, 'rss');
  const instrumented = options.instrumented ?? true;
  const nodeArgs = instrumented ? ['--import', PROBE, BIN, '--stats-json', statsFile, ...args] : [BIN, ...args];
  const env = { ...childEnv(options.env ?? {}), NO_COLOR: '1', ...(instrumented ? { BENCH_RSS_FILE: rssFile } : {}) };
  try {
    const started = performance.now();
    const { code, stderr } = await spawnAndWait(nodeArgs, env);
    const wallMs = performance.now() - started;
    return {
      exitCode: code,
      wallMs,
      peakRssMb: existsSync(rssFile) ? Number(readFileSync(rssFile, 'utf8')) / 1024 : Number.NaN,
      ...(existsSync(statsFile) ? { stats: JSON.parse(readFileSync(statsFile, 'utf8')) as StatsReport } : {}),
      stderr,
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** stdout is drained and dropped (verify prints a matrix per project); stderr is kept for error reports. */
function spawnAndWait(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stderr: string }> {
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stdout.resume();
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-20_000)));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code: code ?? -1, stderr }));
  });
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
