// Whether one IAM wildcard pattern matches everything another one matches. Used to decide whether a
// changed policy lets anyone do more. It answers true only when sure: a false "no" makes apply ask
// once more; a false "yes" would let a broadening change through without asking.

/**
 * True when every string that `specific` matches is also matched by `general`. In `general`, `*`
 * absorbs any run of `specific` (its wildcards included), `?` one character that is not `*`, and a
 * literal only the same literal.
 */
export function patternCovers(general: string, specific: string, ignoreCase = false): boolean {
  const g = ignoreCase ? general.toLowerCase() : general;
  const s = ignoreCase ? specific.toLowerCase() : specific;
  const memo = new Map<number, boolean>();
  const covers = (i: number, j: number): boolean => {
    const slot = i * (s.length + 1) + j;
    const known = memo.get(slot);
    if (known !== undefined) return known;
    let result: boolean;
    if (i === g.length) result = j === s.length;
    else if (g[i] === '*') result = covers(i + 1, j) || (j < s.length && covers(i, j + 1));
    else if (j === s.length) result = false;
    else if (g[i] === '?') result = s[j] !== '*' && covers(i + 1, j + 1);
    else result = s[j] !== '*' && s[j] !== '?' && g[i] === s[j] && covers(i + 1, j + 1);
    memo.set(slot, result);
    return result;
  };
  return covers(0, 0);
}

/** Every entry of `specific` is covered by some entry of `general`. */
export function allCovered(
  general: readonly string[],
  specific: readonly string[],
  match: (g: string, s: string) => boolean,
): boolean {
  return specific.every((s) => general.some((g) => match(g, s)));
}
