// How a user names a state version: `current`, `-N` (N versions before current), or an S3 version id.
import { StatewardError } from '../errors.ts';

export type VersionRef = { kind: 'current' } | { kind: 'back'; n: number } | { kind: 'id'; id: string };

export function parseVersionRef(text: string, what = 'version'): VersionRef {
  const trimmed = text.trim();
  if (trimmed === 'current') return { kind: 'current' };
  const back = /^-(\d+)$/.exec(trimmed);
  if (back) return { kind: 'back', n: Number(back[1]) };
  if (trimmed === '' || trimmed.startsWith('-') || /\s/.test(trimmed)) {
    throw new StatewardError(
      'CLI_BAD_VERSION_REF',
      `"${text}" is not a ${what}: use a version id, \`current\`, or -N (N versions before current).`,
      'Run `stateward history --project P` to see the version ids, e.g. `-1` is the version before the current one.',
    );
  }
  return { kind: 'id', id: trimmed };
}

export function formatVersionRef(ref: VersionRef): string {
  if (ref.kind === 'current') return 'current';
  return ref.kind === 'back' ? `-${ref.n}` : ref.id;
}

/** The index of `ref` in `versionIds` (newest first); `where` names the state for the message. */
export function resolveVersionRef(ref: VersionRef, versionIds: readonly string[], where: string): number {
  if (versionIds.length === 0) {
    throw new StatewardError(
      'STATE_NOT_FOUND',
      `${where} has no state versions.`,
      'Check --project, --workspace and --key; terraform has not written this state yet.',
    );
  }
  const index = ref.kind === 'current' ? 0 : ref.kind === 'back' ? ref.n : versionIds.indexOf(ref.id);
  if (index >= 0 && index < versionIds.length) return index;
  const known =
    versionIds.length === 1
      ? 'it has only the current one'
      : `it has ${versionIds.length} (current and -1 to -${versionIds.length - 1})`;
  throw new StatewardError(
    'STATE_NO_SUCH_VERSION',
    ref.kind === 'id'
      ? `${where} has no version ${ref.id}.`
      : `${where} has no version ${formatVersionRef(ref)}: ${known}.`,
    'Run `stateward history` for the version ids; versions older than the bucket keeps (keepStateVersions, noncurrentDays) have expired.',
  );
}
