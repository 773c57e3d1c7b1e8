// Resource-level diff of two states: instances added, removed and changed (by address), and outputs changed.
import { MASK, type ValuePath } from './sensitive.ts';
import type { ParsedState, StateInstance } from './state-file.ts';
import { deepEqual, diffValues, type ValueChange } from './value-diff.ts';

export interface ChangedInstance {
  address: string;
  changes: ValueChange[];
}

export interface OutputChange {
  name: string;
  action: 'added' | 'removed' | 'changed';
  before?: unknown;
  after?: unknown;
  sensitive: boolean;
}

export interface StateDiff {
  added: string[];
  removed: string[];
  changed: ChangedInstance[];
  outputs: OutputChange[];
}

export function diffStates(from: ParsedState, to: ParsedState): StateDiff {
  const before = byAddress(from.instances);
  const after = byAddress(to.instances);
  const added = [...after.keys()].filter((address) => !before.has(address)).sort();
  const removed = [...before.keys()].filter((address) => !after.has(address)).sort();
  const changed: ChangedInstance[] = [];
  for (const [address, old] of [...before].sort(([a], [b]) => a.localeCompare(b))) {
    const current = after.get(address);
    if (!current) continue;
    const changes = instanceChanges(old, current);
    if (changes.length > 0) changed.push({ address, changes });
  }
  return { added, removed, changed, outputs: outputChanges(from, to) };
}

function byAddress(instances: StateInstance[]): Map<string, StateInstance> {
  return new Map(instances.map((instance) => [instance.address, instance]));
}

/** Attribute changes, plus the provider and the status (e.g. tainted) when those differ. */
function instanceChanges(old: StateInstance, current: StateInstance): ValueChange[] {
  const sensitive: ValuePath[] = [...old.sensitive, ...current.sensitive];
  const meta: ValueChange[] = [];
  if (old.provider !== current.provider)
    meta.push({ path: '(provider)', before: old.provider, after: current.provider, sensitive: false });
  if (old.status !== current.status) {
    meta.push({ path: '(status)', before: old.status ?? 'ready', after: current.status ?? 'ready', sensitive: false });
  }
  return [...meta, ...diffValues(old.attributes, current.attributes, sensitive)];
}

function outputChanges(from: ParsedState, to: ParsedState): OutputChange[] {
  const names = [...new Set([...Object.keys(from.outputs), ...Object.keys(to.outputs)])].sort();
  return names.flatMap((name): OutputChange[] => {
    const old = from.outputs[name];
    const current = to.outputs[name];
    const sensitive = Boolean(old?.sensitive || current?.sensitive);
    const shown = (value: unknown) => (sensitive ? MASK : value);
    if (!old && current) return [{ name, action: 'added', after: shown(current.value), sensitive }];
    if (old && !current) return [{ name, action: 'removed', before: shown(old.value), sensitive }];
    if (old && current && (!deepEqual(old.value, current.value) || old.sensitive !== current.sensitive)) {
      return [{ name, action: 'changed', before: shown(old.value), after: shown(current.value), sensitive }];
    }
    return [];
  });
}

export interface DiffEnd {
  versionId: string;
  serial: number;
}

export interface DiffDocument extends StateDiff {
  version: 1;
  from: DiffEnd;
  to: DiffEnd;
}

export function diffDocument(diff: StateDiff, from: DiffEnd, to: DiffEnd): DiffDocument {
  return { version: 1, from, to, ...diff };
}
