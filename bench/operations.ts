// The operations measured on each fleet, in the order a platform team meets them: the first apply, the daily
// no-op plan and apply, verify offline and live, and audit. Each becomes one OperationResult.
import { operationKind, type StatsReport } from '../src/cli/stats.ts';
import type { Fleet } from './fleet.ts';
import { type Measurement, runStateward } from './measure.ts';
import { type CallCounts, countRecorded } from './recorded-calls.ts';

export interface OperationSpec {
  name: string;
  args: string[];
  /** Exit codes that mean the operation did its job (audit: 2 = findings, still a full scan). */
  okExit: number[];
}

export const OPERATIONS: OperationSpec[] = [
  { name: 'cold apply', args: ['apply', '--auto-approve', '--quiet'], okExit: [0] },
  { name: 'no-op plan', args: ['plan', '--detailed-exitcode', '--quiet'], okExit: [0] },
  { name: 'no-op apply', args: ['apply', '--auto-approve', '--quiet'], okExit: [0] },
  { name: 'verify offline', args: ['verify'], okExit: [0] },
  { name: 'verify --live', args: ['verify', '--live'], okExit: [0] },
  { name: 'audit', args: ['audit'], okExit: [0, 2] },
];

export interface OperationResult {
  fleet: number;
  operation: string;
  exitCode: number;
  ok: boolean;
  wallMs: number;
  msPerProject: number;
  peakRssMb: number;
  /** Where the call counts come from: --stats, moto's recorder (commands without --stats), or none (no AWS). */
  callsSource: 'stats' | 'moto recorder' | 'none';
  calls: number;
  attempts: number;
  retries: number;
  reads: number;
  writes: number;
  callsPerProject: number;
  readsPerProject: number;
  writesPerProject: number;
  byOperation: Record<string, number>;
  /** The end of stderr when the exit code was not ok. */
  error?: string;
}

export async function measureOperation(fleet: Fleet, spec: OperationSpec): Promise<OperationResult> {
  // Commands that do not report --stats (audit, for now) are counted by moto's recorder instead.
  const record = spec.name === 'audit';
  if (record) {
    await fleet.moto.recorder.reset();
    await fleet.moto.recorder.start();
  }
  const measured = await runStateward(['-c', fleet.config, ...spec.args], { env: fleet.moto.env });
  const recorded = record ? countRecorded(await stopAndDownload(fleet)) : undefined;
  return toResult(fleet.size, spec, measured, recorded);
}

async function stopAndDownload(fleet: Fleet) {
  await fleet.moto.recorder.stop();
  const requests = await fleet.moto.recorder.download();
  await fleet.moto.recorder.reset();
  return requests;
}

function toResult(
  fleet: number,
  spec: OperationSpec,
  measured: Measurement,
  recorded: CallCounts | undefined,
): OperationResult {
  const counts = measured.stats ? fromStats(measured.stats) : recorded ? fromRecorder(recorded) : undefined;
  const totals = counts ?? { calls: 0, attempts: 0, retries: 0, reads: 0, writes: 0, byOperation: {} };
  const ok = spec.okExit.includes(measured.exitCode);
  return {
    fleet,
    operation: spec.name,
    exitCode: measured.exitCode,
    ok,
    wallMs: measured.wallMs,
    msPerProject: measured.wallMs / fleet,
    peakRssMb: measured.peakRssMb,
    callsSource: measured.stats ? 'stats' : recorded ? 'moto recorder' : 'none',
    ...totals,
    callsPerProject: totals.calls / fleet,
    readsPerProject: totals.reads / fleet,
    writesPerProject: totals.writes / fleet,
    ...(ok ? {} : { error: measured.stderr.trim().split('\n').slice(-5).join('\n') }),
  };
}

function fromStats(stats: StatsReport) {
  const byOperation = Object.fromEntries(stats.operations.map((o) => [`${o.service}:${o.operation}`, o.calls]));
  const { calls, attempts, retries, reads, writes } = stats.totals;
  return { calls, attempts, retries, reads, writes, byOperation };
}

/** The recorder sees HTTP requests, i.e. attempts; without faults every attempt is a call. */
function fromRecorder(recorded: CallCounts) {
  const byOperation = Object.fromEntries([...recorded].sort(([a], [b]) => a.localeCompare(b)));
  const entries = [...recorded];
  const sum = (kind?: 'read' | 'write') =>
    entries
      .filter(([key]) => !kind || operationKind(key.split(':')[1] ?? '') === kind)
      .reduce((total, [, n]) => total + n, 0);
  return { calls: sum(), attempts: sum(), retries: 0, reads: sum('read'), writes: sum('write'), byOperation };
}
