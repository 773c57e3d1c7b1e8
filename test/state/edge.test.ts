// The SDK edge's pure-ish parts: the fence-aware AccessDenied message and the byte budget of history.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { createByteBudget } from '../../src/aws/state/byte-budget.ts';
import { translateStateError } from '../../src/aws/state/errors.ts';

const EDGE = { account: '123456789012', region: 'eu-west-1' } as Parameters<typeof translateStateError>[1];

function deniedS3(operation: string, input: Record<string, unknown>): Error {
  // What S3 answers when a bucket-policy Deny matches: 403 with an empty body (docs/moto-notes.md).
  const error = Object.assign(new Error('UnknownError'), { name: 'Unknown', $metadata: { httpStatusCode: 403 } });
  Object.defineProperty(error, Symbol.for('stateward.awsCall'), { value: { service: 's3', operation, input } });
  return error;
}

describe('translateStateError', () => {
  it('names the fence, the principal the command needs, and the fix, for a denied object read', () => {
    const error = translateStateError(
      deniedS3('GetObject', { Bucket: 'tfstate-web-123456789012', Key: 'web/terraform.tfstate', VersionId: 'v1' }),
      EDGE,
      { command: 'history', project: 'web' },
    );
    assert.equal(error.code, 'STATE_ACCESS_DENIED');
    assert.match(error.message, /s3:GetObject on arn:aws:s3:::tfstate-web-123456789012\/web\/terraform.tfstate/);
    assert.match(error.message, /Sid prefix StatewardFence/);
    assert.match(error.message, /stateward history` needs an IAM principal listed in `admins`/);
    assert.match(error.message, /s3:GetObjectVersion/);
    assert.match(error.fix, /admin listed in `admins`/);
    assert.match(error.fix, /tf-web passes the fence/);
  });

  it('tells unlock that tf-<project> itself is enough', () => {
    const error = translateStateError(
      deniedS3('DeleteObject', { Bucket: 'b', Key: 'web/terraform.tfstate.tflock' }),
      EDGE,
      { command: 'unlock', project: 'web' },
    );
    assert.match(error.fix, /^Run as tf-web .* or as an admin listed in `admins`/);
  });

  it('leaves other errors as the general translation made them', () => {
    const error = Object.assign(new Error('nope'), { name: 'NoSuchBucket', $metadata: { httpStatusCode: 404 } });
    Object.defineProperty(error, Symbol.for('stateward.awsCall'), {
      value: { service: 's3', operation: 'ListObjectsV2', input: { Bucket: 'b' } },
    });
    assert.equal(translateStateError(error, EDGE, { command: 'locks' }).code, 'AWS_NO_SUCH_BUCKET');
  });
});

describe('createByteBudget', () => {
  it('never holds more than the budget in flight (one oversized body alone aside) nor more tasks than allowed', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 300 }), { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 50, max: 400 }),
        fc.integer({ min: 1, max: 5 }),
        async (sizes, maxBytes, maxTasks) => {
          const budget = createByteBudget(maxBytes, maxTasks);
          let bytes = 0;
          let tasks = 0;
          const done = await Promise.all(
            sizes.map((size, i) =>
              budget(size, async () => {
                bytes += size;
                tasks += 1;
                assert.ok(tasks <= maxTasks, `${tasks} tasks`);
                assert.ok(tasks === 1 || bytes <= maxBytes, `${bytes} bytes in ${tasks} tasks`);
                await new Promise((resolve) => setImmediate(resolve));
                bytes -= size;
                tasks -= 1;
                return i;
              }),
            ),
          );
          assert.deepEqual(
            done,
            sizes.map((_, i) => i),
          );
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('sseParams', () => {
  it('sends what `encrypt = true` makes terraform send: AES256 for sse-s3, aws:kms with the key for sse-kms', async () => {
    const { sseParams } = await import('../../src/aws/state/lock-object.ts');
    assert.deepEqual(sseParams({ type: 'sse-s3' }), { ServerSideEncryption: 'AES256' });
    const key = 'arn:aws:kms:eu-west-1:123456789012:key/0d3e1b8a-4c2f-4f57-9b4e-7a1c2d3e4f50';
    assert.deepEqual(sseParams({ type: 'sse-kms', kmsKeyArn: key }), {
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: key,
    });
    assert.deepEqual(sseParams(undefined), {});
  });
});
