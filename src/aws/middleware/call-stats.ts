// Counts AWS calls per service and operation (what `--stats` shows): how many commands were sent, how many
// HTTP attempts they took (retries included) and how many failed in the end.
import type { InitializeMiddleware, Pluggable } from '@smithy/types';

export interface OperationStats {
  service: string;
  operation: string;
  calls: number;
  attempts: number;
  errors: number;
}

export class CallStats {
  readonly #byOperation = new Map<string, OperationStats>();

  record(service: string, operation: string, attempts: number, failed: boolean): void {
    const key = `${service}:${operation}`;
    const entry = this.#byOperation.get(key) ?? { service, operation, calls: 0, attempts: 0, errors: 0 };
    entry.calls += 1;
    entry.attempts += attempts;
    if (failed) entry.errors += 1;
    this.#byOperation.set(key, entry);
  }

  /** Sorted by service, then operation. */
  snapshot(): OperationStats[] {
    return [...this.#byOperation.values()]
      .map((entry) => ({ ...entry }))
      .sort((a, b) => a.service.localeCompare(b.service) || a.operation.localeCompare(b.operation));
  }

  get totalCalls(): number {
    return this.snapshot().reduce((sum, entry) => sum + entry.calls, 0);
  }
}

export const CALL_STATS_MIDDLEWARE = 'statewardCallStats';

/** Attempts come from the SDK's own response metadata, so they include every retry. */
export function callStatsMiddleware<I extends object, O extends object>(
  stats: CallStats,
  service: string,
): InitializeMiddleware<I, O> {
  return (next, context) => async (args) => {
    const operation = (context.commandName ?? 'Unknown').replace(/Command$/, '');
    try {
      const result = await next(args);
      stats.record(service, operation, attemptsOf(result.output), false);
      return result;
    } catch (error) {
      stats.record(service, operation, attemptsOf(error), true);
      throw error;
    }
  };
}

function attemptsOf(value: unknown): number {
  const attempts = (value as { $metadata?: { attempts?: number } } | undefined)?.$metadata?.attempts;
  return typeof attempts === 'number' && attempts > 0 ? attempts : 1;
}

export function callStatsPlugin<I extends object, O extends object>(
  stats: CallStats,
  service: string,
): Pluggable<I, O> {
  return {
    applyToStack: (stack) =>
      stack.add(callStatsMiddleware<I, O>(stats, service), {
        step: 'initialize',
        name: CALL_STATS_MIDDLEWARE,
        priority: 'high',
        override: true,
      }),
  };
}
