// The verify matrix as terminal text: per project, who may assume the role, then a grid of
// actor → state × operation. Violations are listed in full below, with the deciding statements.
import pc from 'picocolors';
import { MANAGEMENT_FIX, type ManagementCell } from './management.ts';
import { REACH_FIX } from './reach.ts';
import { renderEnvironmentChains } from './render-chain.ts';
import {
  isViolation,
  type OperationCell,
  type ProjectReport,
  type TrustCell,
  type VerifyReport,
  violationCount,
} from './report.ts';
import { OPERATIONS } from './targets.ts';

const HEADINGS: Record<string, string> = {
  read: 'read',
  plan: 'plan',
  apply: 'apply',
  'apply-new': 'new',
  'workspace-new': 'ws+',
  'workspace-delete': 'ws-',
  'force-unlock': 'unlock',
};

export function renderVerifyText(report: VerifyReport, options: { color: boolean; explain?: boolean }): string {
  const c = pc.createColors(options.color);
  const cells = report.projects.reduce((n, p) => n + p.trust.length + p.operations.length, 0);
  const lines = [
    c.bold(
      `verify: ${report.source === 'live' ? 'the live account' : 'the generated documents'}, ${cells} cells, ${violationCount(report)} violation${violationCount(report) === 1 ? '' : 's'}`,
    ),
    c.dim('  ✓ allowed  · denied  - not applicable  ! not as expected'),
  ];
  for (const project of report.projects) lines.push('', ...renderProject(project, c, options.explain ?? false));
  if (report.violations.length > 0)
    lines.push('', c.red(c.bold('Violations')), ...report.violations.map((v) => `  ${describeViolation(v)}`));
  lines.push(...renderEnvironmentChains(report, c));
  return lines.join('\n');
}

type Colors = ReturnType<typeof pc.createColors>;

function renderProject(project: ProjectReport, c: Colors, explain: boolean): string[] {
  const lines = [c.bold(project.role.split('/').pop()!)];
  for (const m of project.managedPolicies)
    lines.push(
      c.dim(`  managed policy ${m.arn}${m.assumed ? ' (document unknown offline: assumed to allow everything)' : ''}`),
    );
  const reach = project.outsideState.filter((probe) => probe.allowed);
  if (reach.length > 0) {
    lines.push(c.yellow('  outside state, its managed policies let it:'));
    for (const probe of reach)
      lines.push(c.yellow(`    ! ${probe.what}: ${probe.action} by ${probe.decidedBy.join(', ')}`));
    lines.push(c.dim(`    no resource policy guards IAM, so the role could rewrite itself; fix: ${REACH_FIX}`));
  }
  lines.push('  who may assume it');
  const width = Math.max(...project.trust.map((t) => t.label.length));
  for (const t of project.trust) {
    const mark = isViolation(t) ? c.red('!') : t.actual ? c.green('✓') : '·';
    lines.push(
      `    ${mark} ${t.label.padEnd(width)}  ${t.actual ? 'allowed' : 'refused'}${t.decidedBy.length ? c.dim(`  ${t.decidedBy.join(', ')}`) : ''}`,
    );
  }
  lines.push(
    ...renderGrid(project.operations, c),
    ...renderUnconnected(project, c),
    ...renderManagement(project.management, project.unconnected.managementActions, c),
  );
  if (explain)
    lines.push(
      '  deciding statements',
      ...project.operations.map(
        (o) =>
          `    ${o.layer.padEnd(9)} ${actorName(o.actor, o.actorKind === 'outsider')} ${o.operation} ${o.target}: ${o.actual ? 'allowed' : 'denied'} by ${o.decidedBy.join(', ') || 'no statement'} (${o.detail})`,
      ),
    );
  return lines;
}

function renderGrid(cells: OperationCell[], c: Colors): string[] {
  const rows = new Map<string, OperationCell[]>();
  for (const cell of cells) {
    const key = `${actorName(cell.actor, cell.actorKind === 'outsider')} → ${cell.target}`;
    rows.set(key, [...(rows.get(key) ?? []), cell]);
  }
  const width = Math.max(24, ...[...rows.keys()].map((k) => k.length)) + 2;
  const header = `  ${'what each actor can do'.padEnd(width + 2)}${OPERATIONS.map((op) => HEADINGS[op]!.padEnd(7)).join('')}`;
  const body = [...rows].map(
    ([key, list]) =>
      `    ${key.padEnd(width)}${OPERATIONS.map((op) =>
        symbol(
          list.filter((x) => x.operation === op),
          c,
        ),
      ).join('')}`,
  );
  return [header, ...body];
}

