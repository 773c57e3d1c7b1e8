// The marks every plan line carries, shared by the brief and the full renderings: the sign, the impact,
// "broadens access", and the colour of a line's tone.
import type { createColors } from 'picocolors';
import type { Change } from './change.ts';
import type { Tone } from './render-value.ts';

export type Colors = ReturnType<typeof createColors>;

/** `+` adds (create, attach, add a member), `~` changes, `-` takes away (anything else, or an update to nothing). */
export function signOf(change: Change): '+' | '~' | '-' {
  if (change.action === 'create' || change.action === 'attach' || change.action === 'add-member') return '+';
  return change.action === 'update' && change.new !== null && change.new !== undefined ? '~' : '-';
}

export function toneOf(sign: '+' | '~' | '-'): Tone {
  return sign === '+' ? 'add' : sign === '~' ? 'change' : 'remove';
}

/** `[high, broadens access]`: the impact, and the mark a reviewer looks for first. */
export function flagsText(change: Change, c: Colors): string {
  const flags = [impactText(change, c), ...(change.broadensAccess ? [c.bold(c.red('broadens access'))] : [])];
  return `[${flags.join(', ')}]`;
}

export function impactText(change: Change, c: Colors): string {
  const colour = { critical: (s: string) => c.bold(c.red(s)), high: c.yellow, medium: c.cyan, low: c.dim }[
    change.impact
  ];
  return colour(change.impact);
}

export function paint(tone: Tone, text: string, c: Colors): string {
  return { add: c.green, remove: c.red, change: c.yellow, plain: (s: string) => s, fold: c.dim }[tone](text);
}
