// SW-FENCE-004/005 in detail: which projects count as locking with DynamoDB (config first, else the table's
// items), `fence: false`, what a finding says, and that each fix, applied, passes the audit.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { auditSnapshot, failsAt } from '../../src/audit/run.ts';
import type { AuditSnapshot } from '../../src/audit/snapshot.ts';
import type { Statement } from '../../src/iam/document.ts';
import { buildLockTablePolicy } from '../../src/policy/lock-table-policy.ts';
import {
  ACCOUNT,
  cleanSnapshot,
  findings,
  ids,
  LOCK_TABLE_ARN,
  lockTable,
  lockTableStatements,
  roleArnOf,
} from './fixtures.ts';

const ADMIN = `arn:aws:iam::${ACCOUNT}:role/platform-admin`;
const bucketOf = (project: string) => `tfstate-${project}-${ACCOUNT}`;
const lockFindings = (snapshot: AuditSnapshot) =>
  findings(snapshot).filter((f) => f.rule === 'SW-FENCE-004' || f.rule === 'SW-FENCE-005');
const projectsOf = (snapshot: AuditSnapshot) =>
  lockFindings(snapshot)
    .map((f) => `${f.rule} ${f.project}`)
    .sort();

/** Applies a fix's statements: each replaces the statement with its Sid, or is added. */
function applyFixStatements(snapshot: AuditSnapshot, fix: string): void {
  const added = JSON.parse(/: '(\[.*\])'$/.exec(fix)![1]!) as Statement[];
  const table = lockTable(snapshot);
  const kept = (table.policy?.Statement ?? []).filter((s) => !added.some((a) => a.Sid === s.Sid));
  table.policy = { Version: '2012-10-17', Statement: [...kept, ...added] };
}

test('with the config, a table without a policy: SW-FENCE-004 (medium) for unifi and dns, SW-FENCE-005 (low); --fail-on medium fails, the default does not', () => {
  const snapshot = cleanSnapshot({ withConfig: true });
  lockTable(snapshot).policy = null;
  const report = auditSnapshot(snapshot);
  assert.deepEqual(projectsOf(snapshot), ['SW-FENCE-004 dns', 'SW-FENCE-004 unifi', 'SW-FENCE-005 null']);
  const unifi = report.findings.find((f) => f.rule === 'SW-FENCE-004' && f.project === 'unifi')!;
  assert.equal(unifi.severity, 'medium');
  assert.match(
    unifi.message,
    new RegExp(`lock and digest items of ${bucketOf('unifi')} in terraform-locks are not fenced`),
  );
  assert.equal(unifi.evidence, `terraform-locks has no resource policy, so nothing fences ${bucketOf('unifi')}/*`);
  assert.match(
    unifi.fix,
    /^Run `stateward apply` \(project unifi is in the config\): it writes StatewardFenceLocksUnifi /,
  );
  assert.equal(report.findings.find((f) => f.rule === 'SW-FENCE-005')!.severity, 'low');
  assert.equal(failsAt(report, 'medium'), true);
  assert.equal(failsAt(report, 'high'), false);
});

test('fence: false turns the lock fence off as it does the bucket fence, and the audit says how to turn it back on', () => {
  const snapshot = cleanSnapshot({ withConfig: true });
  snapshot.config!.projects.find((p) => p.name === 'unifi')!.fence = false;
  lockTable(snapshot).policy = buildLockTablePolicy(snapshot.config!)!;
  const [finding, ...rest] = lockFindings(snapshot);
  assert.deepEqual(rest, []);
  assert.equal(finding?.project, 'unifi');
  assert.match(
    finding!.fix,
    /^Set `fence: true` for project unifi in .*stateward\.yaml \(it is the default\) and run `stateward apply`/,
  );
});

test('without the config, a Sid that no longer covers the bucket gets the statement to put in its place, with the admins of the bucket fence; applied, the audit is clean', () => {
  const snapshot = cleanSnapshot();
  lockTableStatements(snapshot).find((s) => s.Sid === 'StatewardFenceLocksUnifi')!.Condition![
    'ForAnyValue:StringLike'
  ]!['dynamodb:LeadingKeys'] = `${bucketOf('unifi')}/unifi/*`;
  const [finding] = lockFindings(snapshot);
  assert.equal(finding?.project, 'unifi');
  assert.match(
    finding!.evidence,
    /no Deny to "\*" on .*table\/terraform-locks whose dynamodb:LeadingKeys condition covers tfstate-unifi-111122223333\/\* .* for dynamodb:GetItem, dynamodb:PutItem/,
  );
  assert.match(
    finding!.fix,
    /aws dynamodb put-resource-policy --resource-arn arn:aws:dynamodb:eu-west-1:111122223333:table\/terraform-locks/,
  );
  applyFixStatements(snapshot, finding!.fix);
  const fixed = lockTableStatements(snapshot).find((s) => s.Sid === 'StatewardFenceLocksUnifi')!;
  assert.deepEqual(fixed.Condition!.ArnNotLike!['aws:PrincipalArn'], [ADMIN, roleArnOf('unifi')]);
  assert.deepEqual(findings(snapshot), []);
});

