// A write against AWS: errors translated at the edge, except the few codes a caller expects and handles
// (e.g. "already exists" when another apply got there first).
import type { StatewardError } from '../../errors.ts';
import type { AwsClients } from '../clients.ts';
import { isAwsError, translateAwsError } from '../errors.ts';

export type Tolerated = { tolerated: string };

/** The call's result, or `{ tolerated: code }` when AWS answered with one of `tolerate`. */
export async function send<T>(
  clients: AwsClients,
  call: (c: AwsClients) => Promise<T>,
  tolerate: readonly string[] = [],
): Promise<T | Tolerated> {
  try {
    return await call(clients);
  } catch (error) {
    const name = (error as { name?: string }).name;
    if (name && tolerate.length > 0 && isAwsError(error, ...tolerate)) return { tolerated: name };
    throw translateAwsError(error, clients);
  }
}

export function wasTolerated(result: unknown): result is Tolerated {
  return typeof result === 'object' && result !== null && 'tolerated' in result && Object.keys(result).length === 1;
}

export const ENTITY_EXISTS = ['EntityAlreadyExists', 'EntityAlreadyExistsException'] as const;
export const NO_SUCH_ENTITY = ['NoSuchEntity', 'NoSuchEntityException'] as const;

/** Polls `check` with growing pauses until it returns true; throws `timeoutError()` after `timeoutMs`. */
export async function waitUntilTrue(
  check: () => Promise<boolean>,
  timeoutMs: number,
  timeoutError: () => StatewardError,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let pause = 250;
  for (;;) {
    if (await check()) return;
    if (Date.now() + pause > deadline) throw timeoutError();
    await new Promise((resolve) => setTimeout(resolve, pause));
    pause = Math.min(pause * 2, 4000);
  }
}
