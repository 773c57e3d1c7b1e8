// Durations as operators type them (`--stale 2h`, `90m`, `1d12h`) and ages as they read them.
import { StatewardError } from '../errors.ts';

const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const WHOLE = /^(?:\d+[smhdw])+$/;
const PART = /(\d+)([smhdw])/g;

/** Milliseconds of a duration such as `2h`, `30m`, `1d`, `1h30m`; a clear error for anything else. */
export function parseDuration(text: string, option = '--stale'): number {
  const trimmed = text.trim().toLowerCase();
  if (!WHOLE.test(trimmed)) throw badDuration(text, option);
  let total = 0;
  for (const [, amount, unit] of trimmed.matchAll(PART)) total += Number(amount) * (UNIT_MS[unit as string] as number);
  if (total <= 0 || !Number.isSafeInteger(total)) throw badDuration(text, option);
  return total;
}

function badDuration(text: string, option: string): StatewardError {
  return new StatewardError(
    'CLI_BAD_DURATION',
    `${option} takes a duration such as 2h, 30m, 1d or 1h30m, not "${text}".`,
    `Write a positive whole number followed by s, m, h, d or w (seconds, minutes, hours, days, weeks), e.g. ${option} 2h.`,
  );
}

/** A compact age: `45s`, `12m`, `3h 5m`, `2d`; the largest unit and, when not zero, the next one (rounded down). */
export function formatAge(ms: number): string {
  const units: Array<[string, number]> = [
    ['d', 86_400],
    ['h', 3_600],
    ['m', 60],
    ['s', 1],
  ];
  const seconds = Math.max(0, Math.floor(ms / 1000));
  const first = units.findIndex(([, size]) => seconds >= size);
  if (first === -1) return '0s';
  const [unit, size] = units[first] as [string, number];
  const text = `${Math.floor(seconds / size)}${unit}`;
  const next = units[first + 1];
  if (!next) return text;
  const remainder = Math.floor((seconds % size) / next[1]);
  return remainder > 0 ? `${text} ${remainder}${next[0]}` : text;
}
