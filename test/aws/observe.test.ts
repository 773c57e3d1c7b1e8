import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as S3 from '@aws-sdk/client-s3';
import { parseIamDocument } from '../../src/aws/documents.ts';
import { createLimiter } from '../../src/aws/limit.ts';
import { bucketStatus, observeBucket } from '../../src/aws/observe/buckets.ts';
import { createReader } from '../../src/aws/observe/read.ts';
import { type FakeResponse, fakeClients, s3Error } from './fake-transport.ts';

const readerAnswering = (answer: () => FakeResponse) => createReader(fakeClients(answer).clients, createLimiter(8));

/** HeadBucket gets `head`; ListBuckets lists `listed` (the account's buckets as listed now). */
const readerWith = (head: FakeResponse, listed: string[]) =>
  createReader(
    fakeClients((request) =>
      request.method === 'HEAD'
        ? head
        : {
            status: 200,
            headers: { 'content-type': 'application/xml' },
            body: `<ListAllMyBucketsResult><Buckets>${listed.map((n) => `<Bucket><Name>${n}</Name></Bucket>`).join('')}</Buckets></ListAllMyBucketsResult>`,
          },
    ).clients,
    createLimiter(8),
  );

describe('observe: reading the live account', () => {
  it('an unset setting reads as absent, but a denied read is an error, never "absent"', async () => {
    const policy = (reader: ReturnType<typeof readerAnswering>) =>
      reader.read((c) => c.s3.send(new S3.GetBucketPolicyCommand({ Bucket: 'b' })), ['NoSuchBucketPolicy']);
    assert.equal(await policy(readerAnswering(() => s3Error(404, 'NoSuchBucketPolicy'))), undefined);
    await assert.rejects(policy(readerAnswering(() => s3Error(403, 'AccessDenied'))), { code: 'AWS_ACCESS_DENIED' });
    await assert.rejects(policy(readerAnswering(() => s3Error(404, 'NoSuchBucket'))), { code: 'AWS_NO_SUCH_BUCKET' });
  });

  it("a bucket not in the account's list is absent on 404, another account's on 200 or 403, and an error otherwise", async () => {
    const status = async (response: FakeResponse) =>
      (await observeBucket(readerWith(response, []), 'tfstate-x-111122223333', new Map())).status;
    assert.equal(await status({ status: 404 }), 'absent');
    assert.equal(await status({ status: 403 }), 'foreign');
    assert.equal(await status({ status: 200 }), 'foreign');
    await assert.rejects(status({ status: 400 }), { code: 'AWS_REQUEST_FAILED' });
  });

  it('a bucket another apply of this account created after the list was read is ours, not foreign', async () => {
    const name = 'tfstate-x-111122223333';
    assert.equal(await bucketStatus(readerWith({ status: 200 }, [name]), name, new Map()), 'present');
  });

  it('IAM documents are URL-decoded, a lone statement object becomes a list, and garbage is a clear error', () => {
    const document = {
      Version: '2012-10-17',
      Statement: {
        Effect: 'Allow',
        Action: 's3:GetObject',
        Resource: 'arn:aws:s3:::a b/*',
        Condition: { StringLike: { 'aws:userid': 'x+y&z' } },
      },
    };
    const parsed = parseIamDocument(encodeURIComponent(JSON.stringify(document)), 'trust policy of role tf-a');
    assert.deepEqual(parsed, { ...document, Statement: [document.Statement] });
    assert.deepEqual(parseIamDocument(JSON.stringify(document), 'x').Statement.length, 1);
    assert.throws(
      () => parseIamDocument('%7Bnot-json', 'inline policy p of role tf-a'),
      (error: { code: string; message: string }) =>
        error.code === 'AWS_UNREADABLE_POLICY' && /inline policy p of role tf-a/.test(error.message),
    );
  });
});
