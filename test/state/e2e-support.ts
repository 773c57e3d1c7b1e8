// For the day-2 e2e tests (test/e2e/day2-*.test.ts): project buckets made with the SDK under stateward's names,
// a stateward.yaml pointing at them, the built CLI run as users run it, and terraform working in them.
//
// Why not `stateward apply`: these tests are about the day-2 commands, not the fence. On moto without IAM
// enforcement, the bucket policy apply writes (TLS-only and fence Deny statements) is applied to every caller,
// conditions ignored (docs/moto-notes.md); the fence with the day-2 commands is fence-terraform.test.ts.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type AwsClients, createBucket, createLockTable } from '../support/aws.ts';
import { type CliResult, runCli } from '../support/cli.ts';
import { type Moto, TEST_ACCOUNT_ID, TEST_REGION } from '../support/moto.ts';
import { type TerraformProject, terraformProject } from '../support/terraform.ts';

export type Mode = 'lockfile' | 'dynamodb' | 'both';

export interface Day2Project {
  name: string;
  locking: Mode;
}

export const bucketOf = (project: string) => `tfstate-${project}-${TEST_ACCOUNT_ID}`;
export const keyOf = (project: string) => `${project}/terraform.tfstate`;

/** Versioned buckets (and the lock table when a project needs it) and a stateward.yaml for moto's account. */
export async function setUpProjects(
  aws: AwsClients,
  projects: Day2Project[],
): Promise<{ config: string; dir: string }> {
  for (const project of projects) await createBucket(aws.s3, bucketOf(project.name), { versioned: true });
  if (projects.some((p) => p.locking !== 'lockfile')) await createLockTable(aws.dynamodb);
  const dir = mkdtempSync(join(tmpdir(), 'stateward-day2-'));
  const config = join(dir, 'stateward.yaml');
  const lines = [
    'version: 1',
    `account: "${TEST_ACCOUNT_ID}"`,
    `region: ${TEST_REGION}`,
    'github: { org: acme }',
    'admins: ["arn:aws:iam::123456789012:user/moto"]',
    'projects:',
    ...projects.flatMap((p) => [`  - name: ${p.name}`, `    locking: ${p.locking}`]),
  ];
  writeFileSync(config, `${lines.join('\n')}\n`);
  return { config, dir };
}

/** `./bin/stateward -c <config> <args>` against moto, stdin not a terminal. */
export function stateward(moto: Moto, config: string, args: string[]): CliResult {
  return runCli(['-c', config, ...args], { env: moto.env });
}

export function json<T>(result: CliResult): T {
  if (result.code !== 0) throw new Error(`stateward exited ${result.code}\n${result.stdout}\n${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}

/** A terraform working directory on the project's bucket and key, initialised; `files` replace or add .tf files. */
export async function terraformOn(
  moto: Moto,
  project: Day2Project,
  files?: Record<string, string>,
): Promise<TerraformProject> {
  const tf = terraformProject({
    moto,
    bucket: bucketOf(project.name),
    key: keyOf(project.name),
    locking: project.locking,
  });
  for (const [file, text] of Object.entries(files ?? {})) {
    mkdirSync(dirname(join(tf.dir, file)), { recursive: true });
    writeFileSync(join(tf.dir, file), text);
  }
  await tf.init();
  return tf;
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export interface LocksJson {
  version: number;
  locks: Array<{
    project: string;
    workspace: string;
    key: string;
    stores: string[];
    id: string;
    operation: string;
    who: string;
    terraformVersion: string;
    created: string;
    ageSeconds: number;
  }>;
  problems: string[];
}

export interface HistoryJson {
  version: number;
  versions: Array<{
    versionId: string;
    current: boolean;
    serial: number;
    lineage: string;
    terraformVersion: string;
    resources: number;
    size: number;
  }>;
}
