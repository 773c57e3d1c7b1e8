// The audit capability: pure rules over a snapshot of the account, and its renderings.

export { RULES } from './catalog.ts';
export { AUDIT_JSON_VERSION, auditToJson } from './render-json.ts';
export { auditToSarif, SARIF_SCHEMA } from './render-sarif.ts';
export { renderAuditText } from './render-text.ts';
export { type AuditReport, auditSnapshot, countBySeverity, failsAt } from './run.ts';
export type {
  AuditBucket,
  AuditLock,
  AuditLockTable,
  AuditOperators,
  AuditReadError,
  AuditRole,
  AuditSnapshot,
} from './snapshot.ts';
export type { Finding, Hit, Rule, RuleMeta, Severity } from './types.ts';
export { SEVERITIES, severityRank } from './types.ts';
