// The SDK clients stateward uses, built once per command: the standard credential chain (env, SSO,
// profiles, web identity, instance roles), adaptive retries, an optional AWS-compatible endpoint, and the
// two middlewares (ExpectedBucketOwner on S3, call counting on all).
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { IAMClient } from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { CallStats, callStatsPlugin } from './middleware/call-stats.ts';
import { callContextPlugin } from './middleware/call-context.ts';
import { expectedBucketOwnerPlugin } from './middleware/expected-bucket-owner.ts';

export interface AwsClientOptions {
  /** The config's account: every S3 call is made on the condition that the bucket belongs to it. */
  account: string;
  region: string;
  profile?: string;
  /** An AWS-compatible endpoint for every service; default AWS_ENDPOINT_URL, else AWS itself. */
  endpointUrl?: string;
  /** Default 5: throttling under adaptive retries needs more than the SDK's 3. */
  maxAttempts?: number;
  /** Tests pass fixed credentials or a fake transport; the CLI never does. */
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  requestHandler?: NonNullable<S3ClientConfig['requestHandler']>;
}

export interface AwsClients {
  account: string;
  region: string;
  /** The endpoint in use, when not AWS itself (for error messages). */
  endpoint?: string;
  s3: S3Client;
  iam: IAMClient;
  sts: STSClient;
  dynamodb: DynamoDBClient;
  stats: CallStats;
}

const DEFAULT_MAX_ATTEMPTS = 5;

export function createAwsClients(options: AwsClientOptions): AwsClients {
  const endpoint = resolveEndpoint(options.endpointUrl);
  const common = {
    region: options.region,
    credentials: options.credentials ?? fromNodeProviderChain(options.profile ? { profile: options.profile } : {}),
    retryMode: 'adaptive',
    maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    ...(endpoint ? { endpoint } : {}),
    ...(options.requestHandler ? { requestHandler: options.requestHandler } : {}),
  };
  const stats = new CallStats();
  // Emulators serve every bucket under one host name, so S3 must address buckets by path there.
  const s3 = new S3Client({ ...common, forcePathStyle: Boolean(endpoint), followRegionRedirects: true });
  s3.middlewareStack.use(expectedBucketOwnerPlugin(options.account));
  const clients: AwsClients = {
    account: options.account,
    region: options.region,
    ...(endpoint ? { endpoint } : {}),
    s3,
    iam: new IAMClient(common),
    sts: new STSClient(common),
    dynamodb: new DynamoDBClient(common),
    stats,
  };
  const services = { s3: clients.s3, iam: clients.iam, sts: clients.sts, dynamodb: clients.dynamodb } as const;
  for (const [service, client] of Object.entries(services)) {
    const stack = client.middlewareStack as { use(plugin: ReturnType<typeof callStatsPlugin>): void };
    stack.use(callStatsPlugin(stats, service));
    stack.use(callContextPlugin(service));
  }
  return clients;
}

function resolveEndpoint(explicit: string | undefined): string | undefined {
  const fromEnv = process.env.AWS_ENDPOINT_URL;
  const endpoint = explicit ?? (fromEnv && fromEnv.trim() !== '' ? fromEnv : undefined);
  return endpoint?.trim() || undefined;
}

/** Closes the clients' sockets so the process can exit at once. */
export function destroyAwsClients(clients: AwsClients): void {
  for (const client of [clients.s3, clients.iam, clients.sts, clients.dynamodb]) client.destroy();
}
