// Text for `locks` and `history`; the CLI prints it.
import { formatAge } from './duration.ts';
import type { HistoryEntry } from './history.ts';
import type { HeldLock } from './locks.ts';
import { textTable } from './table.ts';

export function renderLocks(locks: HeldLock[], staleLabel?: string): string {
  if (locks.length === 0) return staleLabel ? `No lock older than ${staleLabel} is held.` : 'No lock is held.';
  const rows = locks.map((lock) => [
    lock.project,
    lock.workspace,
    lock.key,
    lock.info.ID,
    lock.info.Operation,
    lock.info.Who,
    lock.info.Version,
    lock.info.Created,
    formatAge(lock.ageMs),
    lock.stores.join('+'),
  ]);
  return textTable(
    ['PROJECT', 'WORKSPACE', 'KEY', 'LOCK ID', 'OPERATION', 'WHO', 'VERSION', 'CREATED', 'AGE', 'STORE'],
    rows,
  );
}

export function renderHistory(entries: HistoryEntry[], where: string): string {
  if (entries.length === 0) return `${where} has no state versions.`;
  const rows = entries.map((entry) => [
    entry.versionId,
    entry.lastModified.toISOString(),
    String(entry.size),
    entry.summary ? String(entry.summary.serial) : '?',
    entry.summary?.lineage ?? '?',
    entry.summary?.terraformVersion ?? '?',
    entry.summary ? String(entry.summary.resources) : '?',
    [entry.isLatest ? 'current' : '', entry.error ? 'unreadable (see below)' : ''].filter(Boolean).join(', '),
  ]);
  return `${where}\n${textTable(['VERSION ID', 'LAST MODIFIED', 'SIZE', 'SERIAL', 'LINEAGE', 'TERRAFORM', 'RESOURCES', ''], rows)}`;
}
