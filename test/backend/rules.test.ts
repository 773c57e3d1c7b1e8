// The parts of requestsFor the emulator could not show: which denials Terraform survives, the HeadObject
// 403/404 rule on AWS, and the KMS calls S3 makes for SSE-KMS.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { requestsFor } from '../../src/backend/index.ts';
import type { BackendOperation, BackendRequest, BackendTarget } from '../../src/backend/types.ts';
import { StatewardError } from '../../src/errors.ts';

const KEY_ARN = 'arn:aws:kms:eu-west-1:111122223333:key/0b0c0d0e-1111-2222-3333-444455556666';
const base: BackendTarget = {
  bucket: 'tfstate-proxmox-111122223333',
  key: 'proxmox/terraform.tfstate',
  region: 'eu-west-1',
  account: '111122223333',
  locking: 'both',
};
const BUCKET_ARN = 'arn:aws:s3:::tfstate-proxmox-111122223333';
const STATE_ARN = `${BUCKET_ARN}/proxmox/terraform.tfstate`;

const list = (requests: BackendRequest[]) => requests.find((r) => r.api === 'ListObjectsV2');
const optional = (requests: BackendRequest[]) =>
  requests.filter((r) => r.need === 'optional').map((r) => `${r.action} ${r.purpose}`);

test('default workspace, default prefix, existing state: only the listing and the digest check may be denied', () => {
  const expected: Record<BackendOperation, string[]> = {
    read: ['s3:ListBucket workspace list', 'dynamodb:GetItem check state digest'],
    plan: ['s3:ListBucket workspace list', 'dynamodb:GetItem check state digest'],
    apply: ['s3:ListBucket workspace list', 'dynamodb:GetItem check state digest'],
    'force-unlock': ['s3:ListBucket workspace list'],
    'workspace-new': [],
    'workspace-delete': [],
  };
  for (const operation of ['read', 'plan', 'apply', 'force-unlock'] as const) {
    assert.deepEqual(optional(requestsFor(operation, base)), expected[operation], operation);
  }
});

test('workspace delete: its digest cleanup is optional, the digest write of workspace new is not', () => {
  const target = { ...base, workspace: 'staging' };
  assert.deepEqual(optional(requestsFor('workspace-delete', target)), [
    'dynamodb:GetItem check state digest',
    'dynamodb:DeleteItem delete state digest',
  ]);
  const digestWrite = requestsFor('workspace-new', target).find((r) => r.purpose === 'write state digest');
  assert.equal(digestWrite?.need, 'required');
});

test('the listing is required outside the default workspace, with any non-default prefix, and without state', () => {
  assert.equal(list(requestsFor('plan', { ...base, workspace: 'staging' }))?.need, 'required');
  assert.equal(list(requestsFor('force-unlock', { ...base, workspace: 'staging' }))?.need, 'required');
  assert.equal(list(requestsFor('read', { ...base, workspaceKeyPrefix: 'team/ws' }))?.need, 'required');
  assert.equal(list(requestsFor('read', { ...base, workspaceKeyPrefix: '' }))?.need, 'required');
  assert.equal(list(requestsFor('apply', base, { stateExists: false }))?.need, 'required');
  assert.equal(list(requestsFor('read', { ...base, workspaceKeyPrefix: 'env:' }))?.need, 'optional');
});

test('a missing state: the HeadObject also needs an unconditioned s3:ListBucket, or AWS answers 403', () => {
  for (const operation of ['read', 'plan', 'apply'] as const) {
    const heads = requestsFor(operation, base, { stateExists: false }).filter((r) => r.api === 'HeadObject');
    assert.equal(heads.length, 1, operation);
    assert.deepEqual(
      heads[0]?.whenStateMissing,
      { alsoNeeds: { action: 's3:ListBucket', resource: BUCKET_ARN, context: {} } },
      operation,
    );
    assert.equal(heads[0]?.resource, STATE_ARN);
  }
});

test('an existing state carries no missing-state rule, and nothing reads a state that is not there', () => {
  for (const operation of ['read', 'plan', 'apply', 'force-unlock'] as const) {
    assert.ok(
      requestsFor(operation, base).every((r) => r.whenStateMissing === undefined),
      operation,
    );
  }
  const fresh = requestsFor('apply', base, { stateExists: false });
  assert.ok(!fresh.some((r) => r.api === 'GetObject' && r.resource === STATE_ARN));
});

test('workspace new always heads a missing state; workspace delete and force-unlock never do', () => {
  const target = { ...base, workspace: 'staging' };
  const head = requestsFor('workspace-new', target).find((r) => r.api === 'HeadObject');
  assert.equal(head?.whenStateMissing?.alsoNeeds.action, 's3:ListBucket');
  for (const operation of ['workspace-delete', 'force-unlock'] as const) {
    assert.ok(
      requestsFor(operation, target, { stateExists: false }).every((r) => r.whenStateMissing === undefined),
      operation,
    );
  }
});

