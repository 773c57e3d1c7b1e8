// What a change's values look like to a reviewer: old -> new for scalars, per key for tags, a compact
// line diff of the pretty JSON for policy documents, every field for a creation. Colour-free: the
// text renderer colours lines by their tone.
import type { PolicyDocument, Statement } from '../iam/document.ts';
import type { Change } from './change.ts';
import { droppedRules, ruleId } from './foreign-lifecycle.ts';
import { compactDiff } from './line-diff.ts';

export type Tone = 'add' | 'remove' | 'change' | 'plain' | 'fold';

export interface BodyLine {
  tone: Tone;
  text: string;
}

export function changeBody(change: Change): BodyLine[] {
  if (change.action === 'create') return createdFields(change.new as Record<string, unknown>);
  // A removed policy is shown whole, so the reviewer sees every grant that goes with it.
  if (change.action === 'delete' && isDocument(change.old)) return removedDocument(change.old);
  if (change.action !== 'update') return [];
  if (change.setting === 'tags')
    return tagLines(change.old as Record<string, string>, change.new as Record<string, string>);
  if (change.setting === 'lifecycle')
    return lifecycleLines(change.old as LifecycleValue | null, change.new as LifecycleValue);
  if (isDocument(change.new)) return documentLines(change.old as PolicyDocument | null, change.new);
  return [{ tone: 'change', text: `${show(change.old)} → ${show(change.new)}` }];
}

function createdFields(created: Record<string, unknown>): BodyLine[] {
  return Object.entries(created)
    .filter(([field]) => field !== 'name')
    .flatMap(([field, value]): BodyLine[] => {
      if (isDocument(value)) return [{ tone: 'plain', text: `${field}:` }, ...documentLines(null, value)];
      if (field === 'tags') return [{ tone: 'plain', text: 'tags:' }, ...tagLines({}, value as Record<string, string>)];
      return [{ tone: 'add', text: `+ ${field}: ${show(value)}` }];
    });
}

export function documentLines(old: PolicyDocument | null, next: PolicyDocument): BodyLine[] {
  const before = old ? prettyDocument(old) : [];
  return compactDiff(before, prettyDocument(next)).map((line): BodyLine => {
    if (line.kind === 'folded')
      return { tone: 'fold', text: `… ${line.count} unchanged line${line.count === 1 ? '' : 's'}` };
    const sign = line.kind === 'added' ? '+' : line.kind === 'removed' ? '-' : ' ';
    return {
      tone: line.kind === 'added' ? 'add' : line.kind === 'removed' ? 'remove' : 'plain',
      text: `${sign} ${line.text}`,
    };
  });
}

function removedDocument(old: PolicyDocument): BodyLine[] {
  return prettyDocument(old).map((text): BodyLine => ({ tone: 'remove', text: `- ${text}` }));
}

function tagLines(old: Record<string, string>, next: Record<string, string>): BodyLine[] {
  const keys = [...new Set([...Object.keys(old), ...Object.keys(next)])].sort();
  return keys.flatMap((key): BodyLine[] => {
    if (!(key in old)) return [{ tone: 'add', text: `+ ${key} = ${show(next[key])}` }];
    if (!(key in next)) return [{ tone: 'remove', text: `- ${key} = ${show(old[key])}` }];
    return old[key] === next[key]
      ? []
      : [{ tone: 'change', text: `~ ${key} = ${show(old[key])} → ${show(next[key])}` }];
  });
}

interface LifecycleValue {
  stateward: unknown;
  otherRules: unknown[];
  /** A live rule with stateward's ID that does not parse as its own, as it is on the bucket. */
  statewardRule?: unknown;
}

/** stateward's rule old → new (when it changes), each foreign rule removed shown whole, the count of those kept. */
function lifecycleLines(old: LifecycleValue | null, next: LifecycleValue): BodyLine[] {
  const kept = next.otherRules.length;
  const was = old?.stateward ?? old?.statewardRule;
  const lines: BodyLine[] =
    JSON.stringify(was) === JSON.stringify(next.stateward)
      ? []
      : [{ tone: 'change', text: `stateward-state-versions: ${show(was)} → ${show(next.stateward)}` }];
  for (const rule of droppedRules(old?.otherRules, next.otherRules))
    lines.push({ tone: 'remove', text: `- rule ${ruleId(rule)}: ${show(rule)}` });
  if (kept > 0)
    lines.push({
      tone: 'plain',
      text: kept === 1 ? '1 other rule kept as it is' : `${kept} other rules kept as they are`,
    });
  return lines;
}

const STATEMENT_KEYS = [
  'Sid',
  'Effect',
  'Principal',
  'NotPrincipal',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Condition',
];

/** Pretty JSON with keys in IAM's customary order, so the same document always prints the same. */
export function prettyDocument(document: PolicyDocument): string[] {
  const statements = (Array.isArray(document.Statement) ? document.Statement : [document.Statement]).map(
    orderStatement,
  );
  const ordered = { Version: document.Version, ...(document.Id ? { Id: document.Id } : {}), Statement: statements };
  return JSON.stringify(ordered, null, 2).split('\n');
}

function orderStatement(statement: Statement): Record<string, unknown> {
  const entries = Object.entries(statement);
  const rank = (key: string) => (STATEMENT_KEYS.includes(key) ? STATEMENT_KEYS.indexOf(key) : STATEMENT_KEYS.length);
  return Object.fromEntries(entries.sort(([a], [b]) => rank(a) - rank(b)));
}

export function isDocument(value: unknown): value is PolicyDocument {
  return typeof value === 'object' && value !== null && 'Statement' in value;
}

function show(value: unknown): string {
  return value === null || value === undefined ? '(none)' : JSON.stringify(value);
}
