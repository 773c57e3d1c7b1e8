// Whether one statement's conditions hold whenever another's do, so that the first statement
// applies to every request the second applies to. Sure answers only: unsure means "no".
import type { Statement } from '../iam/document.ts';
import { canonicalCondition } from './canonical.ts';
import { allCovered, patternCovers } from './pattern-cover.ts';

/** Every condition of `general` must be implied by some condition of `specific` on the same key. */
export function conditionCovers(general: Statement, specific: Statement): boolean {
  const g = canonicalCondition(general.Condition);
  const s = canonicalCondition(specific.Condition);
  return Object.entries(g).every(([gOperator, keys]) =>
    Object.entries(keys).every(([key, gValues]) =>
      Object.entries(s).some(
        ([sOperator, sKeys]) => sKeys[key] !== undefined && implies(sOperator, sKeys[key]!, gOperator, gValues),
      ),
    ),
  );
}

interface MatchKind {
  family: string;
  negated: boolean;
  /** ArnEquals takes wildcards just like ArnLike. */
  wildcard: boolean;
}

/** Plain string and ARN operators; set operators, IfExists and IgnoreCase only ever compare with themselves. */
function matchKind(operator: string): MatchKind | undefined {
  const m = /^(String|Arn)(Not)?(Equals|Like)$/u.exec(operator);
  return m ? { family: m[1]!, negated: m[2] !== undefined, wildcard: m[3] === 'Like' || m[1] === 'Arn' } : undefined;
}

/** Does "sOperator(key, sValues)" imply "gOperator(key, gValues)"? */
function implies(sOperator: string, sValues: string[], gOperator: string, gValues: string[]): boolean {
  const s = matchKind(sOperator);
  const g = matchKind(gOperator);
  if (!s || !g || s.family !== g.family)
    return sOperator === gOperator && sameOperatorImplies(gOperator, sValues, gValues);
  if (!s.negated && !g.negated)
    return allCovered(gValues, sValues, (gv, sv) => valueCovers(gv, g.wildcard, sv, s.wildcard));
  // Excluding at least what the general condition excludes.
  if (s.negated && g.negated)
    return allCovered(sValues, gValues, (sv, gv) => valueCovers(sv, s.wildcard, gv, g.wildcard));
  // A value among these literals, none of which the general condition excludes.
  if (!s.negated && g.negated)
    return sValues.every(
      (v) => !/[*?]/u.test(v) && !gValues.some((gv) => (g.wildcard ? patternCovers(gv, v) : gv === v)),
    );
  return false;
}

/** Every value `specific` stands for is one `general` stands for. */
function valueCovers(general: string, generalWildcard: boolean, specific: string, specificWildcard: boolean): boolean {
  if (generalWildcard) return patternCovers(general, specific);
  return general === specific && !(specificWildcard && /[*?]/u.test(specific));
}

const POSITIVE = /^(String|Arn)(Equals|Like|EqualsIgnoreCase)$|^IpAddress$/u;
const NEGATED = /^(String|Arn)Not(Equals|Like|EqualsIgnoreCase)$|^NotIpAddress$/u;

function sameOperatorImplies(operator: string, specific: string[], general: string[]): boolean {
  const base = operator.replace(/^(ForAllValues|ForAnyValue):/u, '').replace(/IfExists$/u, '');
  const match = valueMatcher(base);
  if (POSITIVE.test(base)) return allCovered(general, specific, match);
  if (NEGATED.test(base)) return allCovered(specific, general, match);
  return general.length === specific.length && general.every((v) => specific.includes(v));
}

function valueMatcher(base: string): (general: string, specific: string) => boolean {
  if (/Like$|^Arn(Not)?Equals$/u.test(base)) return (g, s) => patternCovers(g, s);
  if (/IgnoreCase$/u.test(base)) return (g, s) => g.toLowerCase() === s.toLowerCase();
  return (g, s) => g === s;
}
