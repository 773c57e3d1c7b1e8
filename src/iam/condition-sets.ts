// The Condition element: operators AND together, keys within an operator AND together. This
// file owns the rules around the base comparison: missing keys, `IfExists`, `Null`, and the
// `ForAllValues:` / `ForAnyValue:` set operators over multivalued keys.
import { StatewardError } from '../errors.ts';
import { type BaseOperator, baseOperator, isBooleanText, operatorHolds } from './condition-operators.ts';
import { type ContextEntry, type ContextIndex, lookupKey } from './context.ts';
import { asArray, type ConditionBlock, type ConditionValue, type OneOrMany } from './document.ts';

type SetOperator = 'ForAllValues' | 'ForAnyValue' | undefined;

interface ParsedOperator {
  set: SetOperator;
  ifExists: boolean;
  name: string;
}

function parseOperator(text: string): ParsedOperator {
  const colon = text.indexOf(':');
  const prefix = colon === -1 ? '' : text.slice(0, colon).toLowerCase();
  const rest = colon === -1 ? text : text.slice(colon + 1);
  if (colon !== -1 && prefix !== 'forallvalues' && prefix !== 'foranyvalue') {
    throw new StatewardError(
      'IAM_UNKNOWN_SET_OPERATOR',
      `Condition operator "${text}" has an unknown set operator.`,
      'Use ForAllValues: or ForAnyValue: (or no prefix) before the condition operator.',
    );
  }
  const set: SetOperator =
    prefix === 'forallvalues' ? 'ForAllValues' : prefix === 'foranyvalue' ? 'ForAnyValue' : undefined;
  const ifExists = /ifexists$/iu.test(rest);
  return { set, ifExists, name: ifExists ? rest.slice(0, -'IfExists'.length) : rest };
}

function operatorFor(parsed: ParsedOperator, text: string): BaseOperator {
  const operator = baseOperator(parsed.name);
  if (operator) return operator;
  throw new StatewardError(
    'IAM_UNKNOWN_CONDITION_OPERATOR',
    `Condition operator "${text}" is not one stateward can evaluate.`,
    'Use a String*, Arn*, Numeric*, Date*, Bool, BinaryEquals, IpAddress, NotIpAddress or Null operator.',
  );
}

/** The request's values as a set: none for a missing key, one for a single-valued key. */
function requestSet(entry: ContextEntry): string[] {
  if (entry.kind === 'missing') return [];
  return entry.kind === 'single' ? [entry.value] : entry.values;
}

/**
 * `Null: true` holds when the key is absent, `Null: false` when it is present. AWS documents no
 * set form of Null, so ForAllValues/ForAnyValue apply their definitions to it: every value the
 * request holds is present (`false`), and the empty set makes ForAllValues true and ForAnyValue false.
 */
function nullHolds(entry: ContextEntry, values: readonly string[], set: SetOperator): boolean {
  const wants = (answer: 'true' | 'false') => values.some((value) => value.toLowerCase() === answer);
  if (!set) return wants(entry.kind === 'missing' ? 'true' : 'false');
  const present = requestSet(entry).length > 0;
  if (set === 'ForAllValues') return !present || wants('false');
  return present && wants('false');
}

function singleValuedHolds(
  operator: BaseOperator,
  parsed: ParsedOperator,
  entry: ContextEntry,
  values: readonly string[],
  context: ContextIndex,
): boolean {
  // AWS: a missing key fails a condition, except that IfExists and the negated operators hold.
  if (entry.kind === 'missing') return parsed.ifExists || operator.negated;
  // A multivalued key needs a set operator; without one the condition cannot hold.
  if (entry.kind === 'multi') return false;
  return operatorHolds(operator, entry.value, values, context);
}

function setHolds(
  operator: BaseOperator,
  set: 'ForAllValues' | 'ForAnyValue',
  entry: ContextEntry,
  values: readonly string[],
  context: ContextIndex,
): boolean {
  // AWS: ForAllValues is true for a missing key (nothing to contradict it); ForAnyValue is false,
  // with or without IfExists (observed on AWS and in the oracle).
  if (entry.kind === 'missing') return set === 'ForAllValues';
  const requestValues = requestSet(entry);
  const holds = (value: string) => operatorHolds(operator, value, values, context);
  return set === 'ForAllValues' ? requestValues.every(holds) : requestValues.some(holds);
}

export function conditionHolds(
  operatorText: string,
  key: string,
  rawValues: OneOrMany<ConditionValue>,
  context: ContextIndex,
): boolean {
  const parsed = parseOperator(operatorText);
  const values = asArray(rawValues).map(String);
  const entry = lookupKey(context, key);
  if (parsed.name.toLowerCase() === 'null') return nullHolds(entry, values, parsed.set);
  const operator = operatorFor(parsed, operatorText);
  if (parsed.set) return setHolds(operator, parsed.set, entry, values, context);
  return singleValuedHolds(operator, parsed, entry, values, context);
}

/**
 * AWS documents Bool only as "comparing a key to true or false": what it does with any other
 * policy value is undocumented, so stateward refuses to guess (a value from a variable is checked per request).
 */
function checkBoolValues(operator: string, key: string, values: OneOrMany<ConditionValue>): void {
  for (const value of asArray(values).map(String)) {
    if (value.includes('${') || isBooleanText(value)) continue;
    throw new StatewardError(
      'IAM_INVALID_CONDITION_VALUE',
      `Condition "${operator}" compares "${key}" with ${JSON.stringify(value)}, which is neither true nor false.`,
      'Give Bool the value "true" or "false".',
    );
  }
}

/** Throws for a condition stateward cannot evaluate, whether or not the statement would apply. */
export function checkConditionBlock(block: ConditionBlock | undefined): void {
  for (const [operator, keys] of Object.entries(block ?? {})) {
    const parsed = parseOperator(operator);
    if (parsed.name.toLowerCase() === 'null') continue;
    operatorFor(parsed, operator);
    if (parsed.name.toLowerCase() !== 'bool') continue;
    for (const [key, values] of Object.entries(keys)) checkBoolValues(operator, key, values);
  }
}

/** Every operator and every key in the block must hold. */
export function conditionBlockHolds(block: ConditionBlock | undefined, context: ContextIndex): boolean {
  if (!block) return true;
  return Object.entries(block).every(([operator, keys]) =>
    Object.entries(keys).every(([key, values]) => conditionHolds(operator, key, values, context)),
  );
}
