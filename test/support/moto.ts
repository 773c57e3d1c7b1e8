// A private moto_server per test file: free port on 127.0.0.1, isolated AWS env, reset, and a clean stop.
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { StatewardError } from '../../src/errors.ts';
import { isolatedAwsEnv, TEST_ACCOUNT_ID, TEST_REGION } from './aws-env.ts';
import { motoRequest } from './moto-http.ts';
import { type MotoRecorder, motoRecorder } from './moto-recorder.ts';
import { findOnPath, freePort, waitUntil } from './process.ts';

export { TEST_ACCOUNT_ID, TEST_REGION };

export interface MotoOptions {
  /** INITIAL_NO_AUTH_ACTION_COUNT=0: every request must come from an IAM user or assumed role of moto. */
  enforceIam?: boolean;
  /** Record every request from the start (moto's recorder); it can also be started later. */
  recording?: boolean;
  /**
   * Keep moto's own SigV4 check under enforcement. It rejects any request with a percent-encoded character in its
   * query or key (Terraform's `prefix=env%3A%2F`), so by default test/support/moto-python turns it off.
   */
  verifySignatures?: boolean;
  /**
   * moto's own lifecycle read-back, which drops NoncurrentVersionExpiration.NewerNoncurrentVersions. By default
   * test/support/moto-python keeps the value, so a plan against moto can converge as it does on AWS.
   */
  dropNewerNoncurrentVersions?: boolean;
  /**
   * moto's own ListBuckets, without BucketRegion. By default test/support/moto-python adds each bucket's region,
   * as AWS does, so stateward reads regions from the listing and not by one GetBucketLocation per bucket.
   */
  motoListBuckets?: boolean;
  /**
   * Serve https with a self-signed certificate made at start, so aws:SecureTransport is true, as stateward's
   * TLS-only bucket statement requires. `env` then makes terraform and stateward trust that certificate alone.
   */
  tls?: boolean;
  /**
   * Under enforcement, keep moto's own IAM evaluation (conditions ignored, bucket policies on object calls only,
   * no DynamoDB resource policy). By default test/support/moto-python/stateward_moto decides every request.
   */
  motoIamEvaluation?: boolean;
}

/** One request decided by test/support/moto-python/stateward_moto (under enforcement only). */
export interface MotoDecision {
  /** The caller's ARN as GetCallerIdentity shows it (a session ARN for an assumed role). */
  caller: string;
  action: string;
  resource: string;
  allowed: boolean;
}

export interface Moto {
  endpoint: string;
  port: number;
  /** The moto_server process id (it is gone after stop()). */
  pid: number;
  /** What a child process (stateward, terraform) needs, overriding any real AWS setting of the user. */
  env: Record<string, string>;
  /** The PEM certificate a TLS moto serves (what SDK clients in the test must trust), else undefined. */
  caCertificate?: string;
  recorder: MotoRecorder;
  reset(): Promise<void>;
  /** Every decision stateward_moto made so far, oldest first. */
  decisions(): MotoDecision[];
  /** Turns IAM enforcement on or off at run time (moto's /moto-api/reset-auth); returns whether it was on. */
  setIamEnforcement(on: boolean): Promise<boolean>;
  stop(): Promise<void>;
}

const PYTHON_PATCHES = fileURLToPath(new URL('./moto-python', import.meta.url));
const running = new Set<ChildProcess>();

