// The bucket policy is shared: stateward owns the statements whose Sid starts with "Stateward" and
// keeps everyone else's. Drift is judged on stateward's statements only; a write keeps the others
// where they were.

import { StatewardError } from '../errors.ts';
import type { PolicyDocument, Statement } from '../iam/document.ts';
import { asArray } from '../iam/document.ts';
import { STATEWARD_SID_PREFIX } from '../policy/bucket-policy.ts';
import { repeatedSids } from '../policy/unique-sids.ts';
import { sameSet, statementKeys } from './canonical.ts';

export function isStatewardStatement(statement: Statement): boolean {
  return statement.Sid?.startsWith(STATEWARD_SID_PREFIX) ?? false;
}

/** Whether the live policy holds exactly stateward's statements (by Sid and meaning), whatever else it holds. */
export function statewardStatementsMatch(live: PolicyDocument | null | undefined, owned: PolicyDocument): boolean {
  if (!live || live.Version !== owned.Version) return false;
  const liveOwned = asArray(live.Statement).filter(isStatewardStatement);
  return sameSet(statementKeys({ Statement: liveOwned }, { withSid: true }), statementKeys(owned, { withSid: true }));
}

/**
 * The complete policy to write: the live statements in their order, stateward's replaced in place by
 * Sid, stateward's Sids no longer wanted dropped, new ones appended.
 */
export function mergeBucketPolicy(live: PolicyDocument | null | undefined, owned: PolicyDocument): PolicyDocument {
  const repeated = repeatedSids(owned);
  if (repeated.length > 0)
    throw new StatewardError(
      'POLICY_DUPLICATE_SID',
      `stateward's statements for this policy repeat Sid ${repeated.join(', ')}; merging by Sid would keep only one of each`,
      'rename one of the projects whose names differ only by hyphens, and report this as a stateward bug',
    );
  const wanted = new Map(owned.Statement.map((s) => [s.Sid, s]));
  const placed = new Set<string | undefined>();
  const statements: Statement[] = [];
  for (const statement of asArray(live?.Statement)) {
    if (!isStatewardStatement(statement)) {
      statements.push(statement);
      continue;
    }
    const replacement = wanted.get(statement.Sid);
    if (replacement && !placed.has(statement.Sid)) {
      statements.push(replacement);
      placed.add(statement.Sid);
    }
  }
  statements.push(...owned.Statement.filter((s) => !placed.has(s.Sid)));
  return { Version: owned.Version, ...(live?.Id ? { Id: live.Id } : {}), Statement: statements };
}

export function foreignStatementCount(live: PolicyDocument | null | undefined): number {
  return asArray(live?.Statement).filter((s) => !isStatewardStatement(s)).length;
}
