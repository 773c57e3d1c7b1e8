// `audit --sarif`: SARIF 2.1.0 for GitHub code scanning. A finding concerns an AWS resource, not a line of
// code, so each result points at the config file (the source of truth that `stateward apply` enforces) and
// names the resource as a logical location; the fingerprint keeps an alert stable across runs.
import { createHash } from 'node:crypto';
import type { AuditReport } from './run.ts';
import type { Severity } from './types.ts';

export const SARIF_SCHEMA =
  'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

/** The tool's home page, shown by code scanning beside each rule. */
export const INFORMATION_URI = 'https://github.com/stateward/stateward';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { high: 'error', medium: 'warning', low: 'note' };
/** GitHub ranks security alerts by this number: >= 7 high, >= 4 medium, else low. */
const SECURITY_SEVERITY: Record<Severity, string> = { high: '8.0', medium: '5.0', low: '3.0' };

export interface SarifOptions {
  toolVersion: string;
  /** Where results point; the config file path relative to the repo root, default stateward.yaml. */
  artifactUri?: string;
}

export function auditToSarif(report: AuditReport, options: SarifOptions): string {
  const uri = options.artifactUri ?? report.configFile ?? 'stateward.yaml';
  const ruleIndex = new Map(report.rules.map((rule, index) => [rule.id, index]));
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'stateward',
            version: options.toolVersion,
            informationUri: INFORMATION_URI,
            rules: report.rules.map((rule) => ({
              id: rule.id,
              name: rule.id.replace(/-/g, ''),
              shortDescription: { text: rule.title },
              fullDescription: { text: rule.rationale },
              help: { text: `${rule.title}. ${rule.rationale}` },
              defaultConfiguration: { level: LEVEL[rule.severity] },
              properties: {
                'security-severity': SECURITY_SEVERITY[rule.severity],
                tags: ['security', 'terraform-state'],
              },
            })),
          },
        },
        results: report.findings.map((finding) => ({
          ruleId: finding.rule,
          ruleIndex: ruleIndex.get(finding.rule) ?? 0,
          level: LEVEL[finding.severity],
          message: { text: `${finding.message}\nEvidence: ${finding.evidence}\nFix: ${finding.fix}` },
          locations: [
            {
              physicalLocation: { artifactLocation: { uri: toUri(uri) }, region: { startLine: 1 } },
              logicalLocations: [{ fullyQualifiedName: finding.resource, kind: 'resource' }],
            },
          ],
          partialFingerprints: {
            'statewardFinding/v1': createHash('sha256')
              .update(`${finding.rule}\n${finding.resource}\n${finding.evidence}`)
              .digest('hex'),
          },
          properties: { project: finding.project ?? '', resource: finding.resource, severity: finding.severity },
        })),
        automationDetails: { id: automationId(report) },
        properties: { account: report.account, region: report.region },
      },
    ],
  };
  return JSON.stringify(log, null, 2);
}

/**
 * Code scanning keeps one set of alerts per category, and takes the category from this id (everything up to
 * the last `/`). One category per account keeps several accounts' uploads from closing each other's alerts;
 * the run part after the slash is left empty, as each upload replaces the last one of its category.
 */
export function automationId(report: Pick<AuditReport, 'account'>): string {
  return `stateward/audit/${report.account}/`;
}

/** A relative path as a URI reference (forward slashes, spaces escaped). */
const toUri = (path: string): string => encodeURI(path.replace(/\\/g, '/').replace(/^\.\//, ''));
