// Issue 12 §1: the boundary and the SCP that `stateward policy --kind boundary|scp` prints.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfigFile, parseConfig } from '../../src/config/load.ts';
import { evaluateRequest } from '../../src/iam/index.ts';
import { buildStateBoundary, buildStateScp } from '../../src/policy/boundary.ts';
import { policyCatalog } from '../../src/policy/catalog.ts';
import { EXAMPLE_FILE } from '../plan/fixtures.ts';

const config = loadConfigFile(EXAMPLE_FILE);
const ADMIN = 'arn:aws:iam::111122223333:role/platform-admin';
const PROJECT_ROLE = 'arn:aws:iam::111122223333:role/tf-network';

function decide(principal: string, action: string, resource: string, scpAsBoundary: boolean) {
  const document = scpAsBoundary ? buildStateScp(config) : buildStateBoundary(config);
  // An SCP only denies here; evaluated as a boundary beside an allow-all it decides the same.
  const boundary = scpAsBoundary
    ? { ...document, Statement: [{ Effect: 'Allow' as const, Action: '*', Resource: '*' }, ...document.Statement] }
    : document;
  return evaluateRequest({
    identityPolicies: [
      {
        name: 'AdministratorAccess',
        document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
      },
    ],
    permissionsBoundary: { name: 'boundary', document: boundary },
    resourceAccount: '111122223333',
    request: {
      principal: { arn: principal, accountId: '111122223333' },
      action,
      resource,
      context: { 'aws:PrincipalArn': principal },
    },
  }).decision;
}

const KEY = 'arn:aws:kms:eu-west-1:111122223333:key/0d3e1b8a-4c2f-4f57-9b4e-7a1c2d3e4f50';
const CASES: Array<[string, string]> = [
  ['s3:PutLifecycleConfiguration', 'arn:aws:s3:::tfstate-dns-111122223333'],
  ['s3:DeleteBucket', 'arn:aws:s3:::tfstate-dns-111122223333'],
  ['dynamodb:DeleteTable', 'arn:aws:dynamodb:eu-west-1:111122223333:table/terraform-locks'],
  ['dynamodb:Scan', 'arn:aws:dynamodb:eu-west-1:111122223333:table/terraform-locks'],
  ['kms:ScheduleKeyDeletion', KEY],
  ['iam:PutRolePolicy', 'arn:aws:iam::111122223333:role/tf-dns'],
  ['iam:DeleteRolePermissionsBoundary', PROJECT_ROLE],
];

test('the boundary denies every management action on the stores, tf-* roles and the keys, and allows the rest', () => {
  for (const [action, resource] of CASES)
    assert.equal(decide(PROJECT_ROLE, action, resource, false), 'ExplicitDeny', action);
  assert.equal(decide(PROJECT_ROLE, 'ec2:RunInstances', '*', false), 'Allow');
  assert.equal(decide(PROJECT_ROLE, 's3:PutLifecycleConfiguration', 'arn:aws:s3:::app-assets', false), 'Allow');
});

test('the SCP denies the same to project roles and spares the admins', () => {
  for (const [action, resource] of CASES) {
    assert.equal(decide(PROJECT_ROLE, action, resource, true), 'ExplicitDeny', action);
    assert.equal(decide(ADMIN, action, resource, true), 'Allow', `admin ${action}`);
  }
});

test('policy --kind boundary and --kind scp are in the catalog, within their quotas', () => {
  for (const kind of ['boundary', 'scp'] as const) {
    const [entry] = policyCatalog(config, { kind });
    assert.ok(entry && entry.size <= entry.limit, kind);
  }
  // No admins: the SCP keeps tf-* roles out instead of sparing named principals.
  const bare = parseConfig(
    'version: 1\naccount: "111122223333"\nregion: eu-west-1\ngithub: { org: acme }\nprojects: [{ name: a }]\n',
    'bare.yaml',
  );
  assert.deepEqual(buildStateScp(bare).Statement[0]!.Condition, {
    ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/tf-*' },
  });
});