export async function startMoto(options: MotoOptions = {}): Promise<Moto> {
  const motoServer = findOnPath('moto_server');
  if (!motoServer) {
    throw new StatewardError(
      'MOTO_NOT_INSTALLED',
      'moto_server is not on PATH; the end-to-end tests need the moto AWS emulator.',
      "Install it with `pip install 'moto[server]==5.2.*'` and make sure moto_server is on PATH.",
    );
  }
  const workDir = mkdtempSync(join(tmpdir(), 'stateward-moto-'));
  const tls = options.tls ? { cert: join(workDir, 'moto-cert.pem'), key: join(workDir, 'moto-key.pem') } : undefined;
  const decisionFile = join(workDir, 'decisions.jsonl');
  const launched = await launch(motoServer, serverEnv(options, workDir, tls), workDir, tls).catch((error) => {
    rmSync(workDir, { recursive: true, force: true });
    throw error;
  });
  const { child, port } = launched;
  const endpoint = `${tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  const ca = tls ? readFileSync(tls.cert, 'utf8') : undefined;
  const recorder = motoRecorder(endpoint, ca);
  await recorder.reset();
  const post = (path: string, body: string) => postTo(endpoint, path, body, ca);
  return {
    endpoint,
    port,
    pid: child.pid ?? 0,
    env: isolatedAwsEnv(endpoint, workDir, tls?.cert),
    caCertificate: ca,
    recorder,
    decisions: () =>
      existsSync(decisionFile)
        ? readFileSync(decisionFile, 'utf8')
            .split('\n')
            .filter((line) => line !== '')
            .map((line) => JSON.parse(line) as MotoDecision)
        : [],
    reset: async () => void (await post('/moto-api/reset', '')),
    setIamEnforcement: async (on) => {
      const previous = await post('/moto-api/reset-auth', on ? '0' : 'inf');
      return Number(JSON.parse(previous).PREVIOUS_INITIAL_NO_AUTH_ACTION_COUNT) === 0;
    },
    stop: async () => {
      await stopChild(child);
      rmSync(workDir, { recursive: true, force: true });
    },
  };
}

function serverEnv(
  options: MotoOptions,
  workDir: string,
  tls: { cert: string; key: string } | undefined,
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(env)) if (name.startsWith('AWS_') || name.startsWith('MOTO_')) delete env[name];
  env.PYTHONPATH = [PYTHON_PATCHES, process.env.PYTHONPATH].filter(Boolean).join(':');
  env.STATEWARD_MOTO_EXIT_WITH_PARENT = '1';
  env.MOTO_RECORDER_FILEPATH = join(workDir, 'recording.jsonl');
  env.STATEWARD_MOTO_DECISIONS = join(workDir, 'decisions.jsonl');
  if (options.recording) env.MOTO_ENABLE_RECORDING = 'True';
  if (options.enforceIam) env.INITIAL_NO_AUTH_ACTION_COUNT = '0';
  // Also without enforceIam: setIamEnforcement(true) can turn enforcement on later.
  if (!options.verifySignatures) env.STATEWARD_MOTO_SKIP_SIGV4 = '1';
  if (!options.dropNewerNoncurrentVersions) env.STATEWARD_MOTO_KEEP_NEWER_NONCURRENT = '1';
  if (!options.motoListBuckets) env.STATEWARD_MOTO_BUCKET_REGION = '1';
  if (!options.motoIamEvaluation) env.STATEWARD_MOTO_POLICIES = '1';
  // The plan roles' default infrastructure policy exists on every AWS account; moto loads it only when asked.
  env.STATEWARD_MOTO_AWS_MANAGED_POLICIES = 'ReadOnlyAccess';
  if (tls) {
    env.STATEWARD_MOTO_TLS_CERT = tls.cert;
    env.STATEWARD_MOTO_TLS_KEY = tls.key;
  }
  return env;
}

// Another process may take the free port before moto binds it; then moto exits and we try another port.
// moto's stderr (werkzeug logs a line per request) goes to a file, never to a pipe: the tests run the CLI
// with spawnSync, which stops this process's event loop, so a pipe would fill, block moto's logging lock
// and hang every request until the CLI's retries gave up (minutes per call).
async function launch(
  motoServer: string,
  env: NodeJS.ProcessEnv,
  workDir: string,
  tls: { cert: string; key: string } | undefined,
): Promise<{ child: ChildProcess; port: number }> {
  let lastError = '';
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const tlsArgs = tls ? ['--ssl-cert', tls.cert, '--ssl-key', tls.key] : [];
    const logFile = join(workDir, `moto-${attempt}.log`);
    const log = openSync(logFile, 'a');
    const child = spawn(motoServer, ['-H', '127.0.0.1', '-p', String(port), ...tlsArgs], {
      env,
      stdio: ['pipe', 'ignore', log],
    });
    closeSync(log);
    track(child);
    if (await answers(child, `${tls ? 'https' : 'http'}://127.0.0.1:${port}`, tls?.cert)) return { child, port };
    await stopChild(child);
    lastError = readFileSync(logFile, 'utf8').slice(-4000).trim();
  }
  throw new StatewardError(
    'MOTO_START_FAILED',
    `moto_server did not start on 127.0.0.1. ${lastError}`.trim(),
    "Run `moto_server -H 127.0.0.1 -p 5000` by hand to see why; reinstall with `pip install 'moto[server]==5.2.*'`.",
  );
}

async function answers(child: ChildProcess, endpoint: string, certFile?: string): Promise<boolean> {
  let exited = false;
  child.once('exit', () => (exited = true));
  // The certificate file exists only once moto's Python has started (it writes it before binding).
  const ca = () => (certFile ? readFileSync(certFile, 'utf8') : undefined);
  const probe = async () => {
    try {
      return (await motoRequest(`${endpoint}/moto-api/config`, { ca: ca() })).ok;
    } catch {
      return false;
    }
  };
  return (await waitUntil(async () => exited || (await probe()), 30_000)) && !exited;
}

async function postTo(endpoint: string, path: string, body: string, ca: string | undefined): Promise<string> {
  const response = await motoRequest(`${endpoint}${path}`, { method: 'POST', body, ca });
  if (!response.ok) throw new Error(`POST ${path} on moto failed: ${response.status} ${response.text}`);
  return response.text;
}

function track(child: ChildProcess): void {
  running.add(child);
  child.once('exit', () => running.delete(child));
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
  await exited;
  clearTimeout(timer);
}

// Belt and braces beside STATEWARD_MOTO_EXIT_WITH_PARENT: kill what is left when this process ends.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});
