// The body a restore writes: the old version's bytes with only its serial raised above the current one,
// and the lineage rule terraform itself applies to state pushes.
import { createHash } from 'node:crypto';
import { StatewardError } from '../errors.ts';
import { topLevelMembers } from './json-members.ts';
import type { ParsedState } from './state-file.ts';

export interface RestoreVersion {
  versionId: string;
  state: ParsedState;
}

export interface RestorePlan {
  from: RestoreVersion;
  current: RestoreVersion;
  newSerial: number;
  lineageChanges: boolean;
}

/** Refuses another lineage unless forced: terraform would refuse to push it too (`state push -force` aside). */
export function planRestore(current: RestoreVersion, from: RestoreVersion, forceLineage: boolean): RestorePlan {
  const lineageChanges = current.state.lineage !== from.state.lineage;
  if (lineageChanges && !forceLineage) {
    throw new StatewardError(
      'RESTORE_LINEAGE_MISMATCH',
      `Version ${from.versionId} has lineage ${from.state.lineage}, but the current state (version ${current.versionId}) has lineage ${current.state.lineage}: it is a different state, not an earlier one of this state; nothing was changed.`,
      'Check that you picked the right version (`stateward history`); if you really mean to replace this state with an unrelated one, add --force-lineage.',
    );
  }
  return { from, current, newSerial: current.state.serial + 1, lineageChanges };
}

/** `text` with the top-level "serial" set to `serial`; every other byte unchanged. */
export function withSerial(text: string, serial: number, label: string): string {
  const members = topLevelMembers(text);
  const spans = (members ?? []).filter((m) => m.name === 'serial');
  if (spans.length === 0) {
    throw new StatewardError(
      'STATE_CORRUPT',
      `The state in ${label} has no top-level "serial" to raise.`,
      'Pick another version (`stateward history` lists them).',
    );
  }
  let result = text;
  for (const span of [...spans].reverse()) result = `${result.slice(0, span.start)}${serial}${result.slice(span.end)}`;
  return result;
}

/** The `Digest` terraform keeps in the `-md5` item: hex MD5 of the exact state bytes. */
export function stateDigest(body: string | Uint8Array): string {
  return createHash('md5').update(body).digest('hex');
}
