// Terraform's lock info (statemgr.LockInfo): the body of a `.tflock` object and the `Info` attribute of a
// DynamoDB lock item. Field order and names are Go's, so terraform reads what stateward writes.
import { StatewardError } from '../errors.ts';

export interface LockInfo {
  ID: string;
  Operation: string;
  Info: string;
  Who: string;
  Version: string;
  /** RFC 3339 time the lock was taken. */
  Created: string;
  /** Always `<bucket>/<state key>`, in every lock mode. */
  Path: string;
}

export const RESTORE_OPERATION = 'stateward restore';

const REQUIRED = ['ID', 'Operation', 'Who', 'Created', 'Path'] as const;

/**
 * The lock info in `body`; `source` names where it came from (an object key or a DynamoDB LockID) so a
 * corrupt lock is reported against the exact thing an operator must inspect or delete.
 */
export function parseLockInfo(body: string, source: string): LockInfo {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    throw corruptLock(source, `it is not JSON (${(error as Error).message})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw corruptLock(source, 'it is not a JSON object');
  const record = value as Record<string, unknown>;
  for (const field of REQUIRED) {
    if (typeof record[field] !== 'string' || record[field] === '')
      throw corruptLock(source, `field "${field}" is missing or not a non-empty string`);
  }
  if (Number.isNaN(Date.parse(record.Created as string)))
    throw corruptLock(source, `"Created" is not an RFC 3339 time: ${String(record.Created)}`);
  const text = (field: string) => (typeof record[field] === 'string' ? (record[field] as string) : '');
  return {
    ID: text('ID'),
    Operation: text('Operation'),
    Info: text('Info'),
    Who: text('Who'),
    Version: text('Version'),
    Created: text('Created'),
    Path: text('Path'),
  };
}

function corruptLock(source: string, why: string): StatewardError {
  return new StatewardError(
    'STATE_CORRUPT_LOCK',
    `The lock at ${source} is corrupt: ${why}.`,
    `Inspect ${source}; if no terraform run is in progress, delete it by hand (its lock ID cannot be read, so \`stateward unlock\` cannot match it).`,
  );
}

export interface NewLock {
  id: string;
  who: string;
  version: string;
  now: Date;
  path: string;
  info?: string;
}

/** The lock info stateward writes for a restore; `Operation` names stateward so holders are recognisable. */
export function restoreLockInfo(lock: NewLock): LockInfo {
  return {
    ID: lock.id,
    Operation: RESTORE_OPERATION,
    Info: lock.info ?? '',
    Who: lock.who,
    Version: lock.version,
    Created: lock.now.toISOString(),
    Path: lock.path,
  };
}

/** Compact JSON in Go's field order, as terraform writes it. */
export function serializeLockInfo(info: LockInfo): string {
  const { ID, Operation, Info, Who, Version, Created, Path } = info;
  return JSON.stringify({ ID, Operation, Info, Who, Version, Created, Path });
}

/** "alice@laptop (OperationTypeApply, terraform 1.11.4, since 2026-…)" for messages. */
export function describeHolder(info: LockInfo): string {
  const version = info.Version ? `, version ${info.Version}` : '';
  return `${info.Who} (${info.Operation}${version}, since ${info.Created})`;
}
