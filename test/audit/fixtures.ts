// Snapshots for the rule tests: the account exactly as `stateward apply` leaves it for the example config,
// built from the Desired model, and helpers to break one thing in a copy.
import { fileURLToPath } from 'node:url';
import { auditSnapshot } from '../../src/audit/run.ts';
import type { AuditBucket, AuditLockTable, AuditRole, AuditSnapshot } from '../../src/audit/snapshot.ts';
import type { Finding } from '../../src/audit/types.ts';
import { loadConfigFile } from '../../src/config/load.ts';
import type { Config } from '../../src/config/types.ts';
import { buildDesired } from '../../src/desired/build.ts';
import type { Statement } from '../../src/iam/document.ts';
import { offlineManagedPolicy } from '../../src/verify/managed-policies.ts';

export const EXAMPLE_FILE = fileURLToPath(new URL('../../examples/stateward.yaml', import.meta.url));
export const ACCOUNT = '111122223333';
export const NOW = Date.parse('2026-03-01T12:00:00Z');

export function exampleConfig(): Config {
  return loadConfigFile(EXAMPLE_FILE);
}

export function cleanSnapshot(options: { withConfig?: boolean } = {}): AuditSnapshot {
  const config = exampleConfig();
  const desired = buildDesired(config);
  const buckets: AuditBucket[] = desired.projects.map((p) => ({
    name: p.bucket.name,
    arn: p.bucket.arn,
    project: p.name,
    discoveredBy: 'name',
    settings: {
      name: p.bucket.name,
      status: 'present',
      region: p.bucket.region,
      versioning: 'Enabled',
      encryption: p.bucket.encryption,
      publicAccessBlock: { ...p.bucket.publicAccessBlock },
      ownership: p.bucket.ownership,
      policy: structuredClone(p.bucket.policy),
      lifecycle: { stateward: { ...p.bucket.lifecycle }, otherRules: [] },
      tags: { ...p.bucket.tags },
    },
  }));
  const roles: AuditRole[] = desired.projects.flatMap((p) =>
    [p.role, ...(p.planRole ? [p.planRole] : [])].map(
      (role): AuditRole => ({
        name: role.name,
        arn: role.arn,
        project: p.name,
        ...(role === p.planRole ? { kind: 'plan' as const } : {}),
        observed: {
          name: role.name,
          status: 'present',
          arn: role.arn,
          trust: structuredClone(role.trust),
          inlinePolicies: structuredClone(role.inlinePolicies),
          managedPolicyArns: [...role.managedPolicyArns],
          permissionsBoundary: null,
          maxSessionDuration: role.maxSessionDuration,
          tags: { ...role.tags },
        },
        managedPolicies: role.managedPolicyArns.map((arn) => ({
          name: arn,
          document: offlineManagedPolicy(arn).document,
        })),
      }),
    ),
  );
  return {
    account: ACCOUNT,
    region: config.region,
    now: NOW,
    buckets,
    roles,
    operators: {
      status: 'present',
      policies: [
        { name: desired.shared.operators.policyArn, document: structuredClone(desired.shared.operators.policy) },
      ],
    },
    locks: [],
    // As after the DynamoDB-locked projects (unifi, dns) ran: their digests name their buckets.
    lockTable: {
      arn: desired.shared.lockTable!.arn,
      status: 'present',
      policy: structuredClone(desired.shared.lockTable!.policy ?? null),
      itemBuckets: desired.projects
        .filter((p) => p.locking !== 'lockfile')
        .map((p) => p.bucket.name)
        .sort(),
    },
    errors: [],
    ...(options.withConfig ? { config } : {}),
  };
}

export function bucket(
  snapshot: AuditSnapshot,
  project: string,
): AuditBucket & { settings: NonNullable<AuditBucket['settings']> } {
  const found = snapshot.buckets.find((b) => b.project === project);
  if (!found?.settings) throw new Error(`no readable bucket of ${project}`);
  return found as AuditBucket & { settings: NonNullable<AuditBucket['settings']> };
}

export function role(
  snapshot: AuditSnapshot,
  project: string,
): AuditRole & { observed: NonNullable<AuditRole['observed']> } {
  const found = snapshot.roles.find((r) => r.project === project);
  if (!found?.observed) throw new Error(`no readable role of ${project}`);
  return found as AuditRole & { observed: NonNullable<AuditRole['observed']> };
}

export function lockTable(snapshot: AuditSnapshot): AuditLockTable {
  if (!snapshot.lockTable) throw new Error('the snapshot has no lock table');
  return snapshot.lockTable;
}

/** The statements of the lock table's resource policy (which the clean snapshot has). */
export function lockTableStatements(snapshot: AuditSnapshot): Statement[] {
  return lockTable(snapshot).policy!.Statement;
}

export function statementsOfBucket(snapshot: AuditSnapshot, project: string): Statement[] {
  return bucket(snapshot, project).settings.policy!.Statement;
}

export function findings(snapshot: AuditSnapshot): Finding[] {
  return auditSnapshot(snapshot).findings;
}

/** "RULE resource" of every finding, for exact comparisons. */
export const ids = (list: readonly Finding[]): string[] => list.map((f) => `${f.rule} ${f.resource}`).sort();

export const roleArnOf = (project: string) => `arn:aws:iam::${ACCOUNT}:role/tf-${project}`;
export const bucketArnOf = (project: string) => `arn:aws:s3:::tfstate-${project}-${ACCOUNT}`;
export const LOCK_TABLE_ARN = `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/terraform-locks`;
