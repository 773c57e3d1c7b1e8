// Policy variables (`${aws:username}`, `${aws:PrincipalTag/team, 'none'}`) and the escapes
// `${*}`, `${?}`, `${$}`. AWS: a variable with no value in the request "fails to match", so an
// unresolvable string yields `undefined` and the caller decides what failing means there.
import { type ContextIndex, variableValue } from './context.ts';
import { literal, type Pattern, type PatternToken } from './wildcard.ts';

const ESCAPES: Record<string, string> = { '*': '*', '?': '?', $: '$' };

/** `name` or `name, 'default'` (AWS documents a comma and a space before the quoted default). */
function parseVariable(inner: string): { name: string; fallback?: string } {
  const withDefault = /^\s*([^,]+?)\s*,\s*'(.*)'\s*$/su.exec(inner);
  if (withDefault) return { name: withDefault[1] as string, fallback: withDefault[2] as string };
  return { name: inner.trim() };
}

function resolveVariable(inner: string, context: ContextIndex): string | undefined {
  const escaped = ESCAPES[inner];
  if (escaped !== undefined) return escaped;
  const { name, fallback } = parseVariable(inner);
  return variableValue(context, name) ?? fallback;
}

/**
 * Turns policy text into a pattern. With `wildcards`, bare `*` and `?` match; substituted
 * values and escapes are always literal.
 */
export function resolvePolicyString(text: string, context: ContextIndex, wildcards: boolean): Pattern | undefined {
  const tokens: PatternToken[] = [];
  let run = '';
  let index = 0;
  while (index < text.length) {
    const character = text[index] as string;
    const close = character === '$' && text[index + 1] === '{' ? text.indexOf('}', index + 2) : -1;
    if (close !== -1) {
      const value = resolveVariable(text.slice(index + 2, close), context);
      if (value === undefined) return undefined;
      run += value;
      index = close + 1;
    } else if (wildcards && (character === '*' || character === '?')) {
      if (run) tokens.push(literal(run));
      run = '';
      tokens.push(character === '*' ? { kind: 'anything' } : { kind: 'one' });
      index += 1;
    } else {
      run += character;
      index += 1;
    }
  }
  if (run) tokens.push(literal(run));
  return tokens;
}

/** Splits on ':' except inside `${...}` (variable names such as `aws:username` contain colons). */
export function splitOutsideVariables(text: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  let depth = 0;
  for (let index = 0; index < text.length; index += 1) {
    const character = text[index] as string;
    if (character === '$' && text[index + 1] === '{') depth += 1;
    else if (character === '}' && depth > 0) depth -= 1;
    if (character === separator && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += character;
    }
  }
  parts.push(current);
  return parts;
}
