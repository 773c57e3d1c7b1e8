// The base condition operators: compare one request value with one policy value. A negated
// operator is its positive twin inverted per value; values that cannot be compared (not a
// number, not an ARN, not a boolean) never satisfy either form. A policy variable without a
// value is different: AWS reads it as null, which nothing equals, so it fails the positive
// operators and satisfies the negated ones (reference_policies_variables.html#policy-vars-no-value).
import { matchArn } from './arn.ts';
import type { ContextIndex } from './context.ts';
import { addressInBlock } from './ip-address.ts';
import { resolvePolicyString } from './variables.ts';
import { matchesPattern } from './wildcard.ts';

/** true / false, or undefined when the two values cannot be compared at all. */
export type Comparison = boolean | undefined;
type Compare = (requestValue: string, policyValue: string, context: ContextIndex) => Comparison;

export interface BaseOperator {
  compare: Compare;
  /** Negated operators (StringNotEquals, ArnNotLike, NotIpAddress...) hold when no policy value matches. */
  negated: boolean;
}

function stringCompare(wildcards: boolean, ignoreCase: boolean): Compare {
  return (requestValue, policyValue, context) => {
    const pattern = resolvePolicyString(policyValue, context, wildcards);
    return pattern ? matchesPattern(pattern, requestValue, ignoreCase) : false;
  };
}

function parseNumber(text: string): number | undefined {
  return /^[+-]?(\d+(\.\d*)?|\.\d+)$/u.test(text.trim()) ? Number(text) : undefined;
}

/** AWS accepts W3C ISO 8601 dates and epoch seconds; both become milliseconds here. */
function parseDate(text: string): number | undefined {
  if (/^-?\d+$/u.test(text)) return Number(text) * 1000;
  if (!/^\d{4}-\d{2}(-\d{2})?([T ].*)?$/u.test(text)) return undefined;
  const millis = Date.parse(text);
  return Number.isNaN(millis) ? undefined : millis;
}

function ordered(
  parse: (text: string) => number | undefined,
  test: (request: number, policy: number) => boolean,
): Compare {
  return (requestValue, policyValue) => {
    const request = parse(requestValue);
    const policy = parse(policyValue);
    return request === undefined || policy === undefined ? undefined : test(request, policy);
  };
}

export const isBooleanText = (text: string) => text.toLowerCase() === 'true' || text.toLowerCase() === 'false';

/** AWS: Bool compares "a key to true or false"; a request value that is neither equals neither. */
const bool: Compare = (requestValue, policyValue, context) => {
  const pattern = resolvePolicyString(policyValue, context, false);
  if (!pattern) return false;
  const policy = pattern.map((token) => (token.kind === 'literal' ? token.text : '')).join('');
  // A literal non-boolean is refused by checkConditionBlock; one substituted from a variable cannot be compared.
  if (!isBooleanText(policy)) return undefined;
  return isBooleanText(requestValue) && policy.toLowerCase() === requestValue.toLowerCase();
};

const arn: Compare = (requestValue, policyValue, context) => {
  const result = matchArn(policyValue, requestValue, context, false);
  if (result === 'invalid') return undefined;
  return result === 'match';
};

const ipAddress: Compare = (requestValue, policyValue) => addressInBlock(requestValue, policyValue);

const FAMILY: Record<string, Compare> = {
  stringequals: stringCompare(false, false),
  stringequalsignorecase: stringCompare(false, true),
  stringlike: stringCompare(true, false),
  numericequals: ordered(parseNumber, (r, p) => r === p),
  numericlessthan: ordered(parseNumber, (r, p) => r < p),
  numericlessthanequals: ordered(parseNumber, (r, p) => r <= p),
  numericgreaterthan: ordered(parseNumber, (r, p) => r > p),
  numericgreaterthanequals: ordered(parseNumber, (r, p) => r >= p),
  dateequals: ordered(parseDate, (r, p) => r === p),
  datelessthan: ordered(parseDate, (r, p) => r < p),
  datelessthanequals: ordered(parseDate, (r, p) => r <= p),
  dategreaterthan: ordered(parseDate, (r, p) => r > p),
  dategreaterthanequals: ordered(parseDate, (r, p) => r >= p),
  bool,
  binaryequals: (requestValue, policyValue) => requestValue === policyValue,
  arnequals: arn,
  arnlike: arn,
  ipaddress: ipAddress,
};

const NEGATED: Record<string, string> = {
  stringnotequals: 'stringequals',
  stringnotequalsignorecase: 'stringequalsignorecase',
  stringnotlike: 'stringlike',
  numericnotequals: 'numericequals',
  datenotequals: 'dateequals',
  arnnotequals: 'arnequals',
  arnnotlike: 'arnlike',
  notipaddress: 'ipaddress',
};

/** The operator named (case-insensitively) `name`, without set prefix or IfExists suffix. */
export function baseOperator(name: string): BaseOperator | undefined {
  const key = name.toLowerCase();
  const positive = FAMILY[key];
  if (positive) return { compare: positive, negated: false };
  const twin = NEGATED[key];
  return twin ? { compare: FAMILY[twin] as Compare, negated: true } : undefined;
}

/** One request value against the policy's list: OR for positive operators, NOR for negated ones. */
export function operatorHolds(
  operator: BaseOperator,
  requestValue: string,
  policyValues: readonly string[],
  context: ContextIndex,
): boolean {
  if (operator.negated) return policyValues.every((value) => operator.compare(requestValue, value, context) === false);
  return policyValues.some((value) => operator.compare(requestValue, value, context) === true);
}
