// `--stats` and `--stats-json FILE`: what a command cost in AWS calls, per service and operation, with the
// retries the SDK made and the calls that failed in the end. The table goes to stderr so that stdout stays
// the command's data (plan --json, verify --json); the JSON file is for scripts and the bench.
import { writeFileSync } from 'node:fs';
import type { OperationStats } from '../aws/middleware/call-stats.ts';
import { StatewardError } from '../errors.ts';
import { EXIT_ERROR, formatError } from './output.ts';

export interface StatsOptions {
  /** Print the table to stderr when the command is done. */
  stats?: boolean;
  /** Write the same figures as JSON to this file. */
  statsJson?: string;
}

export interface StatsTotals {
  calls: number;
  attempts: number;
  retries: number;
  errors: number;
  reads: number;
  writes: number;
}

export interface StatsReport {
  version: 1;
  operations: Array<OperationStats & { kind: 'read' | 'write'; retries: number }>;
  totals: StatsTotals;
}

// Get*, List*, Head*, Describe*, Scan and Query change nothing; every other operation (Put, Create, Update,
// Tag, Attach, Delete, ...) is a write.
// AssumeRole (into an environment account's management role) changes nothing in any account: a read.
const READ_OPERATION = /^(Get|List|Head|Describe|Scan$|Query$|BatchGet|AssumeRole$)/;

export function operationKind(operation: string): 'read' | 'write' {
  return READ_OPERATION.test(operation) ? 'read' : 'write';
}

export function statsReport(entries: readonly OperationStats[]): StatsReport {
  const operations = entries.map((entry) => ({
    ...entry,
    kind: operationKind(entry.operation),
    retries: entry.attempts - entry.calls,
  }));
  const sum = (pick: (entry: (typeof operations)[number]) => number) =>
    operations.reduce((total, entry) => total + pick(entry), 0);
  return {
    version: 1,
    operations,
    totals: {
      calls: sum((e) => e.calls),
      attempts: sum((e) => e.attempts),
      retries: sum((e) => e.retries),
      errors: sum((e) => e.errors),
      reads: sum((e) => (e.kind === 'read' ? e.calls : 0)),
      writes: sum((e) => (e.kind === 'write' ? e.calls : 0)),
    },
  };
}

/** Aligned columns, numbers right-aligned, one row per operation and a total row. */
export function renderStatsTable(report: StatsReport): string {
  const { totals } = report;
  const header = ['service', 'operation', 'kind', 'calls', 'attempts', 'retries', 'errors'];
  const rows = report.operations.map((e) => [
    e.service,
    e.operation,
    e.kind,
    ...[e.calls, e.attempts, e.retries, e.errors].map(String),
  ]);
  const total = [
    'total',
    `${totals.reads} reads, ${totals.writes} writes`,
    '',
    ...[totals.calls, totals.attempts, totals.retries, totals.errors].map(String),
  ];
  const all = [header, ...rows, total];
  const widths = header.map((_, column) => Math.max(...all.map((row) => (row[column] ?? '').length)));
  const line = (row: string[]) =>
    row
      .map((cell, column) => (column >= 3 ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!)))
      .join('  ')
      .trimEnd();
  return [`AWS calls of this command:`, line(header), ...rows.map(line), line(total)].join('\n');
}

/** Called once, when a command that opened AWS clients is done (also when it failed). */
export function reportAwsStats(options: StatsOptions, stats: { snapshot(): OperationStats[] }): void {
  if (!options.stats && !options.statsJson) return;
  const report = statsReport(stats.snapshot());
  if (options.stats) process.stderr.write(`\n${renderStatsTable(report)}\n`);
  if (options.statsJson) writeStatsFile(options.statsJson, report);
}

/** A file that cannot be written is reported, not thrown: it must not hide the command's own outcome. */
function writeStatsFile(file: string, report: StatsReport): void {
  try {
    writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  } catch (error) {
    const problem = new StatewardError(
      'CLI_STATS_FILE',
      `Cannot write the AWS call statistics to ${file}: ${(error as Error).message}`,
      'Pass a --stats-json path in a directory you can write to.',
    );
    process.stderr.write(`${formatError(problem)}\n`);
    process.exitCode = EXIT_ERROR;
  }
}
