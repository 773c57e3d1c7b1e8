// Semantic equality of policy documents: what IAM and S3 treat as the same policy compares equal.
// Statement order, a string vs. a one-element array, duplicate values, action and condition-key case,
// key order and whitespace do not count. Sid counts only where the caller says so (bucket statements,
// which stateward owns by Sid).
import type { ConditionBlock, PolicyDocument, Principal, Statement } from '../iam/document.ts';
import { asArray } from '../iam/document.ts';

export interface CompareOptions {
  withSid: boolean;
}

const ACCOUNT_ID = /^\d{12}$/u;

export function policiesEqual(
  a: PolicyDocument | null | undefined,
  b: PolicyDocument | null | undefined,
  options: CompareOptions,
): boolean {
  if (!a || !b) return !a && !b;
  return a.Version === b.Version && sameSet(statementKeys(a, options), statementKeys(b, options));
}

/** Statements as comparable strings: one per distinct statement (a repeated statement adds nothing). */
export function statementKeys(document: Pick<PolicyDocument, 'Statement'>, options: CompareOptions): Set<string> {
  return new Set(asArray(document.Statement).map((s) => statementKey(s, options)));
}

export function statementKey(statement: Statement, options: CompareOptions): string {
  return JSON.stringify(canonicalStatement(statement, options));
}

export function canonicalStatement(statement: Statement, options: CompareOptions): Record<string, unknown> {
  const canonical: Record<string, unknown> = { Effect: statement.Effect };
  if (options.withSid && statement.Sid) canonical.Sid = statement.Sid;
  if (statement.Principal !== undefined) canonical.Principal = canonicalPrincipal(statement.Principal);
  if (statement.NotPrincipal !== undefined) canonical.NotPrincipal = canonicalPrincipal(statement.NotPrincipal);
  if (statement.Action !== undefined) canonical.Action = sortedUnique(asArray(statement.Action).map(lower));
  if (statement.NotAction !== undefined) canonical.NotAction = sortedUnique(asArray(statement.NotAction).map(lower));
  if (statement.Resource !== undefined) canonical.Resource = sortedUnique(asArray(statement.Resource));
  if (statement.NotResource !== undefined) canonical.NotResource = sortedUnique(asArray(statement.NotResource));
  const condition = canonicalCondition(statement.Condition);
  if (Object.keys(condition).length > 0) canonical.Condition = condition;
  return canonical;
}

/** `"*"` and `{"AWS": "*"}` mean the same; a bare account id is stored by AWS as its root ARN. */
export function canonicalPrincipal(principal: Principal): '*' | Record<string, string[]> {
  if (principal === '*') return '*';
  const entries = Object.entries(principal)
    .filter(([, values]) => values !== undefined)
    .map(
      ([type, values]) =>
        [
          type,
          sortedUnique(
            asArray(values).map((v) => (type === 'AWS' && ACCOUNT_ID.test(v) ? `arn:aws:iam::${v}:root` : v)),
          ),
        ] as const,
    )
    .sort(([a], [b]) => compare(a, b));
  if (entries.length === 1 && entries[0]![0] === 'AWS' && entries[0]![1].includes('*')) return '*';
  return Object.fromEntries(entries);
}

/** Operators keep their spelling; condition keys are case-insensitive in IAM; values compare as sets of strings. */
export function canonicalCondition(block: ConditionBlock | undefined): Record<string, Record<string, string[]>> {
  const result: Record<string, Record<string, string[]>> = {};
  for (const operator of Object.keys(block ?? {}).sort(compare)) {
    const keys: Record<string, string[]> = {};
    for (const [key, values] of Object.entries(block![operator]!)) {
      const name = key.toLowerCase();
      keys[name] = sortedUnique([...(keys[name] ?? []), ...asArray(values).map(String)]);
    }
    const sorted = Object.fromEntries(Object.entries(keys).sort(([a], [b]) => compare(a, b)));
    if (Object.keys(sorted).length > 0) result[operator] = sorted;
  }
  return result;
}

export function sameSet<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): boolean {
  return a.size === b.size && [...a].every((value) => b.has(value));
}

function sortedUnique(values: string[]): string[] {
  return [...new Set(values)].sort(compare);
}

const lower = (value: string) => value.toLowerCase();
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
