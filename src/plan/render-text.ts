// The plan as a reviewer reads it, in terraform's manner: `+` create (and attach, add member),
// `~` update, `-` detach or remove member; per project, then the shared resources; orphans; the
// broadening changes by impact; one summary line. By default one line per change with its values in
// brief (policy documents as statements by Sid); `full` adds the why and whole documents as line diffs.
import { createColors } from 'picocolors';
import type { Change, Plan } from './change.ts';
import { IMPACT_ORDER } from './impact.ts';
import { compactLines } from './render-compact.ts';
import { type Colors, flagsText, impactText, paint, signOf, toneOf } from './render-marks.ts';
import { changeBody } from './render-value.ts';
import { planSummary, summaryLine } from './summary.ts';

export interface RenderOptions {
  color: boolean;
  /** Every change with its reason and whole documents, instead of one line per change. */
  full?: boolean;
}

export function renderPlanText(plan: Plan, options: RenderOptions): string {
  const c = createColors(options.color);
  const sections = [c.bold(`stateward plan for account ${plan.account}`)];
  if (plan.changes.length === 0)
    sections.push(
      plan.blocked.length > 0 ? 'No changes for the other projects.' : 'No changes. The account matches the config.',
    );
  for (const [title, changes] of groups(plan))
    sections.push(
      [c.bold(title), ...(options.full ? changes.flatMap((ch) => fullLines(ch, c)) : compactLines(changes, c))].join(
        '\n',
      ),
    );
  const orphans = [
    ...plan.orphans.buckets.map((b) => `  bucket ${b}`),
    ...plan.orphans.roles.map((r) => `  role ${r}`),
  ];
  if (orphans.length > 0) sections.push([c.bold('Not in config, left untouched:'), ...orphans].join('\n'));
  if (plan.notices.length > 0)
    sections.push(
      [
        c.bold('Found in the account:'),
        ...plan.notices.map((n) => `  ${n.level === 'warning' ? c.bold(c.yellow('warning')) : 'note'}: ${n.message}`),
      ].join('\n'),
    );
  if (plan.blocked.length > 0)
    sections.push(
      [
        c.bold('Not planned (apply creates nothing of these projects and fails):'),
        ...plan.blocked.map((b) => `  ${c.bold(c.red('error'))}: ${b.message}\n    fix: ${b.fix}`),
      ].join('\n'),
    );
  const broadening = broadeningLines(plan.changes, c);
  if (broadening.length > 0)
    sections.push([c.bold('Broadening access (apply asks before these):'), ...broadening].join('\n'));
  if (plan.changes.length > 0) sections.push(c.bold(summaryLine(planSummary(plan))));
  return `${sections.join('\n\n')}\n`;
}

function groups(plan: Plan): Array<[string, Change[]]> {
  const byProject = new Map<string, Change[]>();
  for (const change of plan.changes.filter((ch) => ch.project !== undefined)) {
    byProject.set(change.project!, [...(byProject.get(change.project!) ?? []), change]);
  }
  const shared = plan.changes.filter((ch) => ch.project === undefined);
  return [
    ...[...byProject].map(([name, changes]): [string, Change[]] => [`project ${name}`, changes]),
    ...(shared.length > 0 ? [['shared resources', shared] as [string, Change[]]] : []),
  ];
}

/** One line per resource and impact, highest impact first: the changes that let anyone do more. */
function broadeningLines(changes: Change[], c: Colors): string[] {
  const lines = new Map<string, { change: Change; what: string[] }>();
  const sorted = changes
    .filter((change) => change.broadensAccess)
    .sort((a, b) => IMPACT_ORDER[a.impact] - IMPACT_ORDER[b.impact]);
  for (const change of sorted) {
    const line = `${change.impact} ${change.resourceType} ${change.resourceName}`;
    const what =
      change.action === 'create' ? 'create' : `${change.setting}${change.key === undefined ? '' : ` ${change.key}`}`;
    lines.set(line, { change, what: [...(lines.get(line)?.what ?? []), what] });
  }
  return [...lines.values()].map(
    ({ change, what }) =>
      `  ${impactText(change, c)}${' '.repeat(10 - change.impact.length)}${change.resourceType} ${change.resourceName}: ${what.join(', ')}`,
  );
}

/** The whole change: its reason, and its values in full (documents as a line diff). */
function fullLines(change: Change, c: Colors): string[] {
  const sign = signOf(change);
  const target =
    change.action === 'create' ? '' : ` ${change.setting}${change.key === undefined ? '' : ` ${change.key}`}`;
  const header = `  ${paint(toneOf(sign), sign, c)} ${change.resourceType} ${change.resourceName}${target}  ${flagsText(change, c)}`;
  const body = changeBody(change).map((line) => `      ${paint(line.tone, line.text, c)}`);
  return [header, `      ${c.dim(`# ${change.summary}`)}`, ...body];
}
