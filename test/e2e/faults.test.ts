// stateward under a failing network: the fault proxy (test/support/fault-proxy.ts) sits between the CLI and
// moto and fails 10% of the requests with 500s, 503 SlowDown, throttling, connection resets (before the
// server saw the request, or after it carried it out), and requests held until the client's timeout. An
// apply of 20 projects must converge, or stop with a clear error after which a rerun converges (at most 5
// runs); the plan afterwards, without faults, is empty; and no step may delete or weaken anything that
// existed before it (checked with the SDK straight against moto around every step).

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as DDB from '@aws-sdk/client-dynamodb';
import * as IAM from '@aws-sdk/client-iam';
import * as S3 from '@aws-sdk/client-s3';
import { createAwsClients, destroyAwsClients } from '../../src/aws/clients.ts';
import type { StatsReport } from '../../src/cli/stats.ts';
import { type CliRun, type ProjectSpec, stateward, writeConfig } from '../aws/e2e-cli.ts';
import { type AwsClients, awsClients, createBucket } from '../support/aws.ts';
import { TEST_ACCESS_KEY_ID, TEST_SECRET_ACCESS_KEY } from '../support/aws-env.ts';
import { FAULT_KINDS, type FaultKind, type FaultProxy, startFaultProxy } from '../support/fault-proxy.ts';
import { snapshotAccount } from '../support/fault-snapshot.ts';
import { weakenings } from '../support/fault-weakening.ts';
import { type Moto, startMoto, TEST_ACCOUNT_ID, TEST_REGION } from '../support/moto.ts';

const SEED = Number(process.env.STATEWARD_FAULT_SEED ?? 20260101);
const FAULT_RATE = Number(process.env.STATEWARD_FAULT_RATE ?? 0.1);
const MAX_RUNS = 5;
const DYNAMODB_PROJECTS = new Set([3, 11, 17]);
const PROJECTS: ProjectSpec[] = Array.from({ length: 20 }, (_, i) => ({
  name: `p${String(i + 1).padStart(2, '0')}`,
  ...(DYNAMODB_PROJECTS.has(i + 1) ? { locking: 'dynamodb' as const } : {}),
}));
const TEST_CREDENTIALS = { accessKeyId: TEST_ACCESS_KEY_ID, secretAccessKey: TEST_SECRET_ACCESS_KEY };
const TEAM_BUCKET = `team-artifacts-${TEST_ACCOUNT_ID}`;
const ADOPTED_BUCKET = `tfstate-p05-${TEST_ACCOUNT_ID}`;
const TEAM_STATEMENT = {
  Sid: 'TeamAuditRead',
  Effect: 'Allow',
  Principal: { AWS: `arn:aws:iam::${TEST_ACCOUNT_ID}:role/auditor` },
  Action: 's3:GetObject',
  Resource: `arn:aws:s3:::${ADOPTED_BUCKET}/*`,
};

