// The counts a plan ends with, shared by the text and JSON renderings and by --detailed-exitcode.
import type { Change, Plan } from './change.ts';

export interface PlanSummary {
  create: number;
  change: number;
  remove: number;
  /** Changes that let anyone do more: apply asks before them. */
  broadenAccess: number;
}

/** Creations; removals are deletions, detachments and members taken out; everything else changes a resource. */
export function changeKind(change: Change): keyof Omit<PlanSummary, 'broadenAccess'> {
  if (change.action === 'create') return 'create';
  if (change.action === 'delete' || change.action === 'detach' || change.action === 'remove-member') return 'remove';
  return 'change';
}

export function planSummary(plan: Plan): PlanSummary {
  const summary: PlanSummary = { create: 0, change: 0, remove: 0, broadenAccess: 0 };
  for (const change of plan.changes) {
    summary[changeKind(change)] += 1;
    if (change.broadensAccess) summary.broadenAccess += 1;
  }
  return summary;
}

export function summaryLine(summary: PlanSummary): string {
  const broaden = summary.broadenAccess === 1 ? '1 broadens access' : `${summary.broadenAccess} broaden access`;
  return `Plan: ${summary.create} to create, ${summary.change} to change, ${summary.remove} to remove. (${broaden})`;
}
