// auditSnapshot: every rule over one snapshot, findings sorted by project, severity (highest first) and rule.
import { RULES } from './catalog.ts';
import { buildContext } from './context.ts';
import type { AuditSnapshot } from './snapshot.ts';
import { type Finding, type RuleMeta, SEVERITIES, type Severity, severityRank } from './types.ts';

export interface AuditReport {
  account: string;
  region: string;
  /** The config file compared against, if any. */
  configFile?: string;
  findings: Finding[];
  rules: RuleMeta[];
}

export function auditSnapshot(snapshot: AuditSnapshot): AuditReport {
  const context = buildContext(snapshot);
  const findings = RULES.flatMap((rule) =>
    rule
      .check(context)
      .map((hit): Finding => ({ rule: rule.meta.id, severity: rule.meta.severity, title: rule.meta.title, ...hit })),
  );
  return {
    account: snapshot.account,
    region: snapshot.region,
    ...(snapshot.config ? { configFile: snapshot.config.file } : {}),
    findings: findings.sort(compareFindings),
    rules: RULES.map((rule) => rule.meta),
  };
}

function compareFindings(a: Finding, b: Finding): number {
  return (
    (a.project ?? '\uffff').localeCompare(b.project ?? '\uffff') ||
    severityRank(b.severity) - severityRank(a.severity) ||
    a.rule.localeCompare(b.rule) ||
    a.resource.localeCompare(b.resource)
  );
}

/** Whether any finding is at or above the threshold (`--fail-on`). */
export const failsAt = (report: AuditReport, threshold: Severity): boolean =>
  report.findings.some((f) => severityRank(f.severity) >= severityRank(threshold));

export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const finding of findings) counts[finding.severity] += 1;
  return counts;
}
