// IAM rejects a policy whose statements share a Sid, and stateward merges bucket and table policies by
// Sid, so a repeated Sid would either fail apply or silently drop a fence statement. Every document is
// checked once it is built; sidPart makes a repeat impossible for valid names, this keeps it that way.
import { StatewardError } from '../errors.ts';
import type { PolicyDocument } from '../iam/document.ts';
import { sidPart } from './sids.ts';

export function repeatedSids(document: PolicyDocument): string[] {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const statement of document.Statement) {
    if (statement.Sid === undefined) continue;
    if (seen.has(statement.Sid)) repeated.add(statement.Sid);
    seen.add(statement.Sid);
  }
  return [...repeated];
}

/** Throws POLICY_DUPLICATE_SID naming the document and the projects whose names the repeated Sid carries. */
export function assertUniqueSids(document: PolicyDocument, what: string, projects: readonly string[]): PolicyDocument {
  const repeated = repeatedSids(document);
  if (repeated.length === 0) return document;
  const involved = projects.filter((name) => repeated.some((sid) => sid.endsWith(sidPart(name))));
  throw new StatewardError(
    'POLICY_DUPLICATE_SID',
    `${what} would hold statement id${repeated.length > 1 ? 's' : ''} ${repeated.join(', ')} more than once${
      involved.length > 0 ? ` (from projects ${involved.join(', ')})` : ''
    }; IAM rejects such a policy and a merge by Sid would drop one of the statements`,
    'rename one of those projects so their names differ by more than hyphens, and report this as a stateward bug',
  );
}
