// What an audit reports: findings, each from one rule with a stable id, about one resource, with the
// evidence that triggered it and the concrete fix. Pure data, rendered as text, JSON or SARIF.

export type Severity = 'low' | 'medium' | 'high';

export const SEVERITIES: readonly Severity[] = ['low', 'medium', 'high'];

export const severityRank = (severity: Severity): number => SEVERITIES.indexOf(severity);

export interface RuleMeta {
  /** Stable id, e.g. SW-BUCKET-001; never reused for another check. */
  id: string;
  severity: Severity;
  /** One line: what the rule finds. */
  title: string;
  /** Why it matters, for SARIF help and `--json` consumers. */
  rationale: string;
}

/** One thing a rule found; the runner adds the rule's id, severity and title. */
export interface Hit {
  /** The project the resource belongs to (from its name or the config), or null for account-wide resources. */
  project: string | null;
  /** ARN (or name) of the resource that is wrong. */
  resource: string;
  /** What is wrong, in one sentence. */
  message: string;
  /** What was read: the statement Sid and condition, or the setting and its value. */
  evidence: string;
  /** The concrete change: a CLI call or a config edit. */
  fix: string;
}

export interface Finding extends Hit {
  rule: string;
  severity: Severity;
  title: string;
}

export interface Rule<S> {
  meta: RuleMeta;
  check(snapshot: S): Hit[];
}
