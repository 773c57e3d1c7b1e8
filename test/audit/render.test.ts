// The three renderings of one report: the table groups by project and names rule, resource, evidence and
// fix; JSON is versioned; SARIF validates against the SARIF 2.1.0 schema.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { auditToJson } from '../../src/audit/render-json.ts';
import { auditToSarif } from '../../src/audit/render-sarif.ts';
import { renderAuditText } from '../../src/audit/render-text.ts';
import { auditSnapshot } from '../../src/audit/run.ts';
import { bucket, cleanSnapshot, lockTable, role } from './fixtures.ts';
import { sarifValidator } from './sarif-schema.ts';

const GH = 'token.actions.githubusercontent.com';

function brokenReport() {
  const snapshot = cleanSnapshot({ withConfig: true });
  role(snapshot, 'unifi').observed.trust!.Statement[0]!.Condition = {
    StringEquals: { [`${GH}:aud`]: 'sts.amazonaws.com' },
    StringLike: { [`${GH}:sub`]: 'repo:acme/*' },
  };
  bucket(snapshot, 'proxmox').settings.versioning = 'Suspended';
  delete bucket(snapshot, 'proxmox').settings.tags!.Repo;
  snapshot.operators.policies.push({
    name: 'debugging',
    document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] },
  });
  return auditSnapshot(snapshot);
}

test('the table groups findings by project, highest severity first, account-wide last, and counts them', () => {
  const text = renderAuditText(brokenReport(), { color: false });
  const order = [
    'project proxmox',
    'SW-BUCKET-001',
    'SW-BUCKET-008',
    'project unifi',
    'SW-TRUST-002',
    '\naccount\n',
    'SW-HUMANS-001',
  ].map((s) => text.indexOf(s));
  assert.ok(
    order.every((at, i) => at >= 0 && (i === 0 || at > order[i - 1]!)),
    text,
  );
  assert.match(text, /4 findings: 3 high, 0 medium, 1 low/);
  assert.doesNotMatch(text, /\u001b\[/);
});

test('the fix for a widened OIDC subject is the config apply, and names the statement that is wrong', () => {
  const finding = brokenReport().findings.find((f) => f.rule === 'SW-TRUST-002')!;
  assert.match(
    finding.evidence,
    /trust policy of tf-unifi, statement GitHubActions: StringLike token\.actions\.githubusercontent\.com:sub = repo:acme\/\*/,
  );
  assert.match(finding.fix, /stateward apply/);
  // Pinned to pushes to the default branch, never back to repo:<repo>:* (which SW-TRUST-006 reports).
  assert.match(finding.fix, /repo:acme\/terraform-unifi:ref:refs\/heads\/main/);
});

test('colour appears only when asked for', () => {
  assert.match(renderAuditText(brokenReport(), { color: true }), /\u001b\[31m/);
});

test('JSON is version 1 with every field of every finding', () => {
  const json = JSON.parse(auditToJson(brokenReport())) as {
    version: number;
    summary: Record<string, number>;
    findings: Array<Record<string, unknown>>;
  };
  assert.equal(json.version, 1);
  assert.deepEqual(json.summary, { low: 1, medium: 0, high: 3 });
  for (const finding of json.findings)
    assert.deepEqual(Object.keys(finding).sort(), [
      'evidence',
      'fix',
      'message',
      'project',
      'resource',
      'rule',
      'severity',
      'title',
    ]);
});

test('SARIF validates against the SARIF 2.1.0 schema, with a rule per id and a result per finding', () => {
  const validate = sarifValidator();
  const report = brokenReport();
  const sarif = JSON.parse(auditToSarif(report, { toolVersion: '0.1.0', artifactUri: 'infra/stateward.yaml' }));
  assert.equal(validate(sarif), true, JSON.stringify(validate.errors, null, 2));
  const run = sarif.runs[0];
  assert.equal(run.results.length, report.findings.length);
  assert.equal(new Set(run.tool.driver.rules.map((r: { id: string }) => r.id)).size, report.rules.length);
  const trust = run.results.find((r: { ruleId: string }) => r.ruleId === 'SW-TRUST-002');
  assert.equal(trust.level, 'error');
  assert.equal(run.tool.driver.rules[trust.ruleIndex].id, 'SW-TRUST-002');
  assert.equal(trust.locations[0].physicalLocation.artifactLocation.uri, 'infra/stateward.yaml');
});

test('the schema check is real: a result without a message is rejected', () => {
  const validate = sarifValidator();
  const sarif = JSON.parse(auditToSarif(brokenReport(), { toolVersion: '0.1.0' }));
  delete sarif.runs[0].results[0].message;
  assert.equal(validate(sarif), false);
});

test('a clean account gives SARIF with no results, still valid', () => {
  const sarif = JSON.parse(auditToSarif(auditSnapshot(cleanSnapshot()), { toolVersion: '0.1.0' }));
  assert.equal(sarifValidator()(sarif), true);
  assert.deepEqual(sarif.runs[0].results, []);
});

test('SARIF: the lock fence findings of two projects on the one lock table stay two alerts (distinct fingerprints), as warnings', () => {
  const snapshot = cleanSnapshot({ withConfig: true });
  lockTable(snapshot).policy = null;
  const sarif = JSON.parse(auditToSarif(auditSnapshot(snapshot), { toolVersion: '0.1.0' }));
  assert.equal(sarifValidator()(sarif), true);
  const results = sarif.runs[0].results.filter((r: { ruleId: string }) => r.ruleId === 'SW-FENCE-004');
  assert.deepEqual(results.map((r: { properties: { project: string } }) => r.properties.project).sort(), [
    'dns',
    'unifi',
  ]);
  assert.equal(
    new Set(
      results.map((r: { partialFingerprints: Record<string, string> }) => r.partialFingerprints['statewardFinding/v1']),
    ).size,
    2,
  );
  assert.ok(results.every((r: { level: string }) => r.level === 'warning'));
  const rule = sarif.runs[0].tool.driver.rules.find((r: { id: string }) => r.id === 'SW-FENCE-005');
  assert.equal(rule.properties['security-severity'], '3.0');
});

test('SARIF names the tool home page and gives each account its own code-scanning category', () => {
  const report = brokenReport();
  const other = { ...report, account: '999988887777' };
  const [first, second] = [report, other].map((r) => JSON.parse(auditToSarif(r, { toolVersion: '0.1.0' })).runs[0]);
  assert.equal(sarifValidator()({ version: '2.1.0', runs: [first, second] }), true);
  assert.match(first.tool.driver.informationUri, /^https:\/\//);
  assert.equal(first.automationDetails.id, `stateward/audit/${report.account}/`);
  assert.notEqual(categoryOf(first.automationDetails.id), categoryOf(second.automationDetails.id));
});

/** GitHub's category: the automation id up to and including its last slash. */
const categoryOf = (id: string): string => id.slice(0, id.lastIndexOf('/') + 1);
