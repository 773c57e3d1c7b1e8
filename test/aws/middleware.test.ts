import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as IAM from '@aws-sdk/client-iam';
import * as S3 from '@aws-sdk/client-s3';
import { FAKE_ACCOUNT, fakeClients, s3Error } from './fake-transport.ts';

const OTHER_ACCOUNT = '999988887777';
const ownerHeader = (request: { headers: Record<string, string> }) => request.headers['x-amz-expected-bucket-owner'];

describe('ExpectedBucketOwner middleware', () => {
  it("adds the config's account to every S3 call on a bucket or object", async () => {
    const { clients, requests } = fakeClients();
    const Bucket = 'tfstate-a-111122223333';
    await clients.s3.send(new S3.GetBucketPolicyCommand({ Bucket }));
    await clients.s3.send(
      new S3.PutBucketVersioningCommand({ Bucket, VersioningConfiguration: { Status: 'Enabled' } }),
    );
    await clients.s3.send(new S3.HeadBucketCommand({ Bucket }));
    await clients.s3.send(new S3.ListObjectVersionsCommand({ Bucket }));
    await clients.s3.send(new S3.PutObjectCommand({ Bucket, Key: 'a/terraform.tfstate', Body: '{}' }));
    assert.equal(requests.length, 5);
    assert.deepEqual(requests.map(ownerHeader), Array(5).fill(FAKE_ACCOUNT));
  });

  it('overrides an explicit owner: no call can target a bucket of another account', async () => {
    const { clients, requests } = fakeClients();
    await clients.s3.send(new S3.GetBucketTaggingCommand({ Bucket: 'b', ExpectedBucketOwner: OTHER_ACCOUNT }));
    assert.equal(ownerHeader(requests[0]!), FAKE_ACCOUNT);
  });

  it('sends nothing extra on calls that take no owner (ListBuckets, CreateBucket) and they still work', async () => {
    const { clients, requests } = fakeClients((request) =>
      request.method === 'GET'
        ? { status: 200, body: '<ListAllMyBucketsResult><Buckets></Buckets></ListAllMyBucketsResult>' }
        : { status: 200 },
    );
    await clients.s3.send(new S3.ListBucketsCommand({}));
    await clients.s3.send(new S3.CreateBucketCommand({ Bucket: 'new-bucket' }));
    assert.deepEqual(requests.map(ownerHeader), [undefined, undefined]);
    assert.ok(!requests[1]!.body || !String(requests[1]!.body).includes(FAKE_ACCOUNT));
  });

  it('is not added to other services', async () => {
    const { clients, requests } = fakeClients(() => ({
      status: 200,
      body: '<GetRoleResponse><GetRoleResult><Role><RoleName>tf-a</RoleName></Role></GetRoleResult></GetRoleResponse>',
    }));
    await clients.iam.send(new IAM.GetRoleCommand({ RoleName: 'tf-a' }));
    assert.equal(ownerHeader(requests[0]!), undefined);
    assert.ok(!String(requests[0]!.body).includes('ExpectedBucketOwner'));
  });
});

describe('call statistics middleware', () => {
  it('counts calls per service and operation, with every retry attempt and final failures', async () => {
    // The first GetBucketVersioning is throttled once, then succeeds; GetBucketPolicy fails for good.
    const { clients } = fakeClients((request, index) => {
      if (request.query?.versioning !== undefined)
        return index === 0 ? s3Error(503, 'SlowDown') : { status: 200, body: '<VersioningConfiguration/>' };
      return s3Error(404, 'NoSuchBucketPolicy');
    }, 3);
    await clients.s3.send(new S3.GetBucketVersioningCommand({ Bucket: 'b' }));
    await clients.s3.send(new S3.GetBucketVersioningCommand({ Bucket: 'b' }));
    await assert.rejects(clients.s3.send(new S3.GetBucketPolicyCommand({ Bucket: 'b' })));
    assert.deepEqual(clients.stats.snapshot(), [
      { service: 's3', operation: 'GetBucketPolicy', calls: 1, attempts: 1, errors: 1 },
      { service: 's3', operation: 'GetBucketVersioning', calls: 2, attempts: 3, errors: 0 },
    ]);
    assert.equal(clients.stats.totalCalls, 3);
  });
});
