// Once per bench: are --stats' counts what really reached AWS? A cold apply of a fresh 10-project fleet, with
// moto's request recorder on, compared operation by operation (HTTP attempts on both sides).
import { startFleet } from './fleet.ts';
import { runStateward } from './measure.ts';
import { type CallCounts, callKey, countRecorded, differences } from './recorded-calls.ts';

export interface CrossCheck {
  fleet: number;
  operation: string;
  statsAttempts: number;
  recordedRequests: number;
  operationsCompared: number;
  match: boolean;
  differences: string[];
}

const FLEET = 10;

export async function crossCheckWithRecorder(): Promise<CrossCheck> {
  const fleet = await startFleet(FLEET);
  try {
    await fleet.moto.recorder.reset();
    await fleet.moto.recorder.start();
    const applied = await runStateward(['-c', fleet.config, 'apply', '--auto-approve', '--quiet'], {
      env: fleet.moto.env,
    });
    await fleet.moto.recorder.stop();
    if (applied.exitCode !== 0 || !applied.stats)
      throw new Error(`cross-check apply failed (exit ${applied.exitCode}):\n${applied.stderr}`);
    const recorded = countRecorded(await fleet.moto.recorder.download());
    const fromStats: CallCounts = new Map(
      applied.stats.operations.map((o) => [callKey(o.service, o.operation), o.attempts]),
    );
    const found = differences(fromStats, recorded);
    return {
      fleet: FLEET,
      operation: 'cold apply',
      statsAttempts: applied.stats.totals.attempts,
      recordedRequests: [...recorded.values()].reduce((a, b) => a + b, 0),
      operationsCompared: new Set([...fromStats.keys(), ...recorded.keys()]).size,
      match: found.length === 0,
      differences: found,
    };
  } finally {
    await fleet.moto.stop();
  }
}
