// A fleet of N projects on a fresh, private moto: the humans the config names exist as IAM users (trust
// policies name them, and IAM refuses principals that do not exist), one project in 20 locks with DynamoDB,
// the rest with S3 lock files.
import * as IAM from '@aws-sdk/client-iam';
import { type ProjectSpec, writeConfig } from '../test/aws/e2e-cli.ts';
import { awsClients } from '../test/support/aws.ts';
import { type Moto, startMoto } from '../test/support/moto.ts';

export const HUMANS = ['alice', 'bob'];
const DYNAMODB_EVERY = 20;

export interface Fleet {
  size: number;
  moto: Moto;
  /** Path of the generated stateward.yaml. */
  config: string;
  dynamodbProjects: number;
}

export function fleetProjects(size: number): ProjectSpec[] {
  return Array.from({ length: size }, (_, i) => ({
    name: `svc-${String(i + 1).padStart(4, '0')}`,
    ...(i % DYNAMODB_EVERY === 0 ? { locking: 'dynamodb' as const } : {}),
  }));
}

export async function startFleet(size: number, options: { recording?: boolean } = {}): Promise<Fleet> {
  const moto = await startMoto({ recording: options.recording ?? false });
  const { iam } = awsClients(moto);
  for (const UserName of HUMANS) await iam.send(new IAM.CreateUserCommand({ UserName }));
  const projects = fleetProjects(size);
  return {
    size,
    moto,
    config: writeConfig(projects, { humans: HUMANS }),
    dynamodbProjects: projects.filter((p) => p.locking === 'dynamodb').length,
  };
}

/** BENCH_FLEETS=10,100 (default 10,100,300): positive whole numbers, smallest first. */
export function fleetSizes(value = process.env.BENCH_FLEETS): number[] {
  const sizes = (value ?? '10,100,300').split(',').map((part) => Number(part.trim()));
  if (sizes.length === 0 || sizes.some((n) => !Number.isInteger(n) || n < 1)) {
    throw new Error(`BENCH_FLEETS must be a comma-separated list of project counts, e.g. 10,100 (got "${value}")`);
  }
  return [...new Set(sizes)].sort((a, b) => a - b);
}
