// IAM patterns as tokens rather than strings, so that a literal '*' (from `${*}` or a
// substituted variable) can never turn into a wildcard by accident.

export type PatternToken =
  | { kind: 'literal'; text: string }
  | { kind: 'anything' } // '*': any run of characters, including none
  | { kind: 'one' }; // '?': exactly one character

export type Pattern = readonly PatternToken[];

export function literal(text: string): PatternToken {
  return { kind: 'literal', text };
}

/** Reads `*` and `?` as wildcards and everything else literally (no policy variables). */
export function globPattern(text: string): Pattern {
  const tokens: PatternToken[] = [];
  let run = '';
  for (const character of text) {
    if (character === '*' || character === '?') {
      if (run) tokens.push(literal(run));
      run = '';
      tokens.push(character === '*' ? { kind: 'anything' } : { kind: 'one' });
    } else {
      run += character;
    }
  }
  if (run) tokens.push(literal(run));
  return tokens;
}

const regexCache = new Map<string, RegExp>();

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function toRegexSource(pattern: Pattern): string {
  return pattern
    .map((token) => {
      if (token.kind === 'anything') return '.*';
      if (token.kind === 'one') return '.';
      return escapeRegex(token.text);
    })
    .join('');
}

/** Whole-string match; `ignoreCase` for actions and the *IgnoreCase operators. */
export function matchesPattern(pattern: Pattern, value: string, ignoreCase = false): boolean {
  const source = `^${toRegexSource(pattern)}$`;
  const cacheKey = `${ignoreCase ? 'i' : 's'}${source}`;
  let regex = regexCache.get(cacheKey);
  if (!regex) {
    regex = new RegExp(source, ignoreCase ? 'isu' : 'su');
    if (regexCache.size > 5000) regexCache.clear();
    regexCache.set(cacheKey, regex);
  }
  return regex.test(value);
}

export function matchesGlob(glob: string, value: string, ignoreCase = false): boolean {
  return matchesPattern(globPattern(glob), value, ignoreCase);
}
