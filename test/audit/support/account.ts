// For the audit's end-to-end tests: a config with every feature the rules judge (reads, immutable ids,
// DynamoDB locking, a project with broad managed permissions), the account `stateward apply` builds from it
// on moto, and the audit run as users run it.

import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as IAM from '@aws-sdk/client-iam';
import { type CliRun, stateward } from '../../aws/e2e-cli.ts';
import { type AwsClients, awsClients } from '../../support/aws.ts';
import type { AwsCredentials } from '../../support/aws-env.ts';
import { type Moto, startMoto, TEST_ACCOUNT_ID, TEST_REGION } from '../../support/moto.ts';

export const ACCOUNT = TEST_ACCOUNT_ID;
export const bucketName = (project: string) => `tfstate-${project}-${ACCOUNT}`;
export const bucketArn = (project: string) => `arn:aws:s3:::${bucketName(project)}`;
export const roleArn = (project: string) => `arn:aws:iam::${ACCOUNT}:role/tf-${project}`;
/** A customer-managed stand-in for PowerUserAccess (moto has no AWS-managed policies to attach). */
export const POWER_USER = `arn:aws:iam::${ACCOUNT}:policy/infra-power-user`;
const POWER_USER_DOCUMENT = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 'account:*'], Resource: '*' }],
};

const CONFIG_LINES = [
  'version: 1',
  `account: "${ACCOUNT}"`,
  `region: ${TEST_REGION}`,
  'github: { org: acme, ownerId: 123456 }',
  'humans: [alice]',
  // The audit e2e tests run the audit as user/auditor under IAM enforcement: the fence must let it list.
  // apply runs as moto's default caller, user/moto, and refuses to write a fence that would lock it out.
  `admins: ["arn:aws:iam::${ACCOUNT}:user/moto", "arn:aws:iam::${ACCOUNT}:user/auditor"]`,
  'tags: { CostCenter: platform }',
  'projects:',
  '  - name: web',
  '    repoId: 1001',
  '    reads: [data]',
  '  - name: data',
  '    locking: dynamodb',
  '  - name: infra',
  `    managedPolicies: ["${POWER_USER}"]`,
];

/** The config in a fresh directory (also the working directory of runs that must find no stateward.yaml). */
export function writeAuditConfig(extraLines: string[] = []): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'stateward-audit-'));
  const file = join(dir, 'stateward.yaml');
  writeFileSync(file, `${[...CONFIG_LINES, ...extraLines].join('\n')}\n`);
  return { dir, file };
}

/** What apply needs that it never creates: the humans and the managed policy the config attaches. */
export async function prepareAccount(aws: AwsClients): Promise<void> {
  await aws.iam.send(new IAM.CreateUserCommand({ UserName: 'alice' }));
  await aws.iam.send(
    new IAM.CreatePolicyCommand({
      PolicyName: 'infra-power-user',
      PolicyDocument: JSON.stringify(POWER_USER_DOCUMENT),
    }),
  );
}

export interface AuditFinding {
  rule: string;
  severity: string;
  project: string | null;
  resource: string;
  message: string;
  evidence: string;
  fix: string;
}

export interface AuditRun extends CliRun {
  findings: AuditFinding[];
}

/** `stateward audit --json` (plus `args`), parsed; without -c it runs where there is no stateward.yaml. */
export async function auditJson(
  moto: Moto,
  args: string[] = [],
  options: { credentials?: AwsCredentials; cwd?: string } = {},
): Promise<AuditRun> {
  const run = await statewardIn(moto, ['audit', '--json', ...args], options);
  let findings: AuditFinding[] = [];
  if (run.stdout.trim() !== '') findings = (JSON.parse(run.stdout) as { findings: AuditFinding[] }).findings;
  return { ...run, findings };
}

/** `./bin/stateward <args>` against moto, in `cwd` (default: a directory without stateward.yaml, so audit runs without a config). */
export function statewardIn(
  moto: Moto,
  args: string[],
  options: { credentials?: AwsCredentials; cwd?: string; env?: Record<string, string> } = {},
): Promise<CliRun> {
  return stateward(moto, args, {
    ...options,
    cwd: options.cwd ?? mkdtempSync(join(tmpdir(), 'stateward-audit-cwd-')),
    env: { AWS_REGION: TEST_REGION, ...options.env },
  });
}

export const ruleAndResource = (findings: readonly AuditFinding[]): string[] =>
  findings.map((f) => `${f.rule} ${f.resource}`).sort();

/** `stateward apply --auto-approve` of the audit config; fails the test with apply's output if it fails. */
export async function reapply(moto: Moto, config: { file: string }): Promise<void> {
  const applied = await statewardIn(moto, ['-c', config.file, 'apply', '--auto-approve']);
  assert.equal(applied.code, 0, applied.stderr + applied.stdout);
}

/** A fresh moto with the audit config applied: what a clean account looks like after `stateward apply`. */
export async function appliedAccount(): Promise<{
  moto: Moto;
  aws: AwsClients;
  config: { dir: string; file: string };
}> {
  // TLS: the buckets carry stateward's TLS-only statement, which patched moto enforces under enforcement.
  const moto = await startMoto({ tls: true });
  const aws = awsClients(moto);
  await prepareAccount(aws);
  const config = writeAuditConfig();
  await reapply(moto, config);
  return { moto, aws, config };
}
