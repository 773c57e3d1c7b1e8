// Small constructors for statements, so builders read as a list of grants rather than JSON plumbing.
import type { ConditionBlock, Statement } from '../iam/document.ts';
import { hasWildcard } from './state-keys.ts';

export function allow(sid: string, actions: string[], resources: string[], condition?: ConditionBlock): Statement {
  return withCondition({ Sid: sid, Effect: 'Allow', Action: single(actions), Resource: single(resources) }, condition);
}

function withCondition(statement: Statement, condition?: ConditionBlock): Statement {
  return condition && Object.keys(condition).length > 0 ? { ...statement, Condition: condition } : statement;
}

/** One value stays a string (as AWS echoes it back); several stay a sorted list, for stable output. */
export function single(values: string[]): string | string[] {
  const unique = [...new Set(values)];
  return unique.length === 1 ? unique[0]! : unique.sort();
}

/** StringEquals for literals, StringLike as soon as one value holds a wildcard. */
export function stringMatch(key: string, values: string[], setOperator?: 'ForAllValues'): ConditionBlock {
  const operator = hasWildcard(values) ? 'StringLike' : 'StringEquals';
  return { [setOperator ? `${setOperator}:${operator}` : operator]: { [key]: single(values) } };
}

/** Combines condition blocks; keys under the same operator are merged, never overwritten. */
export function mergeConditions(...blocks: ConditionBlock[]): ConditionBlock {
  const merged: ConditionBlock = {};
  for (const block of blocks) {
    for (const [operator, keys] of Object.entries(block)) merged[operator] = { ...(merged[operator] ?? {}), ...keys };
  }
  return merged;
}

/** A DynamoDB condition limiting items to these LockIDs and, where given, these attributes. */
export function lockItemCondition(lockIds: string[], attributes?: string[]): ConditionBlock {
  const keys = stringMatch('dynamodb:LeadingKeys', lockIds, 'ForAllValues');
  return attributes
    ? mergeConditions(keys, { 'ForAllValues:StringEquals': { 'dynamodb:Attributes': attributes } })
    : keys;
}
