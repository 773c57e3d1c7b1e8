// Plans a migration against what both sides hold now: the units of every request (with the workspaces found
// at the source), then each side read and handed to the pure planner.
import { stateObjectKey } from '../../backend/keys.ts';
import type { Config } from '../../config/types.ts';
import { StatewardError } from '../../errors.ts';
import {
  type MigrationUnit,
  type PlannedUnit,
  planUnit,
  refuseSharedDestinations,
  type UnitObservation,
} from '../../migrate/plan.ts';
import type { MigrationRequest } from '../../migrate/request.ts';
import { unitsOf, workspaceOfKey } from '../../migrate/units.ts';
import { DEFAULT_WORKSPACE_KEY_PREFIX } from '../../names/naming.ts';
import type { AwsClients } from '../clients.ts';
import { usesLockItem } from '../state/state-lock.ts';
import { bucketExists, listObjectKeys, lockHolder, readDigest, readFileText, readObjectText } from './read.ts';

export async function prepareMigration(
  clients: AwsClients,
  config: Config,
  requests: MigrationRequest[],
): Promise<PlannedUnit[]> {
  const units: MigrationUnit[] = [];
  for (const request of requests) units.push(...unitsOf(request, config, await workspacesOf(clients, request)));
  const planned: PlannedUnit[] = [];
  for (const unit of units) planned.push(planUnit(unit, await observeUnit(clients, unit, { locks: true })));
  return refuseSharedDestinations(planned);
}

async function workspacesOf(clients: AwsClients, request: MigrationRequest): Promise<string[]> {
  if (!request.workspaces || request.from.kind !== 's3') return [];
  const { bucket, key } = request.from;
  const keys = await listObjectKeys(clients, bucket, `${DEFAULT_WORKSPACE_KEY_PREFIX}/`);
  return keys.flatMap((k) => workspaceOfKey(k, key) ?? []).sort();
}

/** Both sides as they are; `locks: false` under stateward's own locks, which it would otherwise see. */
export async function observeUnit(
  clients: AwsClients,
  unit: MigrationUnit,
  options: { locks: boolean },
): Promise<UnitObservation> {
  const { source, destination } = unit;
  const sourceBody = source
    ? await readObjectText(clients, source.bucket, stateObjectKey(source))
    : readFileText(unit.sourceLabel);
  if (sourceBody === undefined) {
    throw new StatewardError(
      'MIGRATE_SOURCE_MISSING',
      `${unit.sourceLabel} does not exist; nothing was copied.`,
      "Check the bucket and key of the old backend block (with --workspaces, the key is the default workspace's).",
    );
  }
  const seen: UnitObservation = { sourceBody, destinationBucket: await bucketExists(clients, destination.bucket) };
  if (source?.lockTable) seen.sourceDigest = await readDigest(clients, source);
  if (options.locks && source) {
    const holder = await lockHolder(clients, source);
    if (holder) seen.sourceLock = holder;
  }
  if (!seen.destinationBucket) return seen;
  const destinationBody = await readObjectText(clients, destination.bucket, stateObjectKey(destination));
  if (destinationBody !== undefined) seen.destinationBody = destinationBody;
  if (usesLockItem(destination)) seen.destinationDigest = await readDigest(clients, destination);
  if (options.locks) {
    const holder = await lockHolder(clients, destination);
    if (holder) seen.destinationLock = holder;
  }
  return seen;
}
