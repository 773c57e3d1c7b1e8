// A limit per service: S3 reads are not held behind IAM's small limit, and each service's calls in flight
// stay under its own bound.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as IAM from '@aws-sdk/client-iam';
import * as S3 from '@aws-sdk/client-s3';
import { createReader } from '../../src/aws/observe/read.ts';
import { serviceLimiters } from '../../src/aws/service-limits.ts';
import { fakeClients } from './fake-transport.ts';

describe('service limits', () => {
  it('bounds each service on its own: 2 IAM calls in flight at most while 6 S3 calls run together', async () => {
    const inFlight = { iam: 0, s3: 0 };
    const peak = { iam: 0, s3: 0 };
    const waiting: Array<() => void> = [];
    const { clients } = fakeClients();
    // The clients share one fake transport; it holds every request until the test lets them all go.
    const handler = clients.s3.config.requestHandler as { handle: (r: { body?: unknown }) => Promise<unknown> };
    const answer = handler.handle.bind(handler);
    handler.handle = async (request) => {
      const service = /Action=/.test(String(request.body ?? '')) ? 'iam' : 's3';
      inFlight[service] += 1;
      peak[service] = Math.max(peak[service], inFlight[service]);
      await new Promise<void>((resolve) => waiting.push(resolve));
      inFlight[service] -= 1;
      return answer(request);
    };
    const reader = createReader(clients, serviceLimiters({ s3: 6, iam: 2, sts: 1, dynamodb: 1, costExplorer: 1 }));
    const calls = [
      ...Array.from({ length: 5 }, () =>
        reader.read((c) => c.iam.send(new IAM.GetRoleCommand({ RoleName: 'tf-a' })), ['NoSuchEntity']),
      ),
      ...Array.from({ length: 10 }, () =>
        reader.read((c) => c.s3.send(new S3.GetBucketVersioningCommand({ Bucket: 'b' }))),
      ),
    ];
    const all = Promise.allSettled(calls);
    for (let round = 0; round < 20; round++) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      for (const release of waiting.splice(0)) release();
    }
    await all;
    assert.deepEqual(peak, { iam: 2, s3: 6 });
  });
});
