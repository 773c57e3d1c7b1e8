// Sensitive values stay masked in every output: outputs marked `sensitive`, and attribute paths a provider
// listed in an instance's `sensitive_attributes` (cty path steps: get_attr / index).
import type { StatewardError } from '../errors.ts';

/** Attribute names and list indexes / map keys, from the instance's `attributes` down. */
export type ValuePath = Array<string | number>;

export const MASK = '(sensitive)';

/**
 * The paths in `sensitive_attributes`. A step of a kind stateward does not know ends its path there, so
 * everything under the known prefix is masked: unknown shapes err on the side of hiding.
 */
export function parseSensitivePaths(raw: unknown, fail: (why: string) => StatewardError): ValuePath[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw fail('is not a list of paths');
  return raw.map((path) => {
    if (!Array.isArray(path)) throw fail('holds a path that is not a list of steps');
    const steps: ValuePath = [];
    for (const step of path) {
      const known = stepOf(step);
      if (known === undefined) break;
      steps.push(known);
    }
    return steps;
  });
}

function stepOf(step: unknown): string | number | undefined {
  if (typeof step !== 'object' || step === null) return undefined;
  const { type, value } = step as { type?: unknown; value?: unknown };
  if (type === 'get_attr' && typeof value === 'string') return value;
  if (type === 'index' && typeof value === 'object' && value !== null) {
    const key = (value as { value?: unknown }).value;
    if (typeof key === 'string' || typeof key === 'number') return key;
  }
  return undefined;
}

const startsWith = (path: ValuePath, prefix: ValuePath) =>
  prefix.length <= path.length && prefix.every((step, i) => path[i] === step);

/** True when `path` or something above it is sensitive. */
export function isSensitive(path: ValuePath, sensitive: ValuePath[]): boolean {
  return sensitive.some((s) => startsWith(path, s));
}

/**
 * `value` (found at `path`) with every sensitive part below it replaced by the mask. When a sensitive path
 * leads somewhere the value does not go (a key that is missing, a step into a scalar), the value where the
 * paths part is masked whole: a shape stateward did not expect must never reveal a secret.
 */
export function maskValue(value: unknown, path: ValuePath, sensitive: ValuePath[]): unknown {
  if (isSensitive(path, sensitive)) return MASK;
  const below = sensitive.filter((s) => startsWith(s, path));
  if (below.length === 0) return value;
  const container = typeof value === 'object' && value !== null;
  const reachable = container && below.every((s) => Object.hasOwn(value, s[path.length] as PropertyKey));
  if (!reachable) return MASK;
  if (Array.isArray(value)) return value.map((item, i) => maskValue(item, [...path, i], below));
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, maskValue(item, [...path, key], below)]));
}

/**
 * Attributes of a dynamic type are stored as `{"value": …, "type": …}` (e.g. terraform_data's input), while
 * sensitive paths address the value itself; unwrapping makes the two line up.
 */
export function unwrapDynamic(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(unwrapDynamic);
  if (typeof value !== 'object' || value === null) return value;
  const keys = Object.keys(value);
  const record = value as Record<string, unknown>;
  if (
    keys.length === 2 &&
    'value' in record &&
    'type' in record &&
    (typeof record.type === 'string' || Array.isArray(record.type))
  ) {
    return unwrapDynamic(record.value);
  }
  return Object.fromEntries(keys.map((key) => [key, unwrapDynamic(record[key])]));
}
