// Expands policies into atomic grants (one action, one resource, one leading key) so two policies
// can be compared as sets regardless of how statements are grouped.
import type { PolicyDocument } from '../../src/iam/document.ts';
import { asArray } from '../../src/iam/document.ts';

export interface AtomicGrant {
  action: string;
  resource: string;
  condition: string;
}

type Condition = Record<string, Record<string, unknown>>;

export function atomicGrants(document: PolicyDocument): AtomicGrant[] {
  return document.Statement.filter((s) => s.Effect === 'Allow').flatMap((s) =>
    asArray(s.Action).flatMap((action) =>
      asArray(s.Resource).flatMap((resource) =>
        expandLeadingKeys(s.Condition as Condition | undefined).map((condition) => ({
          action,
          resource,
          condition: canonicalCondition(condition),
        })),
      ),
    ),
  );
}

export function atomic(action: string, resource: string, condition?: Condition): AtomicGrant[] {
  return expandLeadingKeys(condition).map((c) => ({ action, resource, condition: canonicalCondition(c) }));
}

/** One condition per dynamodb:LeadingKeys value; the operator follows the value (Like for wildcards). */
function expandLeadingKeys(condition: Condition | undefined): Array<Condition | undefined> {
  if (!condition) return [undefined];
  const entry = Object.entries(condition).find(([, keys]) => 'dynamodb:LeadingKeys' in keys);
  if (!entry) return [condition];
  const [operator, keys] = entry;
  const { 'dynamodb:LeadingKeys': leading, ...others } = keys;
  const rest = { ...condition };
  delete rest[operator];
  if (Object.keys(others).length > 0) rest[operator] = others;
  return asArray(leading as string | string[]).map((key) => {
    const like = /[*?]/.test(key) ? 'ForAllValues:StringLike' : 'ForAllValues:StringEquals';
    return mergeCondition(rest, like, { 'dynamodb:LeadingKeys': key });
  });
}

function mergeCondition(base: Condition, operator: string, keys: Record<string, unknown>): Condition {
  return { ...base, [operator]: { ...(base[operator] ?? {}), ...keys } };
}

function canonicalCondition(condition: Condition | undefined): string {
  if (!condition) return '';
  const sorted = Object.keys(condition)
    .sort()
    .map((op) => [
      op,
      Object.fromEntries(
        Object.entries(condition[op]!)
          .sort()
          .map(([k, v]) => [k, Array.isArray(v) ? (v.length === 1 ? v[0] : [...v].sort()) : v]),
      ),
    ]);
  return JSON.stringify(sorted);
}

export const grantId = (g: AtomicGrant): string => `${g.action} ${g.resource} ${g.condition}`;

export function difference(a: AtomicGrant[], b: AtomicGrant[]): string[] {
  const ids = new Set(b.map(grantId));
  return [...new Set(a.map(grantId))].filter((id) => !ids.has(id)).sort();
}