/** What existed before stateward ran: a team's own bucket and role, and a state bucket with a team statement. */
async function arrangeExistingResources(aws: AwsClients): Promise<void> {
  for (const UserName of ['alice', 'bob']) await aws.iam.send(new IAM.CreateUserCommand({ UserName }));
  await createBucket(aws.s3, TEAM_BUCKET, { versioned: true });
  await aws.s3.send(
    new S3.PutPublicAccessBlockCommand({
      Bucket: TEAM_BUCKET,
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        IgnorePublicAcls: true,
        BlockPublicPolicy: true,
        RestrictPublicBuckets: true,
      },
    }),
  );
  await aws.s3.send(
    new S3.PutBucketEncryptionCommand({
      Bucket: TEAM_BUCKET,
      ServerSideEncryptionConfiguration: {
        Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
    }),
  );
  await createBucket(aws.s3, ADOPTED_BUCKET, { versioned: true });
  await aws.s3.send(
    new S3.PutBucketPolicyCommand({
      Bucket: ADOPTED_BUCKET,
      Policy: JSON.stringify({ Version: '2012-10-17', Statement: [TEAM_STATEMENT] }),
    }),
  );
  const trust = {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
  };
  await aws.iam.send(
    new IAM.CreateRoleCommand({ RoleName: 'app-deployer', AssumeRolePolicyDocument: JSON.stringify(trust) }),
  );
  const inline = {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${TEAM_BUCKET}/*` }],
  };
  await aws.iam.send(
    new IAM.PutRolePolicyCommand({
      RoleName: 'app-deployer',
      PolicyName: 'read-artifacts',
      PolicyDocument: JSON.stringify(inline),
    }),
  );
}

const injectedSoFar = (proxy: FaultProxy) => FAULT_KINDS.reduce((sum, kind) => sum + proxy.injected[kind], 0);

/** Every line the CLI printed as an error carries a stable code and a fix, and nothing escaped as unexpected. */
function assertClearErrors(run: CliRun): void {
  assert.doesNotMatch(run.stderr, /unexpected error/, run.stderr);
  const errors = run.stderr.split('\n').filter((line) => /\berror\b/.test(line) && !line.startsWith(' '));
  assert.ok(errors.length > 0, `exit ${run.code} without an error message:\n${run.stderr}`);
  for (const line of errors.filter((l) => !/^\d+ errors?$/.test(l)))
    assert.match(line, /error \[[A-Z][A-Z0-9_]+\] \S/, line);
  assert.match(run.stderr, /fix: \S/);
}

describe('apply through a network that fails 10% of the requests', () => {
  let moto: Moto;
  let aws: AwsClients;
  let proxy: FaultProxy;
  let config: string;
  const scratch = mkdtempSync(join(tmpdir(), 'stateward-faults-'));

  before(async () => {
    moto = await startMoto();
    aws = awsClients(moto);
    await arrangeExistingResources(aws);
    config = writeConfig(PROJECTS);
    proxy = await startFaultProxy({ target: moto.endpoint, seed: SEED, rate: FAULT_RATE });
  });
  after(async () => {
    await proxy?.stop();
    await moto?.stop();
  });

  /**
   * stateward with every AWS endpoint pointed at the proxy and a 3 s idle timeout, so held requests end soon.
   * Not shorter: with 1 s, an emulator answer slowed by CPU load was abandoned and retried, a retry the proxy
   * never caused, and the retries-against-faults count below went wrong on a busy machine.
   */
  const throughProxy = (args: string[], statsFile: string) =>
    stateward(moto, ['-c', config, '--stats-json', statsFile, ...args], {
      env: {
        ...Object.fromEntries(
          Object.keys(moto.env)
            .filter((k) => k.startsWith('AWS_ENDPOINT_URL'))
            .map((k) => [k, proxy.endpoint]),
        ),
        STATEWARD_AWS_TIMEOUT_MS: '3000',
      },
    });

  it('converges within 5 runs, weakens nothing at any step, and --stats counts every attempt the proxy saw', async (t) => {
    const runs: Array<{ code: number; attempts: number; retries: number; requests: number }> = [];
    for (let run = 1; run <= MAX_RUNS; run++) {
      const before = await snapshotAccount(aws);
      const requestsBefore = proxy.requests;
      const faultsBefore = injectedSoFar(proxy);
      const statsFile = join(scratch, `apply-${run}.json`);
      const applied = await throughProxy(['apply', '--auto-approve', '--quiet'], statsFile);
      assert.deepEqual(weakenings(before, await snapshotAccount(aws)), [], `run ${run} weakened the account`);
      const stats = JSON.parse(readFileSync(statsFile, 'utf8')) as StatsReport;
      const requests = proxy.requests - requestsBefore;
      runs.push({ code: applied.code, attempts: stats.totals.attempts, retries: stats.totals.retries, requests });
      if (applied.code === 0) {
        // Every HTTP attempt the SDK made went through the proxy, and --stats counted each one.
        assert.equal(
          stats.totals.attempts,
          requests,
          `run ${run}: --stats attempts against requests seen by the proxy`,
        );
        // ...and each injected fault cost exactly one retry: none was taken for an answer.
        assert.equal(
          stats.totals.retries,
          injectedSoFar(proxy) - faultsBefore,
          `run ${run}: --stats retries against faults injected`,
        );
        break;
      }
      assert.equal(applied.code, 1, applied.stderr);
      assertClearErrors(applied);
    }
    t.diagnostic(
      `runs: ${runs.length} (${runs.map((r) => `exit ${r.code}, ${r.requests} requests, ${r.retries} retries`).join('; ')}); seed ${SEED}`,
    );
    t.diagnostic(`faults injected: ${FAULT_KINDS.map((kind) => `${kind} ${proxy.injected[kind]}`).join(', ')}`);
    assert.equal(runs.at(-1)?.code, 0, `no convergence after ${MAX_RUNS} runs`);
    assert.ok(
      runs.reduce((sum, r) => sum + r.retries, 0) > 0,
      '--stats reported no retry although faults were injected',
    );
    for (const kind of FAULT_KINDS)
      assert.ok(proxy.injected[kind] > 0, `no ${kind} fault was injected: the test would prove nothing about it`);

    const before = await snapshotAccount(aws);
    const plan = await stateward(moto, ['-c', config, 'plan', '--detailed-exitcode']);
    assert.equal(plan.code, 0, plan.stdout + plan.stderr);
    assert.match(plan.stdout, /No changes/);
    assert.deepEqual(weakenings(before, await snapshotAccount(aws)), []);
    const after = await snapshotAccount(aws);
    assert.ok(
      after.buckets[ADOPTED_BUCKET]?.policyStatements.some((s) => s.includes('TeamAuditRead')),
      "the team's statement in an adopted state bucket was kept",
    );
    // Each project's apply role and its plan role, tf-<p>.plan.
    assert.equal(Object.keys(after.roles).filter((name) => name.startsWith('tf-')).length, 2 * PROJECTS.length);
  });

  it('a plan through the faults ends with the same empty plan or a clear error, and changes nothing', async () => {
    const before = await snapshotAccount(aws);
    const plan = await throughProxy(['plan', '--detailed-exitcode'], join(scratch, 'plan.json'));
    if (plan.code !== 0) assertClearErrors(plan);
    else assert.match(plan.stdout, /No changes/);
    const stats = JSON.parse(readFileSync(join(scratch, 'plan.json'), 'utf8')) as StatsReport;
    assert.equal(stats.totals.writes, 0);
    assert.deepEqual(weakenings(before, await snapshotAccount(aws)), []);
  });
});

describe('the fault proxy', () => {
  let moto: Moto;
  before(async () => (moto = await startMoto()));
  after(async () => moto?.stop());

  /** The SDK's error for one call through a proxy that fails every request with `kind` (no retries). */
  async function errorThrough(
    kind: FaultKind,
    call: (aws: AwsClients, endpoint: string) => Promise<unknown>,
  ): Promise<{ name: string; status: number | undefined }> {
    const proxy = await startFaultProxy({ target: moto.endpoint, seed: 1, rate: 1, kinds: [kind] });
    try {
      await call(awsClients({ ...moto, endpoint: proxy.endpoint }), proxy.endpoint);
    } catch (error) {
      const e = error as { name: string; code?: string; $metadata?: { httpStatusCode?: number } };
      return { name: e.code === 'ECONNRESET' ? 'ECONNRESET' : e.name, status: e.$metadata?.httpStatusCode };
    } finally {
      await proxy.stop();
    }
    throw new Error(`a ${kind} fault did not fail the call`);
  }

  const s3 = (aws: AwsClients) => aws.s3.send(new S3.ListBucketsCommand({}));
  const iam = (aws: AwsClients) => aws.iam.send(new IAM.ListRolesCommand({}));
  const ddb = (aws: AwsClients) => aws.dynamodb.send(new DDB.ListTablesCommand({}));

  it("answers each error in its service's own format, so the SDK names it as AWS would", async () => {
    assert.deepEqual(await errorThrough('throttle', iam), { name: 'Throttling', status: 400 });
    assert.deepEqual(await errorThrough('throttle', ddb), { name: 'ThrottlingException', status: 400 });
    assert.deepEqual(await errorThrough('throttle', s3), { name: 'SlowDown', status: 503 });
    assert.deepEqual(await errorThrough('slow-down', s3), { name: 'SlowDown', status: 503 });
    assert.deepEqual(await errorThrough('server-error', s3), { name: 'InternalError', status: 500 });
    assert.deepEqual(await errorThrough('server-error', iam), { name: 'InternalFailure', status: 500 });
    assert.deepEqual(await errorThrough('server-error', ddb), { name: 'InternalServerError', status: 500 });
  });

  it('resets connections before or after the server carried the request out, and holds requests until the client gives up', async () => {
    assert.equal((await errorThrough('reset', iam)).name, 'ECONNRESET');
    const Bucket = 'made-despite-the-reset';
    const lost = await errorThrough('lost-response', (aws) => aws.s3.send(new S3.CreateBucketCommand({ Bucket })));
    assert.equal(lost.name, 'ECONNRESET');
    const { Buckets } = await awsClients(moto).s3.send(new S3.ListBucketsCommand({}));
    assert.ok(
      Buckets?.some((b) => b.Name === Bucket),
      'the request reached moto although its answer was lost',
    );
    // stateward's own clients: without their idle timeout a held S3 request would never end.
    const held = await errorThrough('timeout', (_aws, endpointUrl) => {
      const clients = createAwsClients({
        account: TEST_ACCOUNT_ID,
        region: TEST_REGION,
        endpointUrl,
        credentials: TEST_CREDENTIALS,
        maxAttempts: 1,
        timeoutMs: 300,
      });
      return clients.s3.send(new S3.ListBucketsCommand({})).finally(() => destroyAwsClients(clients));
    });
    assert.equal(held.name, 'TimeoutError');
  });
});
