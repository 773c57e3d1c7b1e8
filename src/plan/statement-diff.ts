// What changes in a policy document, statement by statement: statements are matched by Sid (those without
// one by their whole content), and a statement in both documents lists only the fields that changed, as
// values added and removed. Spelling IAM ignores (string vs one-element list, order, condition-key case,
// action case) does not show as a change.
import { asArray, type PolicyDocument, type Statement } from '../iam/document.ts';
import { canonicalCondition, canonicalPrincipal, statementKey } from './canonical.ts';

export interface FieldChange {
  /** e.g. "Action", "Principal.AWS", "Condition.StringEquals.aws:sourcevpc". */
  path: string;
  added: string[];
  removed: string[];
}

export type StatementChange =
  | { kind: 'added'; label: string }
  | { kind: 'removed'; label: string }
  | { kind: 'changed'; label: string; fields: FieldChange[] };

export function statementDiff(
  old: PolicyDocument | null | undefined,
  next: PolicyDocument | null | undefined,
): StatementChange[] {
  const before = indexed(old);
  const after = indexed(next);
  const changes: StatementChange[] = [];
  for (const [sid, statement] of before.named) {
    const counterpart = after.named.get(sid);
    if (!counterpart) changes.push({ kind: 'removed', label: sid });
    else {
      const fields = fieldChanges(statement, counterpart);
      if (fields.length > 0) changes.push({ kind: 'changed', label: sid, fields });
    }
  }
  for (const sid of after.named.keys()) if (!before.named.has(sid)) changes.push({ kind: 'added', label: sid });
  for (const [key, label] of before.unnamed) if (!after.unnamed.has(key)) changes.push({ kind: 'removed', label });
  for (const [key, label] of after.unnamed) if (!before.unnamed.has(key)) changes.push({ kind: 'added', label });
  return changes;
}

/** The labels of a document's statements, in order: what a one-line rendering names. */
export function statementLabels(document: PolicyDocument): string[] {
  return asArray(document.Statement).map(label);
}

function label(statement: Statement): string {
  return statement.Sid ?? `(no Sid: ${statement.Effect} ${asArray(statement.Action ?? statement.NotAction).join(',')})`;
}

/**
 * Statements with a Sid by Sid ("#2" for a repeated one); those without by their whole content, so the same
 * statement in both documents matches and any edit to one reads as a removal and an addition.
 */
function indexed(document: PolicyDocument | null | undefined): {
  named: Map<string, Statement>;
  unnamed: Map<string, string>;
} {
  const named = new Map<string, Statement>();
  const unnamed = new Map<string, string>();
  for (const statement of asArray(document?.Statement)) {
    if (!statement.Sid) {
      unnamed.set(statementKey(statement, { withSid: false }), label(statement));
      continue;
    }
    let sid = statement.Sid;
    for (let n = 2; named.has(sid); n += 1) sid = `${statement.Sid}#${n}`;
    named.set(sid, statement);
  }
  return { named, unnamed };
}

function fieldChanges(old: Statement, next: Statement): FieldChange[] {
  const before = flatten(old);
  const after = flatten(next);
  const paths = [...new Set([...before.keys(), ...after.keys()])];
  const folded = (path: string) =>
    path === 'Action' || path === 'NotAction' ? (v: string) => v.toLowerCase() : (v: string) => v;
  return paths.flatMap((path) => {
    const fold = folded(path);
    const was = before.get(path) ?? [];
    const is = after.get(path) ?? [];
    const wasSet = new Set(was.map(fold));
    const isSet = new Set(is.map(fold));
    const added = is.filter((v) => !wasSet.has(fold(v)));
    const removed = was.filter((v) => !isSet.has(fold(v)));
    return added.length + removed.length === 0 ? [] : [{ path, added, removed }];
  });
}

/** A statement as path → values, each a set of strings. */
function flatten(statement: Statement): Map<string, string[]> {
  const fields = new Map<string, string[]>([['Effect', [statement.Effect]]]);
  for (const key of ['Principal', 'NotPrincipal'] as const) {
    const principal = statement[key];
    if (principal === undefined) continue;
    const canonical = canonicalPrincipal(principal);
    if (canonical === '*') fields.set(key, ['*']);
    else for (const [type, values] of Object.entries(canonical)) fields.set(`${key}.${type}`, values);
  }
  for (const key of ['Action', 'NotAction', 'Resource', 'NotResource'] as const) {
    if (statement[key] !== undefined) fields.set(key, unique(asArray(statement[key])));
  }
  for (const [operator, keys] of Object.entries(canonicalCondition(statement.Condition))) {
    for (const [name, values] of Object.entries(keys)) fields.set(`Condition.${operator}.${name}`, values);
  }
  return fields;
}

function unique(values: string[]): string[] {
  return [...new Set(values)].sort();
}
