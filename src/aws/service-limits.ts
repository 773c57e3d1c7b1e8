// How many calls of each AWS service are in flight at once. One limit for everything either starves S3
// (a fleet's reads are mostly per-bucket S3 reads, which S3 serves thousands a second) or floods IAM (a
// global control plane that throttles at a few dozen calls a second per account). With a limit per service,
// the S3 reads hide the per-request latency of AWS while IAM stays polite.
//
// Adaptive to throttling: every client runs the SDK's `adaptive` retry mode (clients.ts), whose token bucket
// is per client, i.e. per service; it sees every attempt's throttling answer (also those a retry then
// recovers, which a limiter around `send` never sees) and lowers that service's send rate alone. A limiter of
// our own that halves on Throttling would repeat the same control loop with less information, so the limits
// here are fixed caps and the rate adapts below them.
import type { AwsClients } from './clients.ts';
import { createLimiter, type Limiter } from './limit.ts';

export type LimitedService = 's3' | 'iam' | 'sts' | 'dynamodb' | 'costExplorer';
export type ServiceLimiters = Record<LimitedService, Limiter>;

/** Reads in flight per service. S3: below the SDK's 50 sockets per client; IAM: what its read rate tolerates. */
export const READ_CONCURRENCY: Readonly<Record<LimitedService, number>> = {
  s3: 32,
  iam: 4,
  sts: 2,
  dynamodb: 8,
  costExplorer: 2,
};

export function serviceLimiters(
  concurrency: Readonly<Record<LimitedService, number>> = READ_CONCURRENCY,
): ServiceLimiters {
  return {
    s3: createLimiter(concurrency.s3),
    iam: createLimiter(concurrency.iam),
    sts: createLimiter(concurrency.sts),
    dynamodb: createLimiter(concurrency.dynamodb),
    costExplorer: createLimiter(concurrency.costExplorer),
  };
}

/** The same clients, each one's `send` waiting for its service's limiter; everything else is the client itself. */
export function limitedClients(clients: AwsClients, limiters: ServiceLimiters): AwsClients {
  return {
    ...clients,
    s3: limitSend(clients.s3, limiters.s3),
    iam: limitSend(clients.iam, limiters.iam),
    sts: limitSend(clients.sts, limiters.sts),
    dynamodb: limitSend(clients.dynamodb, limiters.dynamodb),
    costExplorer: limitSend(clients.costExplorer, limiters.costExplorer),
  };
}

function limitSend<C extends object>(client: C, limit: Limiter): C {
  return new Proxy(client, {
    get(target, property) {
      const value = Reflect.get(target, property, target);
      if (property !== 'send' || typeof value !== 'function') return value;
      return (...args: unknown[]) => limit(() => value.apply(target, args));
    },
  });
}
