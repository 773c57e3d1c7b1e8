import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  digestItemId,
  goPathJoin,
  listPrefix,
  lockItemId,
  lockObjectKey,
  requestsFor,
  stateObjectKey,
} from '../../src/backend/index.ts';
import type { BackendTarget } from '../../src/backend/types.ts';

const base: BackendTarget = {
  bucket: 'tfstate-proxmox-111122223333',
  key: 'proxmox/terraform.tfstate',
  region: 'eu-west-1',
  account: '111122223333',
  locking: 'lockfile',
};

test('goPathJoin behaves like Go path.Join (empty elements dropped, path cleaned)', () => {
  assert.equal(goPathJoin('env:', 'X', 'a/b.tfstate'), 'env:/X/a/b.tfstate');
  assert.equal(goPathJoin('', 'X', 'a/b.tfstate'), 'X/a/b.tfstate');
  assert.equal(goPathJoin('team/ws/', 'X', 'k'), 'team/ws/X/k');
  assert.equal(goPathJoin('a//b', './c', 'd/../e'), 'a/b/c/e');
  assert.equal(goPathJoin('a', '..', '..', 'b'), '../b');
  assert.equal(goPathJoin('/a', '..', '..'), '/');
  assert.equal(goPathJoin('', ''), '');
  assert.equal(goPathJoin('a', '..'), '.');
});

test('default workspace: the state is the backend key itself, the lock sits beside it', () => {
  assert.equal(stateObjectKey(base), 'proxmox/terraform.tfstate');
  assert.equal(stateObjectKey({ ...base, workspace: 'default' }), 'proxmox/terraform.tfstate');
  assert.equal(lockObjectKey(base), 'proxmox/terraform.tfstate.tflock');
  assert.equal(lockItemId(base), 'tfstate-proxmox-111122223333/proxmox/terraform.tfstate');
  assert.equal(digestItemId(base), 'tfstate-proxmox-111122223333/proxmox/terraform.tfstate-md5');
  assert.equal(listPrefix(base), 'env:/');
});

test('named workspace under the default prefix: env:/<ws>/<key>', () => {
  const target = { ...base, workspace: 'staging' };
  assert.equal(stateObjectKey(target), 'env:/staging/proxmox/terraform.tfstate');
  assert.equal(lockObjectKey(target), 'env:/staging/proxmox/terraform.tfstate.tflock');
  assert.equal(digestItemId(target), 'tfstate-proxmox-111122223333/env:/staging/proxmox/terraform.tfstate-md5');
});

test('custom prefix team/ws: keys under team/ws/<ws>/ and the listing asks for team/ws/', () => {
  const target = { ...base, workspace: 'staging', workspaceKeyPrefix: 'team/ws' };
  assert.equal(stateObjectKey(target), 'team/ws/staging/proxmox/terraform.tfstate');
  assert.equal(listPrefix(target), 'team/ws/');
  const list = requestsFor('plan', target).find((r) => r.api === 'ListObjectsV2');
  assert.deepEqual(list?.context, { 's3:prefix': 'team/ws/', 's3:max-keys': 1000 });
  const lock = requestsFor('plan', target).find((r) => r.api === 'PutObject');
  assert.equal(
    lock?.resource,
    'arn:aws:s3:::tfstate-proxmox-111122223333/team/ws/staging/proxmox/terraform.tfstate.tflock',
  );
});

test('empty prefix: workspaces are <ws>/<key> and the listing covers the whole bucket (prefix "")', () => {
  const target = { ...base, workspace: 'staging', workspaceKeyPrefix: '' };
  assert.equal(stateObjectKey(target), 'staging/proxmox/terraform.tfstate');
  assert.equal(listPrefix(target), '');
  const list = requestsFor('read', target).find((r) => r.api === 'ListObjectsV2');
  assert.equal(list?.context['s3:prefix'], '');
});

test('the prefix only moves named workspaces: the default workspace keeps the backend key', () => {
  const target = { ...base, workspaceKeyPrefix: 'team/ws' };
  assert.equal(stateObjectKey(target), 'proxmox/terraform.tfstate');
  const head = requestsFor('read', target).find((r) => r.api === 'HeadObject');
  assert.equal(head?.resource, 'arn:aws:s3:::tfstate-proxmox-111122223333/proxmox/terraform.tfstate');
});

test('DynamoDB requests name the target table in its region and account, default terraform-locks', () => {
  const dynamo = requestsFor('plan', { ...base, locking: 'dynamodb' }).filter((r) => r.action.startsWith('dynamodb:'));
  assert.ok(dynamo.length > 0);
  for (const r of dynamo) assert.equal(r.resource, 'arn:aws:dynamodb:eu-west-1:111122223333:table/terraform-locks');
  const custom = requestsFor('plan', { ...base, locking: 'dynamodb', lockTable: 'legacy' }).find(
    (r) => r.api === 'PutItem',
  );
  assert.equal(custom?.resource, 'arn:aws:dynamodb:eu-west-1:111122223333:table/legacy');
});

test('a key containing a placeholder-like text stays literal', () => {
  const target = { ...base, key: 'odd/{bucket}/terraform.tfstate' };
  const head = requestsFor('read', target).find((r) => r.api === 'HeadObject');
  assert.equal(head?.resource, 'arn:aws:s3:::tfstate-proxmox-111122223333/odd/{bucket}/terraform.tfstate');
});
