// The lock-table fence (issue 9 §3) as found in the table's live resource policy: for some items of the
// shared table (one bucket's lock and digest items, or its _bootstrap/ ones), which item actions a Deny to
// "*" takes from everyone but the principals it exempts by aws:PrincipalArn. Judged by what the statements
// do, not by their Sids, so a hand-written fence counts and a stateward Sid that no longer covers does not.

import { StatewardError } from '../errors.ts';
import { conditionHolds } from '../iam/condition-sets.ts';
import { indexContext } from '../iam/context.ts';
import type { PolicyDocument, Statement } from '../iam/document.ts';
import { denyToEveryone, exempted, NAMING, namesPrincipal } from './fence.ts';
import { actionCovers, conditionsOn, resourceCovers, statementsOf } from './statements.ts';

const LEADING_KEYS = 'dynamodb:LeadingKeys';

/** What Terraform does to a lock item, and what anyone else would use to read, take over or drop one. */
export const LOCK_ITEM_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchGetItem',
  'dynamodb:BatchWriteItem',
] as const;

/** What `terraform plan` does to a lock item: read it, take the lock, release it. */
const PLAN_ITEM_ACTIONS: readonly string[] = ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem'];

/** Whether a principal ARN pattern that a fence exempts may do `action` to the items. */
export type ExemptionAllowed = (principal: string, action: string) => boolean;

/** Who may reach a project's items: its role and the admins everything, the roles that `reads` it GetItem only. */
export interface LockFenceParties {
  writers: string[];
  readers: string[];
  /** The project's plan role: it takes and releases the lock as `terraform plan` does. */
  planners?: string[];
  /** False when the admins could not be known (no config, no bucket fence to take them from). */
  adminsKnown: boolean;
}

/**
 * The parties may do what they are for. When the admins are not known, any principal that names none of
 * `otherRoles` (the account's tf-* roles but the project's own) is taken for one: the fence is there to
 * stop project roles, and which humans administer state is the account's call.
 */
export const allowedParties =
  (parties: LockFenceParties, otherRoles: readonly string[]): ExemptionAllowed =>
  (principal, action) =>
    namesPrincipal(parties.writers, principal) ||
    (action === 'dynamodb:GetItem' && namesPrincipal(parties.readers, principal)) ||
    (PLAN_ITEM_ACTIONS.includes(action) && namesPrincipal(parties.planners ?? [], principal)) ||
    (!parties.adminsKnown && !otherRoles.some((role) => namesPrincipal([principal], role)));

export interface LockFenceExtra {
  principal: string;
  /** The statement that exempts it. */
  statement: string;
  actions: string[];
}

export interface LockFenceAnalysis {
  /** Item actions that no Deny to everyone-but-some on the table covers for these items. */
  unfenced: string[];
  /** Exempted principals not allowed, and not denied by name in another statement. */
  extra: LockFenceExtra[];
  /** The statements that fence (the best one per action), for evidence. */
  statements: string[];
}

interface Candidate {
  label: string;
  permitted: string[];
}

/** Whether the statement's LeadingKeys conditions (if any) pick every one of these items. */
function coversItems(statement: Statement, items: readonly string[]): boolean {
  const entries = conditionsOn(statement, LEADING_KEYS);
  // A value taken from the caller (`${aws:PrincipalTag/project}`) covers different items for each
  // caller, and here there is no caller: a variable without a value would satisfy any negated operator.
  const fromCaller = (value: string) => /\$\{(?![*?$]\})/u.test(value);
  if (entries.some((e) => e.values.some(fromCaller))) return false;
  try {
    // DynamoDB sends LeadingKeys as a set, even for one item: the condition must hold for each item alone.
    return items.every((item) =>
      entries.every((e) => conditionHolds(e.operator, e.key, e.values, indexContext({ [LEADING_KEYS]: [item] }))),
    );
  } catch (error) {
    // An operator stateward cannot evaluate proves no fence.
    if (error instanceof StatewardError) return false;
    throw error;
  }
}

const onItems = (statement: Statement, action: string, table: string, items: readonly string[]): boolean =>
  statement.Effect === 'Deny' &&
  actionCovers(statement, action) &&
  resourceCovers(statement, table) &&
  coversItems(statement, items);

/** Whether another Deny names this principal (e.g. stateward's readers statement, NotAction GetItem). */
function deniedByName(
  statements: readonly Statement[],
  principal: string,
  action: string,
  table: string,
  items: readonly string[],
): boolean {
  return statements.some((s) => {
    if (!denyToEveryone(s) || !onItems(s, action, table, items)) return false;
    const entries = conditionsOn(s, 'aws:PrincipalArn');
    return entries.length > 0 && entries.every((e) => NAMING.test(e.operator) && namesPrincipal(e.values, principal));
  });
}

export function analyzeLockFence(
  policy: PolicyDocument | null | undefined,
  table: string,
  items: readonly string[],
  allowed: ExemptionAllowed,
): LockFenceAnalysis {
  const statements = statementsOf(policy);
  const candidatesFor = (action: string): Candidate[] =>
    statements.flatMap((s, i) => {
      const permitted = denyToEveryone(s) && onItems(s, action, table, items) ? exempted(s, [LEADING_KEYS]) : undefined;
      return permitted ? [{ label: `lock table policy statement ${s.Sid ?? `#${i}`}`, permitted }] : [];
    });
  const extraOf = (candidate: Candidate, action: string): string[] =>
    candidate.permitted.filter((p) => !allowed(p, action) && !deniedByName(statements, p, action, table, items));
  const analysis: LockFenceAnalysis = { unfenced: [], extra: [], statements: [] };
  for (const action of LOCK_ITEM_ACTIONS) {
    // One statement that fences properly is enough, whatever the others exempt.
    const best = candidatesFor(action)
      .map((candidate) => ({ candidate, extra: extraOf(candidate, action) }))
      .sort((a, b) => a.extra.length - b.extra.length)[0];
    if (!best) {
      analysis.unfenced.push(action);
      continue;
    }
    if (!analysis.statements.includes(best.candidate.label)) analysis.statements.push(best.candidate.label);
    for (const principal of best.extra) addExtra(analysis.extra, principal, best.candidate.label, action);
  }
  return analysis;
}

function addExtra(extras: LockFenceExtra[], principal: string, statement: string, action: string): void {
  const known = extras.find((e) => e.principal === principal && e.statement === statement);
  if (known) known.actions.push(action);
  else extras.push({ principal, statement, actions: [action] });
}

export const lockFenceHolds = (analysis: LockFenceAnalysis): boolean =>
  analysis.unfenced.length === 0 && analysis.extra.length === 0;