/** One line when every probe is denied (with what denied them); each allowed one otherwise. */
/** `unreached`: probes left out of `cells` because no Allow statement could match them (denied). */
function renderManagement(cells: ManagementCell[], unreached: number, c: Colors): string[] {
  const total = cells.length + unreached;
  if (total === 0) return [];
  const allowed = cells.filter((cell) => cell.actual);
  if (allowed.length === 0) {
    return [
      `  managing other projects' stores: ${total} actions, all denied ${c.dim(`(${deniedBy(cells, unreached)})`)}`,
    ];
  }
  return [
    c.red(`  managing other projects' stores: ${allowed.length} of ${total} actions allowed`),
    ...allowed.map((cell) => c.red(`    ! ${cell.action} on ${cell.target} by ${cell.decidedBy.join(', ')}`)),
  ];
}

/**
 * What denied them, one entry per statement: a fence statement stands once in every other project's bucket
 * policy, so it is named with the count of policies rather than once per bucket (300 names at 300 projects).
 */
function deniedBy(cells: ManagementCell[], unreached: number): string {
  const placesBySid = new Map<string, Set<string>>();
  let implicit = unreached;
  for (const cell of cells) {
    if (cell.decidedBy.length === 0) implicit++;
    for (const label of cell.decidedBy) {
      const cut = label.lastIndexOf('/');
      const sid = label.slice(cut + 1);
      placesBySid.set(sid, (placesBySid.get(sid) ?? new Set()).add(label.slice(0, cut)));
    }
  }
  const parts = [...placesBySid].map(([sid, places]) =>
    places.size === 1 ? `${[...places][0]}/${sid}` : `${sid} in ${places.size} policies`,
  );
  if (implicit > 0)
    parts.push(
      implicit === cells.length + unreached
        ? 'no Allow statement reaches them'
        : `${implicit} reached by no Allow statement`,
    );
  return parts.join(', ');
}

function renderUnconnected(project: ProjectReport, c: Colors): string[] {
  const { otherStates, otherRoles } = project.unconnected;
  const projects = (n: number) => `${n} other project${n === 1 ? "'s" : "s'"}`;
  const parts = [
    otherStates > 0 ? `this role on ${projects(otherStates)} states` : '',
    otherRoles > 0 ? `${projects(otherRoles)} roles on these states` : '',
  ].filter(Boolean);
  if (parts.length === 0) return [];
  return [
    c.dim(
      `    not shown: ${parts.join(', and ')}; no Allow statement connects them, so all are denied (--all-pairs evaluates each)`,
    ),
  ];
}

function symbol(layers: OperationCell[], c: Colors): string {
  if (layers.length === 0) return '-'.padEnd(7);
  const effective = layers.find((l) => l.layer === 'effective')!;
  const text = effective.actual ? '✓' : '·';
  return layers.some(isViolation)
    ? c.red(`${text}!`.padEnd(7))
    : (effective.actual ? c.green(text) : text) + ' '.repeat(6);
}

/** "role/tf-a" for the config's account; with the account for outsiders ("999999999999 role/x"). */
export function actorName(arn: string, withAccount = false): string {
  const [, account, resource] = /^arn:[\w-]+:(?:iam|sts)::(\d{12}):(.+)$/.exec(arn) ?? [];
  if (!resource) return arn;
  return withAccount ? `${account} ${resource}` : resource;
}

export function describeViolation(v: TrustCell | OperationCell | ManagementCell): string {
  if ('action' in v)
    return `${v.actor} CAN ${v.action} on ${v.target} (expected denied), allowed by ${v.decidedBy.join(', ') || 'no statement'}; ${MANAGEMENT_FIX}`;
  if ('principal' in v) {
    return `${v.project}: ${v.label} ${v.actual ? 'CAN' : 'cannot'} assume the role (expected ${v.expected ? 'allowed' : 'refused'})${v.decidedBy.length ? `, decided by ${v.decidedBy.join(', ')}` : ''}`;
  }
  const layer = v.layer === 'stateward' ? ' [fence aside, without the declared infrastructure policies]' : '';
  const by = v.decidedBy.length ? `decided by ${v.decidedBy.join(', ')}` : 'no statement allows it';
  return `${v.actor} ${v.actual ? 'CAN' : 'cannot'} ${v.operation} ${v.target}${layer} (expected ${v.expected ? 'allowed' : 'denied'}): ${v.detail}; ${by}${v.note ? `; ${v.note}` : ''}`;
}