test('reading a missing named workspace writes its empty state first, as Terraform does', () => {
  const requests = requestsFor('read', { ...base, locking: 'lockfile', workspace: 'ghost' }, { stateExists: false });
  const writes = requests.filter((r) => r.action === 's3:PutObject').map((r) => r.resource);
  assert.deepEqual(writes, [
    `${BUCKET_ARN}/env:/ghost/proxmox/terraform.tfstate.tflock`,
    `${BUCKET_ARN}/env:/ghost/proxmox/terraform.tfstate`,
  ]);
});

test('identical requests appear once; distinct ones on the same resource stay', () => {
  const requests = requestsFor('workspace-new', { ...base, workspace: 'staging' });
  assert.equal(requests.filter((r) => r.api === 'ListObjectsV2').length, 1);
  assert.equal(requests.filter((r) => r.api === 'HeadObject').length, 1);
  const getItems = requests.filter((r) => r.api === 'GetItem').map((r) => r.purpose);
  assert.deepEqual(getItems, ['check state digest', 'read lock to compare its ID']);
});

test('SSE-S3: every PutObject of state and lock says AES256, and no KMS call is added', () => {
  const requests = requestsFor('apply', { ...base, encryption: { type: 'sse-s3' } });
  const puts = requests.filter((r) => r.api === 'PutObject');
  assert.equal(puts.length, 2);
  for (const put of puts) assert.equal(put.context['s3:x-amz-server-side-encryption'], 'AES256');
  assert.ok(!requests.some((r) => r.action.startsWith('kms:')));
});

test('SSE-KMS: the key id on every write, GenerateDataKey per object write, Decrypt per object read', () => {
  const requests = requestsFor('apply', {
    ...base,
    locking: 'lockfile',
    encryption: { type: 'sse-kms', kmsKeyArn: KEY_ARN },
  });
  for (const put of requests.filter((r) => r.api === 'PutObject')) {
    assert.equal(put.context['s3:x-amz-server-side-encryption'], 'aws:kms');
    assert.equal(put.context['s3:x-amz-server-side-encryption-aws-kms-key-id'], KEY_ARN);
  }
  const kms = requests.filter((r) => r.action.startsWith('kms:'));
  assert.deepEqual(
    kms.map((r) => [r.action, r.resource, r.context['kms:EncryptionContext:aws:s3:arn'], r.purpose]),
    [
      ['kms:GenerateDataKey', KEY_ARN, `${STATE_ARN}.tflock`, 'encrypt lock'],
      ['kms:Decrypt', KEY_ARN, STATE_ARN, 'decrypt state'],
      ['kms:GenerateDataKey', KEY_ARN, STATE_ARN, 'encrypt state'],
      ['kms:Decrypt', KEY_ARN, `${STATE_ARN}.tflock`, 'decrypt lock'],
    ],
  );
  for (const call of kms) assert.equal(call.context['kms:ViaService'], 's3.eu-west-1.amazonaws.com');
});

test('SSE-KMS: force-unlock only decrypts the lock; a read without state needs no key at all', () => {
  const target = { ...base, encryption: { type: 'sse-kms' as const, kmsKeyArn: KEY_ARN } };
  const unlock = requestsFor('force-unlock', target).filter((r) => r.action.startsWith('kms:'));
  assert.deepEqual(
    unlock.map((r) => r.action),
    ['kms:Decrypt'],
  );
  assert.ok(!requestsFor('read', target, { stateExists: false }).some((r) => r.action.startsWith('kms:')));
});

test('lockfile mode sends nothing to DynamoDB; dynamodb mode writes no .tflock', () => {
  const lockfile = requestsFor('apply', { ...base, locking: 'lockfile' });
  assert.ok(!lockfile.some((r) => r.action.startsWith('dynamodb:')));
  const dynamodb = requestsFor('apply', { ...base, locking: 'dynamodb' });
  assert.ok(!dynamodb.some((r) => r.resource.endsWith('.tflock')));
});

test('workspace new/delete in the default workspace is refused with a fix', () => {
  for (const operation of ['workspace-new', 'workspace-delete'] as const) {
    for (const workspace of [undefined, 'default']) {
      assert.throws(
        () => requestsFor(operation, workspace === undefined ? base : { ...base, workspace }),
        (e: unknown) =>
          e instanceof StatewardError && e.code === 'BACKEND_DEFAULT_WORKSPACE' && e.fix.includes('workspace'),
      );
    }
  }
});
