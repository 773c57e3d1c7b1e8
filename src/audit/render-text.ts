// The audit as a terminal table, one block per project (account-wide resources last), each finding with
// its evidence and fix. Colour only on request: the CLI asks for it on a TTY without NO_COLOR.
import pc from 'picocolors';
import type { AuditReport } from './run.ts';
import { countBySeverity } from './run.ts';
import type { Finding, Severity } from './types.ts';

export function renderAuditText(report: AuditReport, options: { color: boolean }): string {
  const c = pc.createColors(options.color);
  const paint: Record<Severity, (s: string) => string> = {
    high: (s) => c.bold(c.red(s)),
    medium: c.yellow,
    low: c.dim,
  };
  const source = report.configFile ? `, compared with ${report.configFile}` : '';
  const lines = [`Audit of account ${report.account} (${report.region})${source}`, ''];
  if (report.findings.length === 0)
    return `${lines.join('\n')}No findings: every state bucket and tf-* role follows the pattern.\n`;
  for (const [group, findings] of groupByProject(report.findings)) {
    lines.push(c.bold(group));
    for (const finding of findings) {
      lines.push(
        `  ${paint[finding.severity](finding.severity.toUpperCase().padEnd(6))}  ${finding.rule.padEnd(13)}  ${finding.message}`,
      );
      lines.push(`  ${' '.repeat(6)}  ${' '.repeat(13)}  ${c.dim('resource:')} ${finding.resource}`);
      lines.push(`  ${' '.repeat(6)}  ${' '.repeat(13)}  ${c.dim('evidence:')} ${finding.evidence}`);
      lines.push(`  ${' '.repeat(6)}  ${' '.repeat(13)}  ${c.cyan('fix:')} ${finding.fix}`);
    }
    lines.push('');
  }
  const counts = countBySeverity(report.findings);
  lines.push(
    `${report.findings.length} finding${report.findings.length === 1 ? '' : 's'}: ${counts.high} high, ${counts.medium} medium, ${counts.low} low`,
  );
  return `${lines.join('\n')}\n`;
}

function groupByProject(findings: readonly Finding[]): Map<string, Finding[]> {
  const groups = new Map<string, Finding[]>();
  for (const finding of findings) {
    const label = finding.project ? `project ${finding.project}` : 'account';
    groups.set(label, [...(groups.get(label) ?? []), finding]);
  }
  return groups;
}
