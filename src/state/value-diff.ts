// Which parts of a value changed, down to the leaves, with sensitive parts masked on both sides.
import { isSensitive, MASK, maskValue, type ValuePath } from './sensitive.ts';

export interface ValueChange {
  /** `input.name`, `tags["Cost Center"]`, `ports[0]`; empty for the value as a whole. */
  path: string;
  /** Absent when the part did not exist before (or after). */
  before?: unknown;
  after?: unknown;
  /** Only the fact of a change is shown. */
  sensitive: boolean;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

export function formatPath(path: ValuePath): string {
  return path
    .map((step, i) =>
      typeof step === 'number'
        ? `[${step}]`
        : IDENTIFIER.test(step)
          ? `${i === 0 ? '' : '.'}${step}`
          : `[${JSON.stringify(step)}]`,
    )
    .join('');
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Changes from `before` to `after`; `sensitive` holds the paths sensitive on either side. */
export function diffValues(
  before: unknown,
  after: unknown,
  sensitive: ValuePath[],
  path: ValuePath = [],
): ValueChange[] {
  if (deepEqual(before, after)) return [];
  if (isSensitive(path, sensitive)) return [change(path, before, after, sensitive)];
  if (isRecord(before) && isRecord(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) => diffValues(before[key], after[key], sensitive, [...path, key]));
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
    return before.flatMap((item, i) => diffValues(item, after[i], sensitive, [...path, i]));
  }
  return [change(path, before, after, sensitive)];
}

function change(path: ValuePath, before: unknown, after: unknown, sensitive: ValuePath[]): ValueChange {
  const hidden = isSensitive(path, sensitive);
  const masked = (value: unknown) => (hidden ? MASK : maskValue(value, path, sensitive));
  return {
    path: formatPath(path),
    ...(before !== undefined ? { before: masked(before) } : {}),
    ...(after !== undefined ? { after: masked(after) } : {}),
    sensitive: hidden,
  };
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  }
  if (!isRecord(a) || !isRecord(b)) return false;
  const keys = Object.keys(a);
  return (
    keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && deepEqual(a[key], b[key]))
  );
}
