// AWS-like latency: a fresh fleet behind the fault proxy in latency mode (every request waits LATENCY_MS, no
// faults), a cold apply then a no-op plan through it. Each is set against the emulator's serial floor: what
// the emulator itself spends per request (measured here, one request after the other, straight to moto)
// times the requests the operation made. A ratio near 1 means the latency is hidden by concurrency: the run
// took no longer than the emulator needed to answer it; a ratio of (latency + cost) / cost would mean every
// request waited for the one before.

import { performance } from 'node:perf_hooks';
import * as IAM from '@aws-sdk/client-iam';
import * as S3 from '@aws-sdk/client-s3';
import { bucketOf } from '../test/aws/e2e-cli.ts';
import { awsClients } from '../test/support/aws.ts';
import { startFaultProxy } from '../test/support/fault-proxy.ts';
import { type Fleet, fleetProjects, startFleet } from './fleet.ts';
import { runStateward } from './measure.ts';
import { OPERATIONS } from './operations.ts';

export const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 40);
const CALIBRATION_ROUNDS = 60;
const MEASURED = ['cold apply', 'no-op plan'];

export interface LatencyResult {
  fleet: number;
  operation: string;
  latencyMs: number;
  exitCode: number;
  ok: boolean;
  wallMs: number;
  /** HTTP requests, retries included (--stats attempts). */
  attempts: number;
  /** The emulator's own cost of one request, sequential, without the proxy. */
  emulatorMsPerRequest: number;
  serialFloorMs: number;
  /** wallMs / serialFloorMs. */
  ratio: number;
  error?: string;
}

export async function measureLatency(size: number): Promise<LatencyResult[]> {
  const fleet = await startFleet(size);
  const proxy = await startFaultProxy({ target: fleet.moto.endpoint, seed: 1, rate: 0, latencyMs: LATENCY_MS });
  try {
    const env = {
      ...fleet.moto.env,
      ...Object.fromEntries(
        Object.keys(fleet.moto.env)
          .filter((name) => name.startsWith('AWS_ENDPOINT_URL'))
          .map((name) => [name, proxy.endpoint]),
      ),
    };
    const runs = [];
    for (const spec of OPERATIONS.filter((op) => MEASURED.includes(op.name))) {
      const run = await runStateward(['-c', fleet.config, ...spec.args], { env });
      runs.push({ spec, run });
    }
    const perRequest = await emulatorMsPerRequest(fleet);
    return runs.map(({ spec, run }) => {
      const attempts = run.stats?.totals.attempts ?? 0;
      const floor = perRequest * attempts;
      const ok = spec.okExit.includes(run.exitCode);
      return {
        fleet: size,
        operation: spec.name,
        latencyMs: LATENCY_MS,
        exitCode: run.exitCode,
        ok,
        wallMs: run.wallMs,
        attempts,
        emulatorMsPerRequest: perRequest,
        serialFloorMs: floor,
        ratio: run.wallMs / floor,
        ...(ok ? {} : { error: run.stderr.trim().split('\n').slice(-5).join('\n') }),
      };
    });
  } finally {
    await proxy.stop();
    await fleet.moto.stop();
  }
}

/**
 * Mean milliseconds of one request answered by moto, one after the other, on the fleet just applied: the
 * calls a fleet makes most (bucket settings read and written, role reads), each round on the next project.
 */
async function emulatorMsPerRequest(fleet: Fleet): Promise<number> {
  const { s3, iam } = awsClients(fleet.moto);
  const projects = fleetProjects(fleet.size);
  const round = async (i: number) => {
    const name = projects[i % projects.length]!.name;
    const Bucket = bucketOf(name);
    await s3.send(new S3.GetBucketVersioningCommand({ Bucket }));
    await s3.send(new S3.PutBucketVersioningCommand({ Bucket, VersioningConfiguration: { Status: 'Enabled' } }));
    await s3.send(new S3.GetBucketPolicyCommand({ Bucket }));
    await iam.send(new IAM.GetRoleCommand({ RoleName: `tf-${name}` }));
  };
  for (let i = 0; i < 5; i++) await round(i); // warm-up: connections, moto's first-call imports
  const started = performance.now();
  for (let i = 0; i < CALIBRATION_ROUNDS; i++) await round(i);
  return (performance.now() - started) / (CALIBRATION_ROUNDS * 4);
}
