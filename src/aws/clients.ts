// The SDK clients stateward uses, built once per command: the standard credential chain (env, SSO,
// profiles, web identity, instance roles), adaptive retries, an optional AWS-compatible endpoint, and the
// two middlewares (ExpectedBucketOwner on S3, call counting on all).

import { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { IAMClient } from '@aws-sdk/client-iam';
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { STSClient } from '@aws-sdk/client-sts';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider, Pluggable } from '@smithy/types';
import { callContextPlugin } from './middleware/call-context.ts';
import { CallStats, callStatsPlugin } from './middleware/call-stats.ts';
import { expectedBucketOwnerPlugin } from './middleware/expected-bucket-owner.ts';

export interface AwsClientOptions {
  /** The config's account: every S3 call is made on the condition that the bucket belongs to it. */
  account: string;
  region: string;
  profile?: string;
  /** An AWS-compatible endpoint for every service (--endpoint-url); default: AWS_ENDPOINT_URL(_<SERVICE>), else AWS. */
  endpointUrl?: string;
  /** Default 5: throttling under adaptive retries needs more than the SDK's 3. */
  maxAttempts?: number;
  /** Tests pass fixed credentials or a fake transport; the CLI never does. */
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  requestHandler?: NonNullable<S3ClientConfig['requestHandler']>;
  /** Idle milliseconds after which a request is abandoned and retried; default STATEWARD_AWS_TIMEOUT_MS, else 30 000. */
  timeoutMs?: number;
  /** Count calls into these stats (an environment account's clients count into the administrative ones'). */
  stats?: CallStats;
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
  /** Cost Explorer has one endpoint for the commercial partition, in us-east-1, whatever the config's region. */
  costExplorer: CostExplorerClient;
  stats: CallStats;
  /**
   * The environment accounts' clients (seed 002) by account id, each with credentials of its management role;
   * set once they are opened (src/aws/environments.ts).
   */
  environments?: Map<string, AwsClients>;
}

const DEFAULT_MAX_ATTEMPTS = 5;
const COST_EXPLORER_REGION = 'us-east-1';
// Without these the S3 client waits forever on a connection that stalls (the other clients give up after
// 5 minutes). A request that times out is retried like any transient error. The idle timeout, unlike a total
// one, never cuts a large state download that is still moving.
const DEFAULT_TIMEOUT_MS = 30_000;
const CONNECTION_TIMEOUT_MS = 10_000;

export function createAwsClients(options: AwsClientOptions): AwsClients {
  const explicit = nonEmpty(options.endpointUrl);
  // Without --endpoint-url the SDK itself applies AWS_ENDPOINT_URL_<SERVICE> and AWS_ENDPOINT_URL, in that order.
  const endpoint = explicit ?? nonEmpty(process.env.AWS_ENDPOINT_URL_S3) ?? nonEmpty(process.env.AWS_ENDPOINT_URL);
  const common = {
    region: options.region,
    credentials: options.credentials ?? fromNodeProviderChain(options.profile ? { profile: options.profile } : {}),
    retryMode: 'adaptive',
    maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    ...(explicit ? { endpoint: explicit } : {}),
    requestHandler: options.requestHandler ?? {
      connectionTimeout: CONNECTION_TIMEOUT_MS,
      socketTimeout: timeoutMs(options),
    },
  };
  const stats = options.stats ?? new CallStats();
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
    costExplorer: new CostExplorerClient({ ...common, region: COST_EXPLORER_REGION }),
    stats,
  };
  instrument(clients.s3, 's3', stats);
  instrument(clients.iam, 'iam', stats);
  instrument(clients.sts, 'sts', stats);
  instrument(clients.dynamodb, 'dynamodb', stats);
  instrument(clients.costExplorer, 'ce', stats);
  return clients;
}

function instrument<I extends object, O extends object>(
  client: { middlewareStack: { use(plugin: Pluggable<I, O>): void } },
  service: string,
  stats: CallStats,
): void {
  client.middlewareStack.use(callStatsPlugin<I, O>(stats, service));
  client.middlewareStack.use(callContextPlugin<I, O>(service));
}

function timeoutMs(options: AwsClientOptions): number {
  if (options.timeoutMs !== undefined) return options.timeoutMs;
  const fromEnv = Number(nonEmpty(process.env.STATEWARD_AWS_TIMEOUT_MS));
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : DEFAULT_TIMEOUT_MS;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value?.trim() || undefined;
}

/** Closes the clients' sockets so the process can exit at once. */
export function destroyAwsClients(clients: AwsClients): void {
  for (const environment of clients.environments?.values() ?? []) destroyAwsClients(environment);
  for (const client of [clients.s3, clients.iam, clients.sts, clients.dynamodb, clients.costExplorer]) client.destroy();
}
