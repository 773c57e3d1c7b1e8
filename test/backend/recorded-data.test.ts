import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { REPO_ROOT, reference } from './reference.ts';

test('src/backend/recorded-requests.json is exactly what the extractor makes of the recorded reference', () => {
  reference(); // fails with a clear message when the recording is missing
  const run = spawnSync(process.execPath, ['scripts/extract-backend-requests.mjs', '--stdout'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  });
  assert.equal(run.status, 0, `extractor failed: ${run.stderr}`);
  const committed = readFileSync(`${REPO_ROOT}src/backend/recorded-requests.json`, 'utf8');
  assert.ok(
    committed === run.stdout,
    'src/backend/recorded-requests.json is out of date with test/backend/reference: run `node scripts/extract-backend-requests.mjs` and commit the result',
  );
});

test('the data file carries no name from the reference run, only placeholders', () => {
  const { meta } = reference();
  const committed = readFileSync(`${REPO_ROOT}src/backend/recorded-requests.json`, 'utf8');
  const modes = committed.slice(committed.indexOf('"modes"'));
  for (const name of [
    meta.key,
    `arn:aws:s3:::${meta.bucket}`,
    `"${meta.bucket}/`,
    `table/${meta.dynamodbTable}`,
    meta.region,
    'env:/',
  ]) {
    assert.ok(!modes.includes(name), `recorded-requests.json still contains ${name}`);
  }
});
