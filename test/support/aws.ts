// AWS SDK clients pointed at a Moto, for tests to arrange and inspect state. Only tests use this file.

import { Agent } from 'node:https';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
  IAMClient,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import {
  type BucketLocationConstraint,
  CreateBucketCommand,
  PutBucketVersioningCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { AssumeRoleCommand, type AssumeRoleCommandInput, STSClient } from '@aws-sdk/client-sts';
import { type AwsCredentials, TEST_ACCESS_KEY_ID, TEST_REGION, TEST_SECRET_ACCESS_KEY } from './aws-env.ts';
import type { Moto } from './moto.ts';

export interface AwsClients {
  s3: S3Client;
  iam: IAMClient;
  sts: STSClient;
  dynamodb: DynamoDBClient;
}

const DEFAULT_CREDENTIALS: AwsCredentials = {
  accessKeyId: TEST_ACCESS_KEY_ID,
  secretAccessKey: TEST_SECRET_ACCESS_KEY,
};

export function awsClients(
  moto: Moto,
  credentials: AwsCredentials = DEFAULT_CREDENTIALS,
  region = TEST_REGION,
): AwsClients {
  // Explicit credentials: the SDK must never fall back to the user's profile or instance metadata.
  // A TLS moto's certificate is trusted by these clients only, not by the whole test process.
  const requestHandler = moto.caCertificate ? { httpsAgent: new Agent({ ca: moto.caCertificate }) } : undefined;
  const common = { endpoint: moto.endpoint, region, credentials, maxAttempts: 1, requestHandler };
  return {
    s3: new S3Client({ ...common, forcePathStyle: true }),
    iam: new IAMClient(common),
    sts: new STSClient(common),
    dynamodb: new DynamoDBClient(common),
  };
}

/** A bucket in `region` (outside us-east-1 S3 requires the LocationConstraint), versioned if asked. */
export async function createBucket(s3: S3Client, bucket: string, options: { versioned?: boolean } = {}): Promise<void> {
  const region = await s3.config.region();
  const configuration = region === 'us-east-1' ? undefined : { LocationConstraint: region as BucketLocationConstraint };
  await s3.send(new CreateBucketCommand({ Bucket: bucket, CreateBucketConfiguration: configuration }));
  if (options.versioned) {
    await s3.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }));
  }
}

/** Terraform's legacy lock table: partition key LockID (S), on-demand. */
export async function createLockTable(dynamodb: DynamoDBClient, table = 'terraform-locks'): Promise<void> {
  await dynamodb.send(
    new CreateTableCommand({
      TableName: table,
      KeySchema: [{ AttributeName: 'LockID', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'LockID', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
}

/** An IAM user with one inline policy and an access key: the way to get credentials that moto enforces. */
export async function createUserWithPolicy(iam: IAMClient, userName: string, policy: object): Promise<AwsCredentials> {
  await iam.send(new CreateUserCommand({ UserName: userName }));
  await iam.send(
    new PutUserPolicyCommand({ UserName: userName, PolicyName: 'inline', PolicyDocument: JSON.stringify(policy) }),
  );
  const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: userName }));
  if (!AccessKey?.AccessKeyId || !AccessKey.SecretAccessKey)
    throw new Error(`moto returned no access key for ${userName}`);
  return { accessKeyId: AccessKey.AccessKeyId, secretAccessKey: AccessKey.SecretAccessKey };
}

/** A virtual MFA device enabled for `userName` (moto takes any two codes); its serial, to send as SerialNumber. */
export async function enableVirtualMfa(iam: IAMClient, userName: string): Promise<string> {
  const { VirtualMFADevice } = await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: userName }));
  const SerialNumber = VirtualMFADevice?.SerialNumber;
  if (!SerialNumber) throw new Error(`moto returned no MFA device for ${userName}`);
  await iam.send(
    new EnableMFADeviceCommand({
      UserName: userName,
      SerialNumber,
      AuthenticationCode1: '123456',
      AuthenticationCode2: '654321',
    }),
  );
  return SerialNumber;
}

