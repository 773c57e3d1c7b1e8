// The plan as a reviewer reads it, in terraform's manner: `+` create (and attach, add member),
// `~` update, `-` detach or remove member; per project, then the shared resources; orphans; the
// broadening changes by impact; one summary line.
import { createColors } from 'picocolors';
import type { Change, Plan } from './change.ts';
import { IMPACT_ORDER } from './impact.ts';
import { changeBody, type Tone } from './render-value.ts';
import { planSummary, summaryLine } from './summary.ts';

type Colors = ReturnType<typeof createColors>;

export interface RenderOptions {
  color: boolean;
}

export function renderPlanText(plan: Plan, options: RenderOptions): string {
  const c = createColors(options.color);
  const sections = [c.bold(`stateward plan for account ${plan.account}`)];
  if (plan.changes.length === 0) sections.push('No changes. The account matches the config.');
  for (const [title, changes] of groups(plan))
    sections.push([c.bold(title), ...changes.flatMap((ch) => renderChange(ch, c))].join('\n'));
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
  const broadening = plan.changes
    .filter((ch) => ch.broadensAccess)
    .sort((a, b) => IMPACT_ORDER[a.impact] - IMPACT_ORDER[b.impact]);
  if (broadening.length > 0)
    sections.push(
      [
        c.bold('Broadening access (apply asks before these):'),
        ...broadening.map((ch) => `  ${impactText(ch, c)}${' '.repeat(10 - ch.impact.length)}${ch.id}`),
      ].join('\n'),
    );
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

function renderChange(change: Change, c: Colors): string[] {
  const sign =
    change.action === 'create' || change.action === 'attach' || change.action === 'add-member'
      ? '+'
      : change.action === 'update'
        ? '~'
        : '-';
  const tone: Tone = sign === '+' ? 'add' : sign === '~' ? 'change' : 'remove';
  const target =
    change.action === 'create' ? '' : ` ${change.setting}${change.key === undefined ? '' : ` ${change.key}`}`;
  const flags = [impactText(change, c), ...(change.broadensAccess ? [c.bold(c.red('broadens access'))] : [])].join(
    ', ',
  );
  const header = `  ${paint(tone, sign, c)} ${change.resourceType} ${change.resourceName}${target}  [${flags}]`;
  const body = changeBody(change).map((line) => `      ${paint(line.tone, line.text, c)}`);
  return [header, `      ${c.dim(`# ${change.summary}`)}`, ...body];
}

function impactText(change: Change, c: Colors): string {
  const colour = { critical: (s: string) => c.bold(c.red(s)), high: c.yellow, medium: c.cyan, low: c.dim }[
    change.impact
  ];
  return colour(change.impact);
}

function paint(tone: Tone, text: string, c: Colors): string {
  return { add: c.green, remove: c.red, change: c.yellow, plain: (s: string) => s, fold: c.dim }[tone](text);
}
