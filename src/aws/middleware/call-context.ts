// Remembers, on a failed call's error, which service, operation and input it was, so that error
// translation can name the exact IAM action and resource the operator lacks.
import type { InitializeMiddleware, Pluggable } from '@smithy/types';

export interface AwsCall {
  service: string;
  operation: string;
  input: Record<string, unknown>;
}

const CALL = Symbol.for('stateward.awsCall');

export function callOf(error: unknown): AwsCall | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  return (error as { [CALL]?: AwsCall })[CALL];
}

export function callContextMiddleware<I extends object, O extends object>(service: string): InitializeMiddleware<I, O> {
  return (next, context) => async (args) => {
    try {
      return await next(args);
    } catch (error) {
      if (typeof error === 'object' && error !== null && !(CALL in error)) {
        const operation = (context.commandName ?? 'Unknown').replace(/Command$/, '');
        Object.defineProperty(error, CALL, {
          value: { service, operation, input: { ...args.input } },
          enumerable: false,
        });
      }
      throw error;
    }
  };
}

export function callContextPlugin<I extends object, O extends object>(service: string): Pluggable<I, O> {
  return {
    applyToStack: (stack) =>
      stack.add(callContextMiddleware<I, O>(service), {
        step: 'initialize',
        name: 'statewardCallContext',
        priority: 'high',
        override: true,
      }),
  };
}
