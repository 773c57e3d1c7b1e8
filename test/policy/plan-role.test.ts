// Issue 12 §4, on the evaluator: the apply role's trust refuses a pull request's token and the plan role's
// takes it; the plan role reads and locks its state but cannot write it, even holding AdministratorAccess.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseConfig } from '../../src/config/load.ts';
import { buildDesired } from '../../src/desired/build.ts';
import type { ContextValue, NamedPolicy } from '../../src/iam/index.ts';
import { evaluateRequest, evaluateTrust, statementLabel } from '../../src/iam/index.ts';
import type { DesiredProject, DesiredRole } from '../../src/model/types.ts';

const ACCOUNT = '111122223333';
const config = parseConfig(
  `version: 1
account: "${ACCOUNT}"
region: eu-west-1
github: { org: acme }
humans: [alice]
admins: ["arn:aws:iam::${ACCOUNT}:role/platform-admin"]
projects:
  - name: net
    locking: both
    githubEnvironments: [production]
  - name: app
    reads: [net]
`,
  'stateward.yaml',
);
const desired = buildDesired(config);
const project = (name: string): DesiredProject => desired.projects.find((p) => p.name === name)!;
const ADMINISTRATOR: NamedPolicy = {
  name: 'AdministratorAccess',
  document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
};
const policiesOf = (role: DesiredRole): NamedPolicy[] =>
  Object.entries(role.inlinePolicies).map(([name, document]) => ({ name, document }));

function token(role: DesiredRole, subject: string): string {
  return evaluateTrust({
    trustPolicy: { name: `${role.name} trust`, document: role.trust },
    request: {
      principal: {
        arn: `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`,
        accountId: ACCOUNT,
      },
      action: 'sts:AssumeRoleWithWebIdentity',
      resource: role.arn,
      context: {
        'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
        'token.actions.githubusercontent.com:sub': subject,
      },
    },
  }).decision;
}

test("the apply role's trust refuses a pull request's token; the plan role's takes only that one", () => {
  const net = project('net');
  const repo = 'repo:acme/terraform-net';
  assert.equal(token(net.role, `${repo}:pull_request`), 'ImplicitDeny');
  assert.equal(token(net.role, `${repo}:ref:refs/heads/feature`), 'ImplicitDeny');
  assert.equal(token(net.role, `${repo}:ref:refs/heads/main`), 'Allow');
  assert.equal(token(net.role, `${repo}:environment:production`), 'Allow');
  assert.equal(token(net.role, `${repo}:environment:staging`), 'ImplicitDeny');
  assert.equal(token(net.planRole!, `${repo}:pull_request`), 'Allow');
  assert.equal(token(net.planRole!, `${repo}:ref:refs/heads/main`), 'ImplicitDeny');
  assert.equal(token(net.planRole!, 'repo:acme/terraform-app:pull_request'), 'ImplicitDeny');
});

