// `audit --json`: versioned, so scripts can rely on the shape. Version 1 fields never change meaning.
import type { AuditReport } from './run.ts';
import { countBySeverity } from './run.ts';

export const AUDIT_JSON_VERSION = 1;

export function auditToJson(report: AuditReport): string {
  const document = {
    version: AUDIT_JSON_VERSION,
    account: report.account,
    region: report.region,
    ...(report.configFile ? { config: report.configFile } : {}),
    summary: countBySeverity(report.findings),
    findings: report.findings.map((f) => ({
      rule: f.rule,
      severity: f.severity,
      title: f.title,
      project: f.project,
      resource: f.resource,
      message: f.message,
      evidence: f.evidence,
      fix: f.fix,
    })),
  };
  return JSON.stringify(document, null, 2);
}
