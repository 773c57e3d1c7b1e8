// For the e2e tests of plan, apply and destroy: the built CLI run as a child process against a Moto (the way
// users run it, stdin not a terminal), a config file per test, and small readers of what the account holds.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as IAM from '@aws-sdk/client-iam';
import * as S3 from '@aws-sdk/client-s3';
import type { AwsClients } from '../support/aws.ts';
import { type AwsCredentials, childEnv } from '../support/aws-env.ts';
import { ROOT } from '../support/cli.ts';
import { type Moto, TEST_ACCOUNT_ID, TEST_REGION } from '../support/moto.ts';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** `./bin/stateward <args>` with moto's environment; resolves when it exits (async, so two can run at once). */
export function stateward(
  moto: Moto,
  args: string[],
  options: { credentials?: AwsCredentials; env?: Record<string, string>; cwd?: string } = {},
): Promise<CliRun> {
  return startStateward(moto, args, options).done;
}

/** The same, started: the child (to send it a signal) and its outcome. */
export function startStateward(
  moto: Moto,
  args: string[],
  options: { credentials?: AwsCredentials; env?: Record<string, string>; cwd?: string } = {},
): { child: ChildProcess; done: Promise<CliRun> } {
  if (!existsSync(join(ROOT, 'dist/stateward.mjs')))
    throw new Error('the CLI bundle is missing: run `npm run build` first');
  const env = { ...childEnv(moto.env, options.credentials), NO_COLOR: '1', ...options.env };
  const child = spawn(process.execPath, [join(ROOT, 'bin/stateward'), ...args], {
    cwd: options.cwd ?? ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return { child, done: finished(child) };
}

/** The exit code and everything the child printed, once it has exited. */
function finished(child: ChildProcess): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/**
 * `./bin/stateward <args>` in a pseudo-terminal (stdin and stdout are TTYs): `answer` is typed when the
 * output shows `prompt`. stdout holds everything the terminal showed.
 */
export function statewardInTerminal(
  moto: Moto,
  args: string[],
  prompt: string,
  answer: string,
  extraEnv: Record<string, string> = {},
): Promise<CliRun> {
  const script = fileURLToPath(new URL('./pty-run.py', import.meta.url));
  const env = { ...childEnv(moto.env), NO_COLOR: '1', ...extraEnv };
  const child = spawn(
    'python3',
    [script, prompt, answer, '--', process.execPath, join(ROOT, 'bin/stateward'), ...args],
    { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return finished(child).then((run) => ({ ...run, stdout: run.stdout.replace(/\r\n/g, '\n') }));
}

export interface ProjectSpec {
  name: string;
  locking?: 'lockfile' | 'dynamodb' | 'both';
  managedPolicies?: string[];
}

/** A stateward.yaml in a fresh temp dir, for moto's account and region; returns its path. */
export function writeConfig(projects: ProjectSpec[], options: { account?: string; humans?: string[] } = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'stateward-e2e-'));
  const file = join(dir, 'stateward.yaml');
  const lines = [
    'version: 1',
    `account: "${options.account ?? TEST_ACCOUNT_ID}"`,
    `region: ${TEST_REGION}`,
    'github: { org: acme }',
    `humans: [${(options.humans ?? ['alice', 'bob']).join(', ')}]`,
    'tags: { CostCenter: platform }',
    'projects:',
    ...projects.flatMap((p) => [
      `  - name: ${p.name}`,
      ...(p.locking ? [`    locking: ${p.locking}`] : []),
      ...(p.managedPolicies ? [`    managedPolicies: [${p.managedPolicies.map((a) => `"${a}"`).join(', ')}]`] : []),
    ]),
  ];
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

export const bucketOf = (project: string, account = TEST_ACCOUNT_ID) => `tfstate-${project}-${account}`;

export async function stateBuckets(aws: AwsClients): Promise<string[]> {
  const { Buckets } = await aws.s3.send(new S3.ListBucketsCommand({}));
  return (Buckets ?? []).flatMap((b) => (b.Name?.startsWith('tfstate-') ? [b.Name] : [])).sort();
}

export async function roleExists(aws: AwsClients, RoleName: string): Promise<boolean> {
  try {
    await aws.iam.send(new IAM.GetRoleCommand({ RoleName }));
    return true;
  } catch (error) {
    if (
      (error as { name?: string }).name === 'NoSuchEntityException' ||
      (error as { name?: string }).name === 'NoSuchEntity'
    )
      return false;
    throw error;
  }
}

/** The ids of a `plan --json` output's changes, sorted. */
export function changeIds(planJson: string): string[] {
  return (JSON.parse(planJson) as { changes: Array<{ id: string }> }).changes.map((c) => c.id).sort();
}
