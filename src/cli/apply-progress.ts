// How apply shows progress: one line per settled change (one project, or not a terminal), or a live list
// with one task per project at a terminal, whose title counts its settled changes.
import { Listr } from 'listr2';
import type { ApplyProgress } from '../aws/execute/index.ts';
import type { Change, Plan } from '../plan/index.ts';
import { printLine } from './print.ts';

export interface ProgressView {
  onProgress?: (progress: ApplyProgress) => void;
  /** Resolves when the view has drawn the last change. */
  finished: Promise<void>;
}

export function progressView(plan: Plan, quiet: boolean): ProgressView {
  const projects = new Set(plan.changes.flatMap((c) => (c.project ? [c.project] : [])));
  if (quiet) return { finished: Promise.resolve() };
  if (projects.size <= 1) return { onProgress: printProgress, finished: Promise.resolve() };
  const byGroup = groups(plan);
  const tracker = progressTracker(byGroup);
  const list = new Listr(
    [...byGroup.keys()].map((label) => ({
      title: label,
      task: (_ctx: unknown, task: { title: string; output: string }) => tracker.track(label, task),
    })),
    // A terminal that reports no width (some CI pseudo-terminals) makes the live renderer wrap every character.
    // Signals are apply's to handle: listr's own listener would exit 127 with no summary.
    {
      concurrent: true,
      exitOnError: false,
      collectErrors: false,
      registerSignalListeners: false,
      renderer: (process.stdout.columns ?? 0) >= 40 ? 'default' : 'simple',
    },
  );
  return {
    onProgress: tracker.update,
    finished: list.run().then(
      () => undefined,
      () => undefined,
    ),
  };
}

const groupOf = (change: Change) => (change.project ? `project ${change.project}` : 'shared resources');

/** Changes grouped by project ("shared resources" for the account's), in plan order. */
function groups(plan: Plan): Map<string, Change[]> {
  const byGroup = new Map<string, Change[]>();
  for (const change of plan.changes) byGroup.set(groupOf(change), [...(byGroup.get(groupOf(change)) ?? []), change]);
  return byGroup;
}

/** One listr task per group: its title counts settled changes; it fails when any of its changes did not apply. */
function progressTracker(byGroup: Map<string, Change[]>) {
  const state = new Map(
    [...byGroup].map(([name, changes]) => [
      name,
      {
        total: changes.length,
        settled: 0,
        failed: 0,
        notStarted: 0,
        task: undefined as { title: string; output: string } | undefined,
        finish: () => {},
      },
    ]),
  );
  return {
    track: (name: string, task: { title: string; output: string }) =>
      new Promise<void>((resolve, reject) => {
        const entry = state.get(name)!;
        entry.task = task;
        entry.finish = () => {
          if (entry.failed > 0) reject(new Error(`${name}: ${entry.failed} of ${entry.total} changes failed`));
          else if (entry.notStarted > 0) reject(new Error(`${name}: interrupted, ${entry.notStarted} not started`));
          else resolve();
        };
        if (entry.settled === entry.total) entry.finish();
      }),
    update: (progress: ApplyProgress) => {
      const name = groupOf(progress.change);
      const entry = state.get(name)!;
      if (progress.state === 'started') {
        if (entry.task) entry.task.output = progress.change.id;
        return;
      }
      entry.settled += 1;
      if (progress.state === 'not-started') entry.notStarted += 1;
      else if (progress.state !== 'done') entry.failed += 1;
      if (entry.task) entry.task.title = `${name} (${entry.settled}/${entry.total})`;
      if (entry.settled === entry.total) entry.finish();
    },
  };
}

function printProgress(progress: ApplyProgress): void {
  if (progress.state === 'started') return;
  const mark = { done: 'ok', failed: 'FAILED', skipped: 'skipped', 'not-started': 'not started' }[progress.state];
  printLine(`  ${progress.change.id}: ${mark}`);
}