/** A request by a session of `role` on a bucket object, holding `extra` besides the role's own policies. */
function s3(role: DesiredRole, owner: string, action: string, key: string, extra: NamedPolicy[] = [], ctx = {}) {
  const bucket = project(owner).bucket;
  const context: Record<string, ContextValue> = {
    'aws:PrincipalArn': role.arn,
    'aws:SecureTransport': true,
    's3:ResourceAccount': ACCOUNT,
    ...ctx,
  };
  return evaluateRequest({
    identityPolicies: [...policiesOf(role), ...extra],
    resourcePolicy: { name: `${bucket.name} policy`, document: bucket.policy },
    resourceAccount: ACCOUNT,
    request: {
      principal: { arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${role.name}/gha`, accountId: ACCOUNT },
      action,
      resource: `${bucket.arn}/${key}`,
      context,
    },
  });
}

test('the plan role reads its state and takes the lock file, and cannot write the state, even with AdministratorAccess', () => {
  const plan = project('net').planRole!;
  for (const extra of [[], [ADMINISTRATOR]]) {
    const what = extra.length ? ' with AdministratorAccess' : '';
    assert.equal(s3(plan, 'net', 's3:GetObject', 'net/terraform.tfstate', extra).decision, 'Allow', `read${what}`);
    const lock = s3(plan, 'net', 's3:PutObject', 'net/terraform.tfstate.tflock', extra, { 's3:if-none-match': '*' });
    assert.equal(lock.decision, 'Allow', `lock${what}`);
    assert.equal(s3(plan, 'net', 's3:DeleteObject', 'net/terraform.tfstate.tflock', extra).decision, 'Allow');
    for (const action of ['s3:PutObject', 's3:DeleteObject']) {
      const write = s3(plan, 'net', action, 'net/terraform.tfstate', extra);
      assert.notEqual(write.decision, 'Allow', `${action}${what}`);
    }
  }
  const fenced = s3(plan, 'net', 's3:PutObject', 'net/terraform.tfstate', [ADMINISTRATOR]);
  assert.equal(fenced.decision, 'ExplicitDeny');
  assert.deepEqual(fenced.statements.map(statementLabel), [
    'tfstate-net-111122223333 policy/StatewardFencePlanRoleLockFilesOnly',
  ]);
  const bypass = s3(plan, 'net', 's3:PutObjectAcl', 'net/terraform.tfstate.tflock', [ADMINISTRATOR]);
  assert.equal(bypass.decision, 'ExplicitDeny', 'nothing but get, put and delete, even on a lock file');
});

test("a plan role reads the states its project reads, and touches no other project's state", () => {
  const appPlan = project('app').planRole!;
  assert.equal(s3(appPlan, 'net', 's3:GetObject', 'net/terraform.tfstate').decision, 'Allow');
  for (const extra of [[], [ADMINISTRATOR]]) {
    for (const [action, key] of [
      ['s3:PutObject', 'net/terraform.tfstate'],
      ['s3:PutObject', 'net/terraform.tfstate.tflock'],
      ['s3:DeleteObject', 'net/terraform.tfstate.tflock'],
    ] as const)
      assert.notEqual(s3(appPlan, 'net', action, key, extra, { 's3:if-none-match': '*' }).decision, 'Allow', key);
  }
  const netPlan = project('net').planRole!;
  assert.equal(s3(netPlan, 'app', 's3:GetObject', 'app/terraform.tfstate', [ADMINISTRATOR]).decision, 'ExplicitDeny');
});

function dynamodb(role: DesiredRole, action: string, lockId: string, attributes: string[], extra: NamedPolicy[]) {
  const table = desired.shared.lockTable!;
  return evaluateRequest({
    identityPolicies: [...policiesOf(role), ...extra],
    resourcePolicy: { name: 'lock table policy', document: table.policy! },
    request: {
      principal: { arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${role.name}/gha`, accountId: ACCOUNT },
      action,
      resource: table.arn,
      context: {
        'aws:PrincipalArn': role.arn,
        'dynamodb:LeadingKeys': [lockId],
        ...(attributes.length ? { 'dynamodb:Attributes': attributes } : {}),
      },
    },
  }).decision;
}

test('in the lock table the plan role takes and releases the lock and reads the digest, and never writes the digest', () => {
  const plan = project('net').planRole!;
  const lock = 'tfstate-net-111122223333/net/terraform.tfstate';
  for (const extra of [[], [ADMINISTRATOR]]) {
    assert.equal(dynamodb(plan, 'dynamodb:PutItem', lock, ['LockID', 'Info'], extra), 'Allow');
    assert.equal(dynamodb(plan, 'dynamodb:DeleteItem', lock, [], extra), 'Allow');
    assert.equal(dynamodb(plan, 'dynamodb:GetItem', `${lock}-md5`, ['LockID', 'Digest'], extra), 'Allow');
    assert.notEqual(dynamodb(plan, 'dynamodb:PutItem', `${lock}-md5`, ['LockID', 'Digest'], extra), 'Allow');
    assert.notEqual(dynamodb(plan, 'dynamodb:DeleteItem', `${lock}-md5`, [], extra), 'Allow');
  }
  assert.equal(dynamodb(plan, 'dynamodb:UpdateItem', lock, ['Info'], [ADMINISTRATOR]), 'ExplicitDeny');
  // The apply role still writes its digest.
  assert.equal(dynamodb(project('net').role, 'dynamodb:PutItem', `${lock}-md5`, ['LockID', 'Digest'], []), 'Allow');
});

test('the opt-out: no plan role, and the apply role takes every workflow of the repo', () => {
  const optedOut = buildDesired(
    parseConfig(
      `version: 1\naccount: "${ACCOUNT}"\nregion: eu-west-1\ngithub: { org: acme }\nprojects:\n  - name: net\n    allowPullRequestApply: true\n`,
      'stateward.yaml',
    ),
  ).projects[0]!;
  assert.equal(optedOut.planRole, undefined);
  assert.equal(token(optedOut.role, 'repo:acme/terraform-net:pull_request'), 'Allow');
  assert.ok(!JSON.stringify(optedOut.bucket.policy).includes('.plan'));
});
