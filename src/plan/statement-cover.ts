// Does a new policy document let anyone do more than the old one? A new Allow that no old Allow
// covers, or an old Deny that no new Deny covers, does. Coverage is decided per statement and only
// when sure; when unsure the change counts as broadening, so apply asks rather than waves it through.
import type { PolicyDocument, Statement } from '../iam/document.ts';
import { asArray } from '../iam/document.ts';
import { canonicalPrincipal } from './canonical.ts';
import { conditionCovers } from './condition-cover.ts';
import { allCovered, patternCovers } from './pattern-cover.ts';

export function documentBroadens(
  old: PolicyDocument | null | undefined,
  next: PolicyDocument | null | undefined,
): boolean {
  const before = asArray(old?.Statement);
  const after = asArray(next?.Statement);
  const allowsMore = after.some((s) => s.Effect === 'Allow' && !before.some((o) => statementCovers(o, s)));
  const deniesLess = before.some((d) => d.Effect === 'Deny' && !after.some((n) => statementCovers(n, d)));
  return allowsMore || deniesLess;
}

/** True when every request `specific` applies to, `general` applies to as well (same Effect). */
export function statementCovers(general: Statement, specific: Statement): boolean {
  if (general.Effect !== specific.Effect) return false;
  return (
    principalCovers(general, specific) &&
    actionsCover(general, specific) &&
    elementCovers(
      listed(general.Resource),
      listed(general.NotResource),
      listed(specific.Resource),
      listed(specific.NotResource),
    ) &&
    conditionCovers(general, specific)
  );
}

/**
 * Actions, knowing that a statement whose resources all belong to one service only ever matches
 * that service's actions: "s3:*" covers "NotAction s3:GetObject" on an S3 object.
 */
function actionsCover(general: Statement, specific: Statement): boolean {
  const gPos = lowered(general.Action);
  const service = resourceService(specific);
  if (service !== undefined && gPos?.includes(`${service}:*`)) return true;
  return elementCovers(gPos, lowered(general.NotAction), lowered(specific.Action), lowered(specific.NotAction));
}

function resourceService(statement: Statement): string | undefined {
  const services = new Set(listed(statement.Resource)?.map((arn) => /^arn:aws[\w-]*:([a-z0-9-]+):/u.exec(arn)?.[1]));
  const [only] = services;
  return services.size === 1 && only !== undefined ? only.toLowerCase() : undefined;
}

function principalCovers(general: Statement, specific: Statement): boolean {
  if (general.NotPrincipal || specific.NotPrincipal) {
    return same(general.Principal, specific.Principal) && same(general.NotPrincipal, specific.NotPrincipal);
  }
  if (!general.Principal || !specific.Principal) return !general.Principal && !specific.Principal;
  const g = canonicalPrincipal(general.Principal);
  const s = canonicalPrincipal(specific.Principal);
  if (g === '*') return true;
  if (s === '*') return false;
  return Object.entries(s).every(([type, values]) => {
    const granted = g[type] ?? [];
    return granted.includes('*') || values.every((v) => granted.includes(v));
  });
}

/** Action/NotAction or Resource/NotResource. */
function elementCovers(gPos?: string[], gNeg?: string[], sPos?: string[], sNeg?: string[]): boolean {
  if (gPos?.includes('*')) return true;
  if (!gPos && !gNeg && !sPos && !sNeg) return true;
  if (gPos && sPos) return allCovered(gPos, sPos, (g, s) => patternCovers(g, s));
  // The specific statement must exclude at least everything the general one excludes.
  if (gNeg && sNeg) return allCovered(sNeg, gNeg, (s, g) => patternCovers(s, g));
  // Literal entries that no exclusion of the general statement reaches.
  if (gNeg && sPos) return sPos.every((s) => !/[*?]/u.test(s) && !gNeg.some((g) => patternCovers(g, s)));
  return false;
}

function lowered(values: Statement['Action']): string[] | undefined {
  return values === undefined ? undefined : asArray(values).map((v) => v.toLowerCase());
}

function listed(values: Statement['Resource']): string[] | undefined {
  return values === undefined ? undefined : asArray(values);
}

function same(a: Statement['Principal'], b: Statement['Principal']): boolean {
  if (a === undefined || b === undefined) return a === b;
  return JSON.stringify(canonicalPrincipal(a)) === JSON.stringify(canonicalPrincipal(b));
}
