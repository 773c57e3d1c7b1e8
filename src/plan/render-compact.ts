// The default plan rendering: one line per change, under its resource. A resource's first line is its
// creation when the plan creates it, else its name; each setting follows, indented, with its values in
// brief. What does not fit on the line goes below it, packed to the width (statement changes one a line).
import type { Change } from './change.ts';
import { type Brief, briefChange } from './render-brief.ts';
import { type Colors, flagsText, paint, signOf, toneOf } from './render-marks.ts';
import { type BodyLine, isDocument } from './render-value.ts';

/** Lines are packed to this width (a fixed one, so the same plan always prints the same). */
const WIDTH = 120;
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

export function compactLines(changes: Change[], c: Colors): string[] {
  const byResource = new Map<string, Change[]>();
  for (const change of changes) {
    const resource = `${change.resourceType} ${change.resourceName}`;
    byResource.set(resource, [...(byResource.get(resource) ?? []), change]);
  }
  return [...byResource].flatMap(([resource, settings]) => {
    const created = settings.find((change) => change.action === 'create');
    const head = created ? changeLines(created, `  ${signed(created, c)} ${resource}`, '      ', c) : [`  ${resource}`];
    const rest = settings.filter((change) => change !== created);
    return [
      ...head,
      ...rest.flatMap((change) => {
        const target = `${change.setting}${change.key === undefined ? '' : ` ${change.key}`}`;
        return [
          ...changeLines(change, `    ${signed(change, c)} ${target}`, '        ', c),
          ...removedDocument(change, '        ', c),
        ];
      }),
    ];
  });
}

function signed(change: Change, c: Colors): string {
  const sign = signOf(change);
  return paint(toneOf(sign), sign, c);
}

/** The change on one line when it fits; else its items below, packed, or one a line for statement changes. */
function changeLines(change: Change, name: string, indent: string, c: Colors): string[] {
  const brief: Brief = briefChange(change);
  const flags = `  ${flagsText(change, c)}`;
  const lead = brief.lead === '' ? '' : `: ${brief.lead}`;
  const inline = brief.items.map((item) => paint(item.tone, item.text, c)).join(', ');
  const oneLine = `${name}${lead}${brief.items.length > 0 ? `${lead === '' ? ':' : ''} ${inline}` : ''}${flags}`;
  const fits = visibleLength(oneLine) <= WIDTH && (!brief.onePerLine || brief.items.length === 1);
  if (fits || brief.items.length === 0) return [oneLine];
  const head = `${name}${lead}${flags}`;
  if (brief.onePerLine) return [head, ...brief.items.map((item) => `${indent}${paint(item.tone, item.text, c)}`)];
  return [head, ...pack(brief.items, indent, c)];
}

/**
 * A policy the plan removes is one stateward did not write (it removes only what the config does not declare):
 * the reviewer sees all of it, not only its Sids, to know what the role or group loses.
 */
function removedDocument(change: Change, indent: string, c: Colors): string[] {
  if (change.action !== 'delete' || !isDocument(change.old)) return [];
  return JSON.stringify(change.old, null, 2)
    .split('\n')
    .map((line) => `${indent}${paint('remove', `- ${line}`, c)}`);
}

function pack(items: BodyLine[], indent: string, c: Colors): string[] {
  const lines: BodyLine[][] = [];
  let width = WIDTH;
  for (const item of items) {
    const current = lines[lines.length - 1];
    if (current && width + 2 + item.text.length <= WIDTH) {
      current.push(item);
      width += 2 + item.text.length;
    } else {
      lines.push([item]);
      width = indent.length + item.text.length;
    }
  }
  return lines.map((line) => `${indent}${line.map((item) => paint(item.tone, item.text, c)).join(', ')}`);
}

function visibleLength(text: string): number {
  return text.replace(ANSI, '').length;
}
