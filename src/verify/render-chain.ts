// verify's environment chain (seed 002) as terminal text: per project and environment, who may assume the deploy
// role, and what the project's administrative role may do to that environment's workspace.
import type pc from 'picocolors';
import type { EnvironmentChain } from './environment-chain.ts';
import { isViolation, type VerifyReport } from './report.ts';

type Colors = ReturnType<typeof pc.createColors>;

export function renderEnvironmentChains(report: VerifyReport, c: Colors): string[] {
  if (!report.environments) return [];
  const lines = ['', c.bold('Environment accounts: who reaches each deploy role')];
  for (const chain of report.environments) lines.push(...renderChain(chain, c));
  const violations = report.environmentViolations ?? [];
  if (violations.length > 0)
    lines.push(
      '',
      c.red(c.bold('Environment violations')),
      ...violations.map((v) =>
        'principal' in v
          ? `  ${v.label} ${v.actual ? 'may assume' : 'cannot assume'} ${v.role} (${v.environment}), expected ${v.expected ? 'allowed' : 'refused'}${v.decidedBy.length ? `; decided by ${v.decidedBy.join(', ')}` : ''}; fix: run stateward apply to restore the trust`
          : `  tf-${v.project} ${v.actual ? 'can' : 'cannot'} ${v.operation} workspace ${v.workspace} (${v.environment}), expected ${v.expected ? 'allowed' : 'denied'}; fix: run stateward apply to restore its state access`,
      ),
    );
  return lines;
}

function renderChain(chain: EnvironmentChain, c: Colors): string[] {
  const mark = (cell: { expected: boolean; actual: boolean }) =>
    isViolation(cell) ? c.red('!') : cell.actual ? c.green('✓') : '·';
  const width = Math.max(...chain.reach.map((r) => r.label.length));
  return [
    c.bold(`  ${chain.role} (${chain.environment})`),
    ...chain.reach.map(
      (r) =>
        `    ${mark(r)} ${r.label.padEnd(width)}  ${r.actual ? 'allowed' : 'refused'}${r.decidedBy.length ? c.dim(`  ${r.decidedBy.join(', ')}`) : ''}`,
    ),
    `    state of workspace ${chain.state[0]?.workspace ?? chain.environment} for tf-${chain.project}: ${chain.state.map((s) => `${mark(s)} ${s.operation}`).join('  ')}`,
  ];
}