test('without the config, a table without a policy: the fixes for both projects and for _bootstrap/, applied, leave nothing to report', () => {
  const snapshot = cleanSnapshot();
  lockTable(snapshot).policy = null;
  for (const finding of lockFindings(snapshot)) applyFixStatements(snapshot, finding.fix);
  assert.deepEqual(findings(snapshot), []);
  assert.deepEqual(
    lockTableStatements(snapshot)
      .map((s) => s.Sid)
      .sort(),
    ['StatewardFenceLockBootstrap', 'StatewardFenceLocksDns', 'StatewardFenceLocksUnifi'],
  );
});

test('an extra exemption is named with its statement and actions; the fix removes it (by hand) or re-applies (with the config)', () => {
  const snapshot = cleanSnapshot();
  lockTableStatements(snapshot).find((s) => s.Sid === 'StatewardFenceLocksDns')!.Condition!.ArnNotLike![
    'aws:PrincipalArn'
  ] = [ADMIN, roleArnOf('dns'), roleArnOf('network')];
  const [finding] = lockFindings(snapshot);
  assert.equal(finding?.project, 'dns');
  assert.match(finding!.message, /also exempts arn:aws:iam::111122223333:role\/tf-network/);
  assert.match(
    finding!.evidence,
    /^lock table policy statement StatewardFenceLocksDns exempts arn:aws:iam::111122223333:role\/tf-network from dynamodb:GetItem, dynamodb:PutItem/,
  );
  assert.match(
    finding!.fix,
    /^Remove arn:aws:iam::111122223333:role\/tf-network from the ArnNotLike aws:PrincipalArn of lock table policy statement StatewardFenceLocksDns/,
  );
  snapshot.config = cleanSnapshot({ withConfig: true }).config!;
  assert.match(lockFindings(snapshot)[0]!.fix, /^Run `stateward apply`/);
});

test('who locks with DynamoDB: the config says so before any item exists; without it, the items in the table say so', () => {
  const snapshot = cleanSnapshot({ withConfig: true });
  lockTable(snapshot).policy = null;
  lockTable(snapshot).itemBuckets = [bucketOf('proxmox')]; // proxmox left digests behind, then moved to lockfile
  assert.deepEqual(projectsOf(snapshot), ['SW-FENCE-004 dns', 'SW-FENCE-004 unifi', 'SW-FENCE-005 null']);
  delete snapshot.config;
  assert.deepEqual(projectsOf(snapshot), ['SW-FENCE-004 proxmox', 'SW-FENCE-005 null']);
  assert.match(
    lockFindings(snapshot)[1]!.message,
    /_bootstrap\/ lock items of tfstate-proxmox-111122223333 for the admins/,
  );
});

test("a hand-written fence in place of stateward's statements counts", () => {
  const snapshot = cleanSnapshot({ withConfig: true });
  const handWritten = (project: string): Statement => ({
    Sid: `Only${project}`,
    Effect: 'Deny',
    Principal: { AWS: '*' },
    Action: 'dynamodb:*Item',
    Resource: `arn:aws:dynamodb:*:${ACCOUNT}:table/*`,
    Condition: {
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': `${bucketOf(project)}/*` },
      ArnNotEquals: { 'aws:PrincipalArn': [roleArnOf(project), ADMIN] },
    },
  });
  const bootstrap = {
    ...handWritten('unifi'),
    Sid: 'AdminsOnlyBootstrap',
    Condition: {
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': `tfstate-*/_bootstrap/*` },
      ArnNotEquals: { 'aws:PrincipalArn': ADMIN },
    },
  };
  lockTable(snapshot).policy = {
    Version: '2012-10-17',
    Statement: [handWritten('unifi'), handWritten('dns'), bootstrap],
  };
  assert.deepEqual(findings(snapshot), []);
});

test('an absent table has no items to fence, and one that could not be read is reported as such only', () => {
  const snapshot = cleanSnapshot({ withConfig: true });
  Object.assign(lockTable(snapshot), { status: 'absent', policy: null, itemBuckets: [] });
  assert.deepEqual(findings(snapshot), []);
  Object.assign(lockTable(snapshot), { status: 'unreadable' });
  snapshot.errors.push({
    resource: LOCK_TABLE_ARN,
    project: null,
    code: 'AWS_ACCESS_DENIED',
    message: 'denied',
    fix: 'grant dynamodb:Scan',
  });
  assert.deepEqual(ids(findings(snapshot)), [`SW-AUDIT-001 ${LOCK_TABLE_ARN}`]);
});
