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

// verify evaluates millions of requests on a large fleet: compiled patterns are kept (keyed by their tokens,
// which is cheaper than building the regex source), and a pattern without wildcards is a plain comparison.
const regexCache = new Map<string, RegExp>();
const REGEX_CACHE_LIMIT = 100_000;

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

/** Unambiguous: a wildcard is NUL plus '*' or '?', and a NUL in literal text is doubled. */
function cacheKey(pattern: Pattern, ignoreCase: boolean): string {
  let key = ignoreCase ? 'i' : 's';
  for (const token of pattern)
    key +=
      token.kind === 'literal'
        ? token.text.replaceAll('\u0000', '\u0000\u0000')
        : token.kind === 'anything'
          ? '\u0000*'
          : '\u0000?';
  return key;
}

/** Whole-string match; `ignoreCase` for actions and the *IgnoreCase operators. */
export function matchesPattern(pattern: Pattern, value: string, ignoreCase = false): boolean {
  if (!ignoreCase && pattern.every((token) => token.kind === 'literal'))
    return pattern.map((token) => (token as { text: string }).text).join('') === value;
  const key = cacheKey(pattern, ignoreCase);
  let regex = regexCache.get(key);
  if (!regex) {
    regex = new RegExp(`^${toRegexSource(pattern)}$`, ignoreCase ? 'isu' : 'su');
    if (regexCache.size >= REGEX_CACHE_LIMIT) regexCache.clear();
    regexCache.set(key, regex);
  }
  return regex.test(value);
}

export function matchesGlob(glob: string, value: string, ignoreCase = false): boolean {
  return matchesPattern(globPattern(glob), value, ignoreCase);
}
