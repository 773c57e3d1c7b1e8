// The migration plan, per state: what it is (serial, lineage, resources, size), where it goes, and whether
// it is copied, already there, or refused. Pure: the edge reads both sides and hands the bodies in, and the
// same function decides again under the locks, so apply writes only what the plan showed.
import { DEFAULT_WORKSPACE, stateObjectKey } from '../backend/keys.ts';
import type { BackendTarget } from '../backend/types.ts';
import { StatewardError } from '../errors.ts';
import { summarizeState } from '../state/history.ts';
import { describeHolder, type LockInfo } from '../state/lock-info.ts';
import { stateDigest } from '../state/restore-body.ts';
import { parseState } from '../state/state-file.ts';
import type { MigrationRequest } from './request.ts';

export interface MigrationUnit {
  request: MigrationRequest;
  workspace: string;
  /** `s3://bucket/key` or the file path. */
  sourceLabel: string;
  /** The source as its backend sees it (S3 sources only): the lock is taken where its terraform takes it. */
  source?: BackendTarget;
  destination: BackendTarget;
}

export interface UnitObservation {
  sourceBody: string;
  /** The source's `-md5` Digest: absent without a lock table, null when the table has no digest item. */
  sourceDigest?: string | null;
  sourceLock?: LockInfo;
  destinationBucket: boolean;
  destinationBody?: string;
  /** The destination's `-md5` Digest when it locks with DynamoDB; null when there is none. */
  destinationDigest?: string | null;
  destinationLock?: LockInfo;
}

/** copy: nothing there yet; update: the same state, older there; digest: the bytes are there, the digest is not. */
export type MigrationAction = 'copy' | 'update' | 'digest' | 'done';

export interface StateFacts {
  serial: number;
  lineage: string;
  resources: number;
  size: number;
  /** Hex MD5 of the bytes: the `-md5` Digest terraform keeps, and what apply checks the source against. */
  digest: string;
}

export interface PlannedUnit {
  unit: MigrationUnit;
  state?: StateFacts;
  action?: MigrationAction;
  refusal?: StatewardError;
}

export const destinationLabel = (target: BackendTarget) => `s3://${target.bucket}/${stateObjectKey(target)}`;

export function planUnit(unit: MigrationUnit, seen: UnitObservation): PlannedUnit {
  let state: StateFacts;
  try {
    state = factsOf(seen.sourceBody, unit.sourceLabel);
  } catch (error) {
    return { unit, refusal: error as StatewardError };
  }
  const refuse = (code: string, message: string, fix: string): PlannedUnit => ({
    unit,
    state,
    refusal: new StatewardError(code, message, fix),
  });
  const to = destinationLabel(unit.destination);
  if (seen.sourceDigest && seen.sourceDigest !== state.digest) {
    return refuse(
      'MIGRATE_SOURCE_DIGEST_MISMATCH',
      `${unit.sourceLabel} does not match its -md5 digest in ${unit.source?.lockTable} (${seen.sourceDigest}, the bytes give ${state.digest}): it is being written, or terraform itself fails to read it; nothing was copied.`,
      'Run `terraform plan` against the old backend: once terraform reads it without a checksum error, run the migration again.',
    );
  }
  if (seen.sourceLock)
    return refuse('MIGRATE_SOURCE_LOCKED', lockedMessage(unit.sourceLabel, seen.sourceLock), lockedFix);
  if (!seen.destinationBucket) {
    return refuse(
      'MIGRATE_NO_DESTINATION',
      `The bucket ${unit.destination.bucket} of project ${unit.request.to} does not exist; nothing was copied.`,
      "Run `stateward apply` first: it creates the project's bucket and role.",
    );
  }
  if (seen.destinationLock)
    return refuse('MIGRATE_DESTINATION_LOCKED', lockedMessage(to, seen.destinationLock), lockedFix);
  if (seen.destinationBody === undefined) return { unit, state, action: 'copy' };
  let there: StateFacts;
  try {
    there = factsOf(seen.destinationBody, to);
  } catch (error) {
    return { unit, state, refusal: error as StatewardError };
  }
  if (there.lineage !== state.lineage) {
    return refuse(
      'MIGRATE_LINEAGE_MISMATCH',
      `${to} already holds another state (lineage ${there.lineage}, serial ${there.serial}) than ${unit.sourceLabel} (lineage ${state.lineage}); it is not overwritten.`,
      `Check the mapping: is ${unit.request.to} the right project and workspace? If the destination's state is the wrong one, move it away yourself (its versions stay in the bucket) and run the migration again.`,
    );
  }
  if (there.digest === state.digest) {
    const digestMissing = seen.destinationDigest !== undefined && seen.destinationDigest !== state.digest;
    return { unit, state, action: digestMissing ? 'digest' : 'done' };
  }
  if (there.serial < state.serial) return { unit, state, action: 'update' };
  return refuse(
    'MIGRATE_DESTINATION_AHEAD',
    `${to} holds serial ${there.serial} of the same lineage, and ${unit.sourceLabel} serial ${state.serial} with other bytes: terraform has already written at the destination, so it is not overwritten.`,
    'The migration of this state is done; point the repo at the new backend (below) and stop using the old one.',
  );
}

/** Two requests that send states to the same destination object: each is refused, neither wins silently. */
export function refuseSharedDestinations(planned: PlannedUnit[]): PlannedUnit[] {
  const count = new Map<string, number>();
  for (const p of planned)
    count.set(destinationLabel(p.unit.destination), (count.get(destinationLabel(p.unit.destination)) ?? 0) + 1);
  return planned.map((p) => {
    const to = destinationLabel(p.unit.destination);
    if ((count.get(to) ?? 0) < 2 || p.refusal) return p;
    const { action: _dropped, ...rest } = p;
    return {
      ...rest,
      refusal: new StatewardError(
        'MIGRATE_SHARED_DESTINATION',
        `${p.unit.sourceLabel} and another source would both be written to ${to}.`,
        'Give each source its own project (or workspace) in the mapping.',
      ),
    };
  });
}

export function factsOf(body: string, label: string): StateFacts {
  const summary = summarizeState(parseState(body, label));
  return {
    serial: summary.serial,
    lineage: summary.lineage,
    resources: summary.resources,
    size: Buffer.byteLength(body, 'utf8'),
    digest: stateDigest(body),
  };
}

export const isDefault = (workspace: string) => workspace === DEFAULT_WORKSPACE;

const lockedFix =
  'Wait for that terraform run to finish and run the migration again; a lock left by a run that died is cleared with `terraform force-unlock <ID>` in that repo.';

function lockedMessage(where: string, holder: LockInfo): string {
  return `${where} is locked by ${describeHolder(holder)}, lock ID ${holder.ID}; nothing was copied.`;
}
