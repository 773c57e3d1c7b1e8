// The audit capability: pure rules over a snapshot of the account, and its renderings.
export type { Finding, Hit, Rule, RuleMeta, Severity } from './types.ts';
export { SEVERITIES, severityRank } from './types.ts';
export type { AuditBucket, AuditLock, AuditLockTable, AuditOperators, AuditReadError, AuditRole, AuditSnapshot } from './snapshot.ts';
export { RULES } from './catalog.ts';
export { auditSnapshot, countBySeverity, failsAt, type AuditReport } from './run.ts';
export { renderAuditText } from './render-text.ts';
export { AUDIT_JSON_VERSION, auditToJson } from './render-json.ts';
export { auditToSarif, SARIF_SCHEMA } from './render-sarif.ts';
