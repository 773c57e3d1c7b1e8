// A change's values in brief, for the default plan: what it writes or removes, never a whole document.
// Generic over change kinds: it looks at the values (a policy document, a map, a list, a scalar), not at
// resource types, so a new kind of change renders without a case of its own. Policy documents read as
// statements by Sid; maps and lists as the entries added, removed and changed. Colour-free.
import type { PolicyDocument } from '../iam/document.ts';
import type { BucketLifecycle } from '../model/types.ts';
import type { BucketLifecycleConfig, Change } from './change.ts';
import { droppedRules, ruleId } from './foreign-lifecycle.ts';
import { LIFECYCLE_RULE_ID } from './lifecycle.ts';
import { type BodyLine, isDocument } from './render-value.ts';
import { statementDiff, statementLabels } from './statement-diff.ts';

/**
 * `lead` follows the change's name on its line; `items` follow it there when everything fits, else they go
 * below, packed several to a line, or one to a line when `onePerLine` (a statement's changes).
 */
export interface Brief {
  lead: string;
  items: BodyLine[];
  onePerLine: boolean;
}

export function briefChange(change: Change): Brief {
  const removing = change.action === 'detach' || change.action === 'remove-member';
  if (change.action === 'create') return created(change.new);
  if (change.action !== 'update' || change.new === null || change.new === undefined) {
    const value = removing || change.new === null || change.new === undefined ? change.old : change.new;
    const tone = removing || change.new === null || change.new === undefined ? 'remove' : 'add';
    return restatesKey(value, change.key) ? plain('') : withTone(whole(value), tone);
  }
  if (change.setting === 'lifecycle')
    return lifecycleBrief(change.old as ObservedLifecycle | null, change.new as BucketLifecycleConfig);
  if (isDocument(change.new) || isDocument(change.old))
    return documentBrief(change.old as PolicyDocument | null, change.new as PolicyDocument);
  if (isMap(change.old) && isMap(change.new))
    return { lead: '', items: mapDiff(change.old, change.new), onePerLine: false };
  if (Array.isArray(change.old) && Array.isArray(change.new))
    return { lead: '', items: listDiff(change.old, change.new), onePerLine: false };
  if ((change.old === null || change.old === undefined) && isMap(change.new)) return fromNothing(change.new);
  return plain(`${brief(change.old)} → ${brief(change.new)}`);
}

/** A setting that had no value: its fields, one item each. */
function fromNothing(value: Record<string, unknown>): Brief {
  const items = Object.entries(value).map(([key, v]): BodyLine => ({ tone: 'add', text: `${key}=${brief(v)}` }));
  return { lead: '(none) →', items, onePerLine: false };
}

/** A creation: each field but the name, as `field value`. */
function created(value: unknown): Brief {
  if (!isMap(value)) return plain(brief(value));
  const items = Object.entries(value)
    .filter(([field]) => field !== 'name')
    .map(([field, v]): BodyLine => ({ tone: 'add', text: `${field} ${brief(v)}` }));
  return { lead: '', items, onePerLine: false };
}

function documentBrief(old: PolicyDocument | null, next: PolicyDocument | null): Brief {
  if (!old || !next) return { ...whole(old ?? next), lead: `${brief(old)} → ${brief(next, false)}` };
  const items = statementDiff(old, next).map((change): BodyLine => {
    if (change.kind === 'added') return { tone: 'add', text: `+ ${change.label}` };
    if (change.kind === 'removed') return { tone: 'remove', text: `- ${change.label}` };
    const fields = change.fields.map(({ path, added, removed }) =>
      added.length === 1 && removed.length === 1
        ? `${path}: ${removed[0]} → ${added[0]}`
        : `${path}: ${[...added.map((v) => `+${v}`), ...removed.map((v) => `-${v}`)].join(' ')}`,
    );
    return { tone: 'change', text: `~ ${change.label}: ${fields.join('; ')}` };
  });
  // Same statements, other Version or Id: say so rather than show an empty change.
  return items.length > 0 ? { lead: '', items, onePerLine: true } : plain('statements unchanged; the document differs');
}

