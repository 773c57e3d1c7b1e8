// The bench's text report: one row per fleet and operation, start-up, the recorder cross-check, targets.
import type { CrossCheck } from './cross-check.ts';
import type { LatencyResult } from './latency.ts';
import type { OperationResult } from './operations.ts';
import type { StartupResult } from './startup.ts';
import type { TargetCheck } from './targets.ts';

/** Columns padded to their widest cell; numbers (cells starting with a digit or '-') right-aligned. */
function table(header: string[], rows: string[][]): string {
  const all = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...all.map((row) => (row[c] ?? '').length)));
  const numeric = (cell: string) => /^-?\d/.test(cell);
  const line = (row: string[]) =>
    row
      .map((cell, c) => (numeric(cell) ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

const fixed = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '-');

export function renderResults(results: OperationResult[]): string {
  const header = [
    'projects',
    'operation',
    'exit',
    'wall s',
    'ms/project',
    'calls',
    'calls/project',
    'reads/project',
    'writes/project',
    'retries',
    'peak RSS MB',
    'counted by',
  ];
  const rows = results.map((r) => [
    String(r.fleet),
    r.operation,
    `${r.exitCode}${r.ok ? '' : ' !'}`,
    fixed(r.wallMs / 1000, 2),
    fixed(r.msPerProject),
    String(r.calls),
    fixed(r.callsPerProject, 2),
    fixed(r.readsPerProject, 2),
    fixed(r.writesPerProject, 2),
    String(r.retries),
    fixed(r.peakRssMb),
    r.callsSource,
  ]);
  const failures = results
    .filter((r) => !r.ok)
    .map((r) => `! ${r.fleet} projects, ${r.operation}: exit ${r.exitCode}\n${r.error ?? ''}`);
  return [table(header, rows), ...failures].join('\n');
}

/** The multi-account fleets next to the single-account fleet of the same size, operation by operation. */
export function renderAccounts(accounts: OperationResult[], single: OperationResult[], count: number): string {
  if (accounts.length === 0) return 'multi-account fleets: none (BENCH_ACCOUNT_FLEETS=0)';
  const header = [
    `projects × ${count} accounts`,
    'operation',
    'exit',
    'wall s',
    'calls/project',
    'writes/project',
    '1 account: wall s',
    'calls/project',
    'wall ratio',
  ];
  const rows = accounts.map((r) => {
    const one = single.find((s) => s.fleet === r.fleet && s.operation === r.operation);
    return [
      String(r.fleet),
      r.operation,
      `${r.exitCode}${r.ok ? '' : ' !'}`,
      fixed(r.wallMs / 1000, 2),
      fixed(r.callsPerProject, 2),
      fixed(r.writesPerProject, 2),
      one ? fixed(one.wallMs / 1000, 2) : '-',
      one ? fixed(one.callsPerProject, 2) : '-',
      one ? `${fixed(r.wallMs / one.wallMs, 2)}x` : '-',
    ];
  });
  const failures = accounts
    .filter((r) => !r.ok)
    .map((r) => `! ${r.fleet} projects × ${count} accounts, ${r.operation}: exit ${r.exitCode}\n${r.error ?? ''}`);
  return [table(header, rows), ...failures].join('\n');
}

export function renderLatency(results: LatencyResult[]): string {
  const header = [
    'projects',
    'operation',
    'latency ms',
    'exit',
    'wall s',
    'requests',
    'emulator ms/request',
    'serial floor s',
    'wall / floor',
  ];
  const rows = results.map((r) => [
    String(r.fleet),
    r.operation,
    String(r.latencyMs),
    `${r.exitCode}${r.ok ? '' : ' !'}`,
    fixed(r.wallMs / 1000, 2),
    String(r.attempts),
    fixed(r.emulatorMsPerRequest, 2),
    fixed(r.serialFloorMs / 1000, 2),
    fixed(r.ratio, 2),
  ]);
  const failures = results
    .filter((r) => !r.ok)
    .map((r) => `! ${r.fleet} projects, ${r.operation} with latency: exit ${r.exitCode}\n${r.error ?? ''}`);
  return [table(header, rows), ...failures].join('\n');
}

export function renderStartup(startup: StartupResult): string {
  return table(
    [`start-up (median of ${startup.runs})`, 'ms'],
    [
      ['node -e 0 (Node itself)', fixed(startup.nodeBaselineMs)],
      ['stateward --version', fixed(startup.versionMs)],
      ['stateward plan --offline, 10 projects', fixed(startup.planOffline10Ms)],
      ['  its peak RSS (MB)', fixed(startup.planOffline10PeakRssMb)],
    ],
  );
}

export function renderCrossCheck(check: CrossCheck): string {
  const verdict = check.match ? 'match' : 'DIFFER';
  const head = `--stats against moto's request recorder (${check.operation}, ${check.fleet} projects): ${check.statsAttempts} attempts counted, ${check.recordedRequests} requests recorded, ${check.operationsCompared} operations compared: ${verdict}`;
  return [head, ...check.differences.map((d) => `  ${d}`)].join('\n');
}

export function renderTargets(checks: TargetCheck[]): string {
  const rows = checks.map((c) => [
    c.target,
    c.fleet === undefined ? '' : String(c.fleet),
    fixed(c.figure, 2),
    `≤ ${c.limit}`,
    c.ok ? 'ok' : 'over',
  ]);
  return table(['target', 'projects', 'figure', 'limit', ''], rows);
}
