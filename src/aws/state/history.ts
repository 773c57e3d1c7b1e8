// `stateward history`: each version's metadata and what its body says, fetched in parallel under a
// byte budget, each body parsed and dropped at once so memory stays bounded however long the history is.

import { stateObjectKey } from '../../backend/keys.ts';
import type { BackendTarget } from '../../backend/types.ts';
import { StatewardError } from '../../errors.ts';
import { type HistoryEntry, summarizeState } from '../../state/history.ts';
import { parseState } from '../../state/state-file.ts';
import type { AwsClients } from '../clients.ts';
import { createByteBudget } from './byte-budget.ts';
import type { StateCallContext } from './errors.ts';
import { listStateVersions, readStateVersion, versionLabel } from './versions.ts';

export interface HistoryOptions {
  limit?: number;
  /** Parallel fetches (default 8) and body bytes in flight (default 64 MiB). */
  concurrency?: number;
  maxBytesInFlight?: number;
}

export async function stateHistory(
  clients: AwsClients,
  context: StateCallContext,
  target: BackendTarget,
  options: HistoryOptions = {},
): Promise<HistoryEntry[]> {
  const key = stateObjectKey(target);
  const { versions } = await listStateVersions(clients, context, target.bucket, key, options.limit);
  const budget = createByteBudget(options.maxBytesInFlight ?? 64 * 1024 * 1024, options.concurrency ?? 8);
  return Promise.all(
    versions.map((meta) =>
      budget(meta.size, async (): Promise<HistoryEntry> => {
        const text = await readStateVersion(clients, context, target.bucket, key, meta.versionId);
        try {
          return {
            ...meta,
            summary: summarizeState(parseState(text, versionLabel(target.bucket, key, meta.versionId))),
          };
        } catch (error) {
          if (error instanceof StatewardError && error.code === 'STATE_CORRUPT')
            return { ...meta, error: error.message };
          throw error;
        }
      }),
    ),
  );
}
