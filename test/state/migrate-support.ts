// For the migrate e2e tests: a seed-001-style account (one shared bucket, one DynamoDB lock table, one key
// per repo) filled by real terraform, and byte snapshots of what the migration must leave untouched.
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { AwsClients } from '../support/aws.ts';
import type { Moto } from '../support/moto.ts';
import { type TerraformProject, terraformProject } from '../support/terraform.ts';

export const SHARED_BUCKET = 'svc-plus-iac-state';
export const SHARED_TABLE = 'svc-plus-iac-state-dynamodb-lock';

/** A repo on the shared backend, as seed 001 sets it up: `dynamodb_table` locking, key `envs/<repo>/...`. */
export async function sharedRepo(moto: Moto, repo: string): Promise<TerraformProject> {
  const tf = terraformProject({
    moto,
    bucket: SHARED_BUCKET,
    key: sharedKey(repo),
    locking: 'dynamodb',
    dynamodbTable: SHARED_TABLE,
  });
  await tf.init();
  return tf;
}

export const sharedKey = (repo: string) => `envs/${repo}/terraform.tfstate`;

/** Every object of the bucket and every item of the table, as exact bytes / JSON, to compare before and after. */
export async function snapshotSource(aws: AwsClients): Promise<{ objects: Record<string, string>; items: string[] }> {
  const listing = await aws.s3.send(new ListObjectsV2Command({ Bucket: SHARED_BUCKET }));
  const objects: Record<string, string> = {};
  for (const { Key } of listing.Contents ?? []) {
    const body = await aws.s3.send(new GetObjectCommand({ Bucket: SHARED_BUCKET, Key }));
    objects[Key as string] = Buffer.from((await body.Body?.transformToByteArray()) ?? []).toString('base64');
  }
  const scan = await aws.dynamodb.send(new ScanCommand({ TableName: SHARED_TABLE }));
  const items = (scan.Items ?? []).map((item) => JSON.stringify(item)).sort();
  return { objects, items };
}
