// The bench's targets: figures to read, not assertions. Each becomes a line "target, figure, ok/over".
import type { OperationResult } from './operations.ts';
import type { StartupResult } from './startup.ts';

export interface TargetCheck {
  target: string;
  fleet?: number;
  figure: number;
  limit: number;
  unit: string;
  ok: boolean;
}

export const LIMITS = {
  noOpPlanReadsPerProject: 14,
  coldApplyWritesPerProject: 14,
  versionMs: 150,
  /** ms/project at a fleet may be at most this factor of ms/project at the next smaller fleet. */
  linearGrowth: 1.25,
};

const check = (target: string, figure: number, limit: number, unit: string, fleet?: number): TargetCheck => ({
  target,
  ...(fleet === undefined ? {} : { fleet }),
  figure,
  limit,
  unit,
  ok: figure <= limit,
});

export function evaluateTargets(results: OperationResult[], startup: StartupResult | undefined): TargetCheck[] {
  const of = (operation: string) => results.filter((r) => r.operation === operation);
  const checks: TargetCheck[] = [
    ...of('no-op plan').flatMap((r) => [
      check('no-op plan: reads per project', r.readsPerProject, LIMITS.noOpPlanReadsPerProject, 'reads', r.fleet),
      check('no-op plan: writes', r.writes, 0, 'writes', r.fleet),
    ]),
    ...of('no-op apply').map((r) => check('no-op apply: writes', r.writes, 0, 'writes', r.fleet)),
    ...of('cold apply').map((r) =>
      check('cold apply: writes per project', r.writesPerProject, LIMITS.coldApplyWritesPerProject, 'writes', r.fleet),
    ),
    ...linearity(results),
  ];
  if (startup) checks.push(check('--version start-up (median)', startup.versionMs, LIMITS.versionMs, 'ms'));
  return checks;
}

/** For each operation, ms/project of every fleet against the next smaller one: growth must not be superlinear. */
function linearity(results: OperationResult[]): TargetCheck[] {
  const operations = [...new Set(results.map((r) => r.operation))];
  return operations.flatMap((operation) => {
    const fleets = results.filter((r) => r.operation === operation).sort((a, b) => a.fleet - b.fleet);
    return fleets.slice(1).map((r, i) => {
      const previous = fleets[i]!;
      const ratio = r.msPerProject / previous.msPerProject;
      return check(
        `${operation}: ms/project against ${previous.fleet} projects (×)`,
        Number(ratio.toFixed(2)),
        LIMITS.linearGrowth,
        '×',
        r.fleet,
      );
    });
  });
}