/** A whole value named in one go: a document as its statements, anything else in brief. */
function whole(value: unknown): Brief {
  if (isMap(value) && !isDocument(value)) return { ...fromNothing(value), lead: '' };
  if (!isDocument(value)) return plain(brief(value));
  return {
    lead: brief(value, false),
    items: statementLabels(value).map((label): BodyLine => ({ tone: 'plain', text: label })),
    onePerLine: false,
  };
}

function mapDiff(old: Record<string, unknown>, next: Record<string, unknown>): BodyLine[] {
  const keys = [...new Set([...Object.keys(old), ...Object.keys(next)])].sort();
  return keys.flatMap((key): BodyLine[] => {
    if (!(key in old)) return [{ tone: 'add', text: `+${key}=${brief(next[key])}` }];
    if (!(key in next)) return [{ tone: 'remove', text: `-${key}=${brief(old[key])}` }];
    const [was, is] = [brief(old[key]), brief(next[key])];
    return was === is ? [] : [{ tone: 'change', text: `~${key}: ${was} → ${is}` }];
  });
}

function listDiff(old: unknown[], next: unknown[]): BodyLine[] {
  const [was, is] = [old.map((v) => brief(v)), next.map((v) => brief(v))];
  return [
    ...is.filter((v) => !was.includes(v)).map((v): BodyLine => ({ tone: 'add', text: `+${v}` })),
    ...was.filter((v) => !is.includes(v)).map((v): BodyLine => ({ tone: 'remove', text: `-${v}` })),
  ];
}

/** The observed lifecycle (the old value of a lifecycle change). */
interface ObservedLifecycle {
  stateward: BucketLifecycle | null;
  otherRules: unknown[];
  /** The live rule with stateward's ID as S3 returned it, when there is one, even one stateward cannot read. */
  statewardRule?: unknown;
}

/**
 * stateward's rule in its settings; a live rule with stateward's ID that it cannot read as its own (a field
 * missing, a filter, disabled) shows as it is on the bucket, in S3's shape. Other rules are kept.
 */
function lifecycleBrief(old: ObservedLifecycle | null, next: BucketLifecycleConfig): Brief {
  const wanted = next.stateward as unknown as Record<string, unknown>;
  const kept = next.otherRules.length;
  const removed = droppedRules(old?.otherRules, next.otherRules).map(
    (rule): BodyLine => ({ tone: 'remove', text: `-rule ${ruleId(rule)} ${brief(withoutId(rule))}` }),
  );
  const others: BodyLine[] =
    kept > 0
      ? [
          {
            tone: 'plain',
            text: `(${kept === 1 ? '1 other rule kept as it is' : `${kept} other rules kept as they are`})`,
          },
        ]
      : [];
  if (old?.stateward)
    return {
      lead: '',
      items: [...mapDiff(old.stateward as unknown as Record<string, unknown>, wanted), ...removed, ...others],
      onePerLine: removed.length > 0,
    };
  const live = old?.statewardRule
    ? `rule ${LIFECYCLE_RULE_ID} as it is ${brief(withoutId(old.statewardRule))} →`
    : '(none) →';
  return { lead: live, items: [...fromNothing(wanted).items, ...removed, ...others], onePerLine: false };
}

function withoutId(rule: unknown): unknown {
  if (!isMap(rule)) return rule;
  const { ID: _id, ...rest } = rule;
  return rest;
}

/** A value on one line: a document by its statement count, a map as key=value pairs, a list in brackets. */
export function brief(value: unknown, named = true): string {
  if (value === null || value === undefined) return '(none)';
  if (isDocument(value)) {
    const labels = statementLabels(value);
    const count = `${labels.length} statement${labels.length === 1 ? '' : 's'}`;
    return named ? `${count} (${labels.join(', ')})` : `${count}:`;
  }
  if (Array.isArray(value)) return `[${value.map((v) => brief(v)).join(', ')}]`;
  if (isMap(value))
    return `{${Object.entries(value)
      .map(([k, v]) => `${k}=${brief(v)}`)
      .join(', ')}}`;
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

function restatesKey(value: unknown, key: string | undefined): boolean {
  return value === null || value === undefined || (typeof value === 'string' && value === key);
}

function plain(lead: string): Brief {
  return { lead, items: [], onePerLine: false };
}

function withTone(b: Brief, tone: BodyLine['tone']): Brief {
  return { ...b, items: b.items.map((item) => ({ ...item, tone })) };
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