export const ALLOW_EVERYTHING = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

/** Under enforcement nothing works until an IAM user exists; this pauses enforcement to create an admin user. */
export async function createAdmin(moto: Moto, userName = 'admin'): Promise<AwsCredentials> {
  const wasOn = await moto.setIamEnforcement(false);
  try {
    return await createUserWithPolicy(awsClients(moto).iam, userName, ALLOW_EVERYTHING);
  } finally {
    await moto.setIamEnforcement(wasOn);
  }
}

/**
 * Admin credentials of another account. moto hands out credentials in account X to anyone who assumes
 * `arn:aws:iam::X:role/<any name>` (the role need not exist while enforcement is off); an IAM user made with
 * them lives in X, and its access key keeps working in X when enforcement is on.
 */
export async function createAdminInAccount(moto: Moto, accountId: string, userName = 'admin'): Promise<AwsCredentials> {
  const wasOn = await moto.setIamEnforcement(false);
  try {
    const inAccount = await assumeRole(awsClients(moto).sts, `arn:aws:iam::${accountId}:role/stateward-test-bootstrap`);
    return await createUserWithPolicy(awsClients(moto, inAccount).iam, userName, ALLOW_EVERYTHING);
  } finally {
    await moto.setIamEnforcement(wasOn);
  }
}

/** Temporary credentials of `roleArn` (sts:AssumeRole with the given clients' credentials). */
export function assumeRole(sts: STSClient, roleArn: string, externalId?: string): Promise<AwsCredentials> {
  return session(sts, { RoleArn: roleArn, RoleSessionName: 'stateward-test', ExternalId: externalId });
}

/** A human's session with the MFA device `serialNumber` (from enableVirtualMfa; moto takes any code). */
export function assumeRoleWithMfa(sts: STSClient, roleArn: string, serialNumber: string): Promise<AwsCredentials> {
  return session(sts, {
    RoleArn: roleArn,
    RoleSessionName: 'stateward-test',
    SerialNumber: serialNumber,
    TokenCode: '123456',
  });
}

async function session(sts: STSClient, input: AssumeRoleCommandInput): Promise<AwsCredentials> {
  const { Credentials } = await sts.send(new AssumeRoleCommand(input));
  if (!Credentials?.AccessKeyId || !Credentials.SecretAccessKey)
    throw new Error(`moto gave no credentials for ${input.RoleArn}`);
  return {
    accessKeyId: Credentials.AccessKeyId,
    secretAccessKey: Credentials.SecretAccessKey,
    sessionToken: Credentials.SessionToken,
  };
}

/** HTTP status and, on failure, the SDK's error name: `{ status: 200 }` or `{ status: 403, code: 'AccessDenied' }`. */
export async function attempt(
  call: Promise<{ $metadata: { httpStatusCode?: number } }>,
): Promise<{ status: number | undefined; code?: string }> {
  try {
    const result = await call;
    // An unread GetObject body keeps its socket busy; when moto stops, that socket fails with "aborted".
    await (result as { Body?: { transformToString?: () => Promise<string> } }).Body?.transformToString?.();
    return { status: result.$metadata.httpStatusCode };
  } catch (error) {
    const e = error as { name: string; $metadata?: { httpStatusCode?: number } };
    return { status: e.$metadata?.httpStatusCode, code: e.name };
  }
}

/** The error name (AWS error code) and HTTP status of a failed SDK call; throws if the call succeeded. */
export async function awsError(
  call: Promise<unknown>,
): Promise<{ code: string; status: number | undefined; message: string }> {
  try {
    await call;
  } catch (error) {
    const e = error as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { code: e.name, status: e.$metadata?.httpStatusCode, message: e.message };
  }
  throw new Error('expected the AWS call to fail, but it succeeded');
}
