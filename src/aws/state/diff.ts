// `stateward diff`: the two versions a user named, each read and parsed (only those two bodies are fetched).
import { stateObjectKey } from '../../backend/keys.ts';
import type { BackendTarget } from '../../backend/types.ts';
import { type ParsedState, parseState } from '../../state/state-file.ts';
import { resolveVersionRef, type VersionRef } from '../../state/version-ref.ts';
import type { AwsClients } from '../clients.ts';
import type { StateCallContext } from './errors.ts';
import { listStateVersions, readStateVersion, versionLabel } from './versions.ts';

export interface ReadVersion {
  versionId: string;
  state: ParsedState;
}

export async function readVersionPair(
  clients: AwsClients,
  context: StateCallContext,
  target: BackendTarget,
  fromRef: VersionRef,
  toRef: VersionRef,
): Promise<{ from: ReadVersion; to: ReadVersion }> {
  const key = stateObjectKey(target);
  const where = `s3://${target.bucket}/${key}`;
  // Only as much of the history as the older reference reaches, when both count back from current.
  const reach = [fromRef, toRef].every((ref) => ref.kind !== 'id')
    ? Math.max(...[fromRef, toRef].map((ref) => (ref.kind === 'back' ? ref.n : 0))) + 1
    : undefined;
  const { versions } = await listStateVersions(clients, context, target.bucket, key, reach);
  const ids = versions.map((v) => v.versionId);
  const read = async (ref: VersionRef): Promise<ReadVersion> => {
    const versionId = ids[resolveVersionRef(ref, ids, where)] as string;
    const text = await readStateVersion(clients, context, target.bucket, key, versionId);
    return { versionId, state: parseState(text, versionLabel(target.bucket, key, versionId)) };
  };
  const [from, to] = await Promise.all([read(fromRef), read(toRef)]);
  return { from, to };
}
