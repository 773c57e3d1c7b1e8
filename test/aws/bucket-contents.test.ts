// What an adopted bucket holds, read through the SDK against a fake transport: every page counted, state
// files named, a listing cut off after ten pages said to be incomplete, and a refused listing left unknown.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLimiter } from '../../src/aws/limit.ts';
import { readBucketContents } from '../../src/aws/observe/bucket-contents.ts';
import { createReader } from '../../src/aws/observe/read.ts';
import { fakeClients, s3Error } from './fake-transport.ts';

const page = (keys: string[], next?: string) => ({
  status: 200,
  headers: { 'content-type': 'application/xml' },
  body: `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult><Name>b</Name><KeyCount>${keys.length}</KeyCount><IsTruncated>${next ? 'true' : 'false'}</IsTruncated>${next ? `<NextContinuationToken>${next}</NextContinuationToken>` : ''}${keys.map((k) => `<Contents><Key>${k}</Key><Size>1</Size></Contents>`).join('')}</ListBucketResult>`,
});
const read = (answer: Parameters<typeof fakeClients>[0]) =>
  readBucketContents(createReader(fakeClients(answer).clients, createLimiter(1)), 'tfstate-a-111122223333');

test('every page is counted and the state files named', async () => {
  const contents = await read((_r, i) =>
    i === 0 ? page(['a/terraform.tfstate', 'logs/x'], 't1') : page(['env:/dev/a/terraform.tfstate']),
  );
  assert.deepEqual(contents, {
    objects: 3,
    stateKeys: ['a/terraform.tfstate', 'env:/dev/a/terraform.tfstate'],
    complete: true,
  });
});

test('after ten pages the listing stops and says it is incomplete', async () => {
  const contents = await read((_r, i) => page([`k${i}`], `t${i}`));
  assert.deepEqual(contents, { objects: 10, stateKeys: [], complete: false });
});

test('a refused listing leaves the contents unknown instead of failing the plan', async () => {
  const contents = await read(() => s3Error(403, 'AccessDenied', 'fenced'));
  assert.equal(contents.denied, true);
});
