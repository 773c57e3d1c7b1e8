// The order the executor applies changes in: every change after the ones it depends on, and
// otherwise in plan order, so the same plan always runs the same way.

import { StatewardError } from '../errors.ts';
import type { Change } from './change.ts';

/** Topological and stable. Dependencies on ids not in `changes` count as met (e.g. a filtered plan). */
export function orderChanges(changes: readonly Change[]): Change[] {
  const ids = new Set(changes.map((c) => c.id));
  const done = new Set<string>();
  const pending = [...changes];
  const ordered: Change[] = [];
  while (pending.length > 0) {
    const next = pending.findIndex((c) => c.dependsOn.every((id) => done.has(id) || !ids.has(id)));
    if (next === -1) throw cycleError(pending);
    const [change] = pending.splice(next, 1);
    ordered.push(change!);
    done.add(change!.id);
  }
  return ordered;
}

/** Groups of changes that may run at the same time: each wave depends only on earlier waves. */
export function changeWaves(changes: readonly Change[]): Change[][] {
  const ids = new Set(changes.map((c) => c.id));
  const wave = new Map<string, number>();
  const waves: Change[][] = [];
  for (const change of orderChanges(changes)) {
    const level = Math.max(-1, ...change.dependsOn.filter((id) => ids.has(id)).map((id) => wave.get(id)!)) + 1;
    wave.set(change.id, level);
    waves[level] ??= [];
    waves[level].push(change);
  }
  return waves;
}

function cycleError(pending: Change[]): StatewardError {
  return new StatewardError(
    'PLAN_DEPENDENCY_CYCLE',
    `these changes depend on each other in a cycle: ${pending.map((c) => c.id).join(', ')}`,
    'this is a bug in stateward; please report it with the plan (stateward plan --json)',
  );
}
