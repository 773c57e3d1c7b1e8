// Reading live policy documents the way the rules need: which statements an Allow covers (conditions set
// aside: a condition narrows a grant, but the grant is what the rules judge), condition values by key, and
// a label that names the statement in evidence.
import { actionsMatch } from '../iam/action.ts';
import { indexContext } from '../iam/context.ts';
import {
  asArray,
  type ConditionValue,
  type NamedPolicy,
  type PolicyDocument,
  type Statement,
} from '../iam/document.ts';
import { notResourcesMatch, resourcesMatch } from '../iam/resource.ts';

const NO_CONTEXT = indexContext({});

/** A document's statements; live documents may hold one statement object instead of a list. */
export function statementsOf(document: PolicyDocument | null | undefined): Statement[] {
  if (!document) return [];
  const statements = document.Statement as Statement | Statement[] | undefined;
  return statements === undefined ? [] : asArray(statements);
}

export interface LabelledStatement {
  policy: string;
  statement: Statement;
  index: number;
  /** "<policy> statement <Sid>" or "<policy> statement #<index>". */
  label: string;
}

export function labelledStatements(policies: readonly NamedPolicy[]): LabelledStatement[] {
  return policies.flatMap((policy) =>
    statementsOf(policy.document).map((statement, index) => ({
      policy: policy.name,
      statement,
      index,
      label: `${policy.name} statement ${statement.Sid ? statement.Sid : `#${index}`}`,
    })),
  );
}

export function actionCovers(statement: Statement, action: string): boolean {
  if (statement.NotAction !== undefined) return !actionsMatch(asArray(statement.NotAction), action);
  return actionsMatch(asArray(statement.Action), action);
}

export function resourceCovers(statement: Statement, resource: string): boolean {
  if (statement.NotResource !== undefined)
    return notResourcesMatch(asArray(statement.NotResource), resource, NO_CONTEXT);
  if (statement.Resource === undefined) return false;
  return resourcesMatch(asArray(statement.Resource), resource, NO_CONTEXT);
}

/** Whether an Allow statement grants `action` on `resource`, whatever its conditions. */
export function allowCovers(statement: Statement, action: string, resource: string): boolean {
  return statement.Effect === 'Allow' && actionCovers(statement, action) && resourceCovers(statement, resource);
}

export interface ConditionEntry {
  operator: string;
  key: string;
  values: string[];
}

/** Every condition on `key` (case-insensitive, as IAM compares keys), with its operator. */
export function conditionsOn(statement: Statement, key: string): ConditionEntry[] {
  const wanted = key.toLowerCase();
  const entries: ConditionEntry[] = [];
  for (const [operator, keys] of Object.entries(statement.Condition ?? {})) {
    for (const [name, value] of Object.entries(keys ?? {})) {
      if (name.toLowerCase() === wanted)
        entries.push({ operator, key: name, values: asArray<ConditionValue>(value).map(String) });
    }
  }
  return entries;
}

/** Operators that pin a key to the listed values (a Not… operator or a numeric one does not). */
export const isPositiveStringOperator = (operator: string): boolean =>
  /^(ForAnyValue:|ForAllValues:)?String(Equals|Like)(IgnoreCase)?(IfExists)?$/.test(operator);

export const hasWildcard = (value: string): boolean => /[*?]/.test(value);

/** `Operator key = a, b` for evidence. */
export function describeCondition(entry: ConditionEntry): string {
  return `${entry.operator} ${entry.key} = ${entry.values.join(', ')}`;
}

export const listOf = <T>(value: T | T[] | undefined): T[] => asArray(value);
