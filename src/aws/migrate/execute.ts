// Carries out one planned state, under terraform's own lock at the source and at the destination: decide
// again with both locks held (nothing may have changed since the plan), write the exact bytes, write the
// `-md5` digest where the destination uses DynamoDB, read both back and compare, and give both locks back.
import * as S3 from '@aws-sdk/client-s3';
import { digestItemId, lockItemId, lockTableName, stateObjectKey } from '../../backend/keys.ts';
import type { BackendTarget } from '../../backend/types.ts';
import { StatewardError } from '../../errors.ts';
import { destinationLabel, type PlannedUnit, planUnit } from '../../migrate/plan.ts';
import type { LockInfo } from '../../state/lock-info.ts';
import type { AwsClients } from '../clients.ts';
import { mustStateCall } from '../state/errors.ts';
import { putDigestItem } from '../state/lock-item.ts';
import { sseParams } from '../state/lock-object.ts';
import { acquireStateLock, releaseStateLock, usesLockItem } from '../state/state-lock.ts';
import { observeUnit } from './prepare.ts';
import { MIGRATE_CONTEXT, readDigest, readObjectText } from './read.ts';

export const MIGRATE_OPERATION = 'stateward migrate';

/** Who takes the locks: the same holder for every state of one run, each lock with its own Path. */
export type LockOwner = Omit<LockInfo, 'Path' | 'Operation' | 'Created'>;

export async function executeUnit(
  clients: AwsClients,
  planned: PlannedUnit,
  owner: LockOwner,
  warn: (text: string) => void,
): Promise<void> {
  const { unit } = planned;
  const held: BackendTarget[] = [];
  try {
    if (unit.source) {
      await lock(clients, unit.source, owner, 'MIGRATE_SOURCE_LOCKED');
      held.push(unit.source);
    }
    await lock(clients, unit.destination, owner, 'MIGRATE_DESTINATION_LOCKED');
    held.push(unit.destination);
    const seen = await observeUnit(clients, unit, { locks: false });
    const now = planUnit(unit, seen);
    if (now.refusal) throw now.refusal;
    if (now.action !== planned.action || now.state?.digest !== planned.state?.digest) {
      throw new StatewardError(
        'MIGRATE_CHANGED_SINCE_PLAN',
        `${unit.sourceLabel} or ${destinationLabel(unit.destination)} changed after the plan was made (planned: ${planned.action}, now: ${now.action}); this state was not written.`,
        'Run the migration again: it plans against what both sides hold now.',
      );
    }
    await write(clients, planned, seen.sourceBody);
  } finally {
    for (const target of held.reverse()) await release(clients, target, owner.ID, warn);
  }
}

async function lock(clients: AwsClients, target: BackendTarget, owner: LockOwner, code: string): Promise<void> {
  const info: LockInfo = {
    ...owner,
    Operation: MIGRATE_OPERATION,
    Created: new Date().toISOString(),
    Path: lockItemId(target),
  };
  try {
    await acquireStateLock(clients, MIGRATE_CONTEXT, target, info);
  } catch (error) {
    if (!(error instanceof StatewardError) || error.code !== 'STATE_LOCKED') throw error;
    throw new StatewardError(
      code,
      error.message,
      'Wait for that terraform run to finish and run the migration again; states already migrated are not written again.',
      { cause: error },
    );
  }
}

async function write(clients: AwsClients, { unit, action, state }: PlannedUnit, body: string): Promise<void> {
  const { destination } = unit;
  const key = stateObjectKey(destination);
  if (action === 'copy' || action === 'update') {
    await mustStateCall(clients, MIGRATE_CONTEXT, (c) =>
      c.s3.send(
        new S3.PutObjectCommand({
          Bucket: destination.bucket,
          Key: key,
          Body: Buffer.from(body, 'utf8'),
          ContentType: 'application/json',
          ...sseParams(destination.encryption),
        }),
      ),
    );
  }
  const digest = state?.digest ?? '';
  if (usesLockItem(destination))
    await putDigestItem(clients, MIGRATE_CONTEXT, lockTableName(destination), digestItemId(destination), digest);
  const readBack = await readObjectText(clients, destination.bucket, key);
  const digestBack = usesLockItem(destination) ? await readDigest(clients, destination) : digest;
  if (readBack !== body || digestBack !== digest) {
    throw new StatewardError(
      'MIGRATE_READBACK_MISMATCH',
      `${destinationLabel(destination)} does not read back as written (${readBack === body ? `digest ${digestBack}, expected ${digest}` : 'other bytes'}); the source is unchanged.`,
      'Run the migration again; if it fails the same way, check for another writer to that bucket or table.',
    );
  }
}

async function release(clients: AwsClients, target: BackendTarget, id: string, warn: (text: string) => void) {
  try {
    const outcome = await releaseStateLock(clients, MIGRATE_CONTEXT, target, id);
    for (const { store } of outcome.notOurs)
      warn(`warning: stateward's lock ${id} on ${lockItemId(target)} (${store}) was gone or replaced; left alone.`);
  } catch (error) {
    warn(
      `error: stateward could not release its lock ${id} on ${lockItemId(target)}: ${(error as Error).message}\n  Clear it with \`terraform force-unlock ${id}\` once no run is in progress.`,
    );
  }
}
