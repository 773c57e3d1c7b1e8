// `plan --json`: the plan as data for scripts and CI, versioned so consumers can rely on its shape.
import type { Plan } from './change.ts';
import { planSummary } from './summary.ts';

export function planToJson(plan: Plan): string {
  const { version, account, changes, orphans, notices, blocked } = plan;
  return JSON.stringify({ version, account, summary: planSummary(plan), changes, orphans, notices, blocked }, null, 2);
}
