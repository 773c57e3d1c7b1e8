// verify's management probes put every role against every other project's store: the square of the fleet
// times a dozen actions, 1.2 million evaluations at 300 projects. A request can be allowed only through an
// Allow statement whose Action and Resource match it, so a probe that no Allow statement matches is an
// implicit deny and needs no evaluation. The check over-approximates (NotAction, NotResource, a missing
// Resource and a policy variable all count as matching): it never hides an allow, and whatever it keeps
// is evaluated in full.
import { actionsMatch } from '../iam/action.ts';
import { asArray, type NamedPolicy, type Statement } from '../iam/document.ts';
import { matchesGlob } from '../iam/wildcard.ts';

export function allowStatementsOf(policies: readonly NamedPolicy[]): Statement[] {
  return policies.flatMap((policy) => policy.document.Statement.filter((s) => s.Effect === 'Allow'));
}

/** The Allow statements of `statements` that could match some request on `resource`. */
export function allowsOnResource(statements: readonly Statement[], resource: string): Statement[] {
  return statements.filter(
    (s) =>
      s.Effect === 'Allow' &&
      (s.NotResource !== undefined ||
        s.Resource === undefined ||
        asArray(s.Resource).some((entry) => resourceEntryMayMatch(entry, resource))),
  );
}

/** Whether one of `statements` (already matched to the resource) could allow `action`. */
export function mayAllowAction(statements: readonly Statement[], action: string): boolean {
  return statements.some((s) => s.NotAction !== undefined || actionsMatch(asArray(s.Action), action));
}

/** `*` and plain ARNs, most entries, need no pattern: this runs for every role and every other project. */
function resourceEntryMayMatch(entry: string, resource: string): boolean {
  if (entry === '*' || entry.includes('${')) return true;
  if (!entry.includes('*') && !entry.includes('?')) return entry === resource;
  return matchesGlob(entry, resource);
}
