// One read of the live account: limited in concurrency, with the error codes that mean "not there /
// not configured" turned into undefined and every other error translated (never taken for "absent").
import type { AwsClients } from '../clients.ts';
import { isAwsError, translateAwsError } from '../errors.ts';
import type { Limiter } from '../limit.ts';
import { limitedClients, type ServiceLimiters } from '../service-limits.ts';

export interface Reader {
  clients: AwsClients;
  /** The result, or undefined when AWS answered with one of `absentWhen`. */
  read<T>(call: (clients: AwsClients) => Promise<T>, absentWhen?: readonly string[]): Promise<T | undefined>;
  /** The result; any error is translated and thrown. */
  must<T>(call: (clients: AwsClients) => Promise<T>): Promise<T>;
}

/** One Limiter bounds every call together; ServiceLimiters bound each service's calls on their own. */
export function createReader(clients: AwsClients, limit: Limiter | ServiceLimiters): Reader {
  const limited = typeof limit === 'function' ? undefined : limitedClients(clients, limit);
  const run = <T>(call: (c: AwsClients) => Promise<T>): Promise<T> =>
    limited ? call(limited) : (limit as Limiter)(() => call(clients));
  const read = async <T>(
    call: (c: AwsClients) => Promise<T>,
    absentWhen: readonly string[] = [],
  ): Promise<T | undefined> => {
    try {
      return await run(call);
    } catch (error) {
      if (absentWhen.length > 0 && isAwsError(error, ...absentWhen)) return undefined;
      throw translateAwsError(error, clients);
    }
  };
  return {
    clients,
    read,
    must: async (call) => (await read(call)) as Awaited<ReturnType<typeof call>>,
  };
}

/** Every page of an IAM list call (Marker / IsTruncated), each page one limited read. */
export async function allIamPages<P extends { IsTruncated?: boolean; Marker?: string }>(
  reader: Reader,
  page: (clients: AwsClients, marker: string | undefined) => Promise<P>,
): Promise<P[]> {
  const pages: P[] = [];
  let marker: string | undefined;
  do {
    const current: P = await reader.must((clients) => page(clients, marker));
    pages.push(current);
    marker = current.IsTruncated ? current.Marker : undefined;
  } while (marker);
  return pages;
}

export const NO_SUCH_ENTITY = ['NoSuchEntity', 'NoSuchEntityException'] as const;
