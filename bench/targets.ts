// The bench's targets: figures to read, not assertions. Each becomes a line "target, figure, ok/over".
import type { LatencyResult } from './latency.ts';
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
  noOpPlanCallsPerProject: 8.5,
  /** IAM is global and slow: a fleet's no-op plan must not read it per project. */
  noOpPlanIamCalls: 10,
  auditCallsPerProject: 9,
  verifyLiveCallsPerProject: 9,
  /** Wall time with AWS-like latency against the emulator's serial floor (bench/latency.ts). */
  latencyOverFloor: 1.3,
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

const iamCalls = (r: OperationResult) =>
  Object.entries(r.byOperation)
    .filter(([key]) => key.startsWith('iam:'))
    .reduce((sum, [, n]) => sum + n, 0);

export function evaluateTargets(
  results: OperationResult[],
  startup: StartupResult | undefined,
  latency: LatencyResult[] = [],
): TargetCheck[] {
  const of = (operation: string) => results.filter((r) => r.operation === operation);
  const checks: TargetCheck[] = [
    ...of('no-op plan').flatMap((r) => [
      check('no-op plan: calls per project', r.callsPerProject, LIMITS.noOpPlanCallsPerProject, 'calls', r.fleet),
      check('no-op plan: IAM calls in all', iamCalls(r), LIMITS.noOpPlanIamCalls, 'calls', r.fleet),
      check('no-op plan: writes', r.writes, 0, 'writes', r.fleet),
    ]),
    ...of('verify --live').map((r) =>
      check('verify --live: calls per project', r.callsPerProject, LIMITS.verifyLiveCallsPerProject, 'calls', r.fleet),
    ),
    ...of('audit').map((r) =>
      check('audit: calls per project', r.callsPerProject, LIMITS.auditCallsPerProject, 'calls', r.fleet),
    ),
    ...latency.map((r) =>
      check(
        `${r.operation}, ${r.latencyMs} ms per request: wall / serial floor (×)`,
        Number(r.ratio.toFixed(2)),
        LIMITS.latencyOverFloor,
        '×',
        r.fleet,
      ),
    ),
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
