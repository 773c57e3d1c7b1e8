// For any names, Terraform's requests stay inside the target: its bucket, its lock table, its KMS key.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { requestsFor } from '../../src/backend/index.ts';
import type { BackendOperation, BackendTarget } from '../../src/backend/types.ts';

const segment = fc
  .stringMatching(/^[a-z0-9][a-z0-9_.-]{0,11}$/)
  .filter((s) => s !== '.' && s !== '..' && !s.startsWith('..'));
const path = fc.array(segment, { minLength: 1, maxLength: 4 }).map((parts) => parts.join('/'));
const bucket = fc.stringMatching(/^[a-z0-9][a-z0-9-]{1,40}[a-z0-9]$/);
const workspace = fc.option(
  fc.stringMatching(/^[A-Za-z0-9_-]{1,16}$/).filter((w) => w !== 'default'),
  { nil: undefined },
);
const prefix = fc.option(fc.oneof(fc.constant(''), path), { nil: undefined });
const encryption = fc.option(
  fc.oneof(
    fc.constant({ type: 'sse-s3' as const }),
    fc.constant({ type: 'sse-kms' as const, kmsKeyArn: 'arn:aws:kms:eu-west-1:111122223333:key/k-1' }),
  ),
  { nil: undefined },
);

const target: fc.Arbitrary<BackendTarget> = fc.record({
  bucket,
  key: path,
  region: fc.constantFrom('eu-west-1', 'us-east-1', 'ap-southeast-2'),
  account: fc.stringMatching(/^[0-9]{12}$/),
  workspace,
  workspaceKeyPrefix: prefix,
  locking: fc.constantFrom('lockfile' as const, 'dynamodb' as const, 'both' as const),
  lockTable: fc.option(fc.stringMatching(/^[A-Za-z0-9_.-]{3,20}$/), { nil: undefined }),
  encryption,
});

const OPERATIONS: BackendOperation[] = ['read', 'plan', 'apply', 'workspace-new', 'workspace-delete', 'force-unlock'];

/** Terraform's layout, written out plainly for names without '.', '..' or empty segments. */
function expectedStateKey(t: BackendTarget): string {
  if (t.workspace === undefined) return t.key;
  const wkp = t.workspaceKeyPrefix ?? 'env:';
  return wkp === '' ? `${t.workspace}/${t.key}` : `${wkp}/${t.workspace}/${t.key}`;
}

function operationsFor(t: BackendTarget): BackendOperation[] {
  return t.workspace === undefined ? OPERATIONS.filter((o) => !o.startsWith('workspace-')) : OPERATIONS;
}

test('every request stays on the target bucket, its own state and lock objects, its lock items, table and key', () => {
  fc.assert(
    fc.property(target, fc.boolean(), (t, stateExists) => {
      const stateKey = expectedStateKey(t);
      const bucketArn = `arn:aws:s3:::${t.bucket}`;
      const objects = new Set([`${bucketArn}/${stateKey}`, `${bucketArn}/${stateKey}.tflock`]);
      const tableArn = `arn:aws:dynamodb:${t.region}:${t.account}:table/${t.lockTable ?? 'terraform-locks'}`;
      const items = new Set([`${t.bucket}/${stateKey}`, `${t.bucket}/${stateKey}-md5`]);
      for (const operation of operationsFor(t)) {
        for (const r of requestsFor(operation, t, { stateExists })) {
          if (r.action.startsWith('s3:'))
            assert.ok(r.resource === bucketArn || objects.has(r.resource), `${operation}: ${r.api} on ${r.resource}`);
          if (r.action.startsWith('dynamodb:')) {
            assert.equal(r.resource, tableArn);
            for (const id of r.context['dynamodb:LeadingKeys'] as string[])
              assert.ok(items.has(id), `${operation}: LockID ${id}`);
          }
          if (r.action.startsWith('kms:')) {
            assert.ok(t.encryption?.type === 'sse-kms' && r.resource === t.encryption.kmsKeyArn);
            assert.ok(objects.has(r.context['kms:EncryptionContext:aws:s3:arn'] as string));
          }
          if (r.whenStateMissing) assert.equal(r.whenStateMissing.alsoNeeds.resource, bucketArn);
        }
      }
    }),
    { numRuns: 300 },
  );
});

test('the lock is always the state key + .tflock, taken with If-None-Match, and a named workspace is under the listed prefix', () => {
  fc.assert(
    fc.property(target, (t) => {
      const stateKey = expectedStateKey(t);
      for (const operation of operationsFor(t)) {
        const requests = requestsFor(operation, t);
        const lockWrites = requests.filter((r) => r.api === 'PutObject' && r.context['s3:if-none-match'] === '*');
        if (t.locking !== 'dynamodb' && operation !== 'read' && operation !== 'force-unlock')
          assert.equal(lockWrites.length, 1, operation);
        for (const lock of lockWrites) assert.equal(lock.resource, `arn:aws:s3:::${t.bucket}/${stateKey}.tflock`);
        for (const r of requests.filter((x) => x.resource.endsWith('.tflock')))
          assert.equal(r.resource, `arn:aws:s3:::${t.bucket}/${stateKey}.tflock`);
        const prefix = requests.find((r) => r.api === 'ListObjectsV2')?.context['s3:prefix'];
        assert.equal(typeof prefix, 'string');
        if (t.workspace !== undefined)
          assert.ok(stateKey.startsWith(prefix as string), `${stateKey} not under ${String(prefix)}`);
      }
    }),
    { numRuns: 300 },
  );
});
