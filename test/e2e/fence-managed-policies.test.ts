// Issue 9 end to end on moto: apply puts the bucket fence (and the lock-table fence) in place, plan is
// empty afterwards, and managed policies follow the config: attached, then detached as an access-narrowing
// change that needs no approval.
//
// Does moto enforce the fence? Only partly (docs/moto-notes.md, pinned by test/e2e/moto-behaviour.test.ts):
// it applies a bucket-policy Deny to object calls but ignores the statement's Principal and Condition, so
// it denies every caller, the project's own role included. The fence's semantics (who is exempt) are
// therefore proven by verify's evaluator (test/verify/fence-isolation.test.ts); here we assert the fence is
// in place and that moto refuses object access under it, as far as moto can say.

import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as DDB from '@aws-sdk/client-dynamodb';
import * as IAM from '@aws-sdk/client-iam';
import * as S3 from '@aws-sdk/client-s3';
import type { PolicyDocument } from '../../src/iam/document.ts';
import { bucketOf, changeIds, stateward } from '../aws/e2e-cli.ts';
import { type AwsClients, attempt, awsClients } from '../support/aws.ts';
import { type Moto, startMoto, TEST_ACCOUNT_ID } from '../support/moto.ts';

// moto loads no AWS-managed policies by default, so the infrastructure policy is a customer-managed one.
const POWER_USER = `arn:aws:iam::${TEST_ACCOUNT_ID}:policy/infra-power-user`;

function config(file: string, managed: string[]): void {
  writeFileSync(
    file,
    [
      'version: 1',
      `account: "${TEST_ACCOUNT_ID}"`,
      'region: eu-west-1',
      'github: { org: acme }',
      // apply runs as moto's default user; it must be an admin to write fences that spare only the admins.
      `admins: ["arn:aws:iam::${TEST_ACCOUNT_ID}:role/platform-admin", "arn:aws:iam::${TEST_ACCOUNT_ID}:user/moto"]`,
      'projects:',
      '  - name: infra',
      `    managedPolicies: [${managed.map((m) => `"${m}"`).join(', ')}]`,
      '  - name: app',
      '    locking: dynamodb',
      '    reads: [infra]',
      '',
    ].join('\n'),
  );
}

describe('the fence and managed policies, applied', () => {
  let moto: Moto;
  let aws: AwsClients;
  const file = join(mkdtempSync(join(tmpdir(), 'sw-fence-')), 'stateward.yaml');
  const run = (...args: string[]) => stateward(moto, ['-c', file, ...args]);

  before(async () => {
    moto = await startMoto();
    aws = awsClients(moto);
    await aws.iam.send(
      new IAM.CreatePolicyCommand({
        PolicyName: 'infra-power-user',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', NotAction: ['iam:*', 'organizations:*'], Resource: '*' }],
        }),
      }),
    );
    config(file, [POWER_USER]);
  });
  after(async () => moto?.stop());

  it('apply puts the fences in place and attaches the managed policy; the next plan is empty', async () => {
    const applied = await run('apply', '--auto-approve');
    assert.equal(applied.code, 0, applied.stderr);
    const policy = JSON.parse(
      (await aws.s3.send(new S3.GetBucketPolicyCommand({ Bucket: bucketOf('infra') }))).Policy!,
    ) as PolicyDocument;
    const sids = policy.Statement.map((s) => s.Sid);
    assert.deepEqual(sids, [
      'StatewardDenyInsecureTransport',
      'StatewardFenceStateObjects',
      'StatewardFenceListing',
      'StatewardFenceBucketManagement',
      'StatewardFenceReadersReadOnly',
      'StatewardFencePlanRoleObjects',
      'StatewardFencePlanRoleLockFilesOnly',
      'StatewardReserveBootstrap',
    ]);
    const fence = policy.Statement.find((s) => s.Sid === 'StatewardFenceStateObjects')!;
    assert.deepEqual(fence.Condition, {
      ArnNotLike: {
        'aws:PrincipalArn': [
          `arn:aws:iam::${TEST_ACCOUNT_ID}:role/platform-admin`,
          `arn:aws:iam::${TEST_ACCOUNT_ID}:role/tf-app`,
          `arn:aws:iam::${TEST_ACCOUNT_ID}:role/tf-app.plan`,
          `arn:aws:iam::${TEST_ACCOUNT_ID}:role/tf-infra`,
          `arn:aws:iam::${TEST_ACCOUNT_ID}:role/tf-infra.plan`,
          `arn:aws:iam::${TEST_ACCOUNT_ID}:user/moto`,
        ],
      },
    });
    const table = JSON.parse(
      (
        await aws.dynamodb.send(
          new DDB.GetResourcePolicyCommand({
            ResourceArn: `arn:aws:dynamodb:eu-west-1:${TEST_ACCOUNT_ID}:table/terraform-locks`,
          }),
        )
      ).Policy!,
    ) as PolicyDocument;
    assert.deepEqual(
      table.Statement.map((s) => s.Sid),
      [
        'StatewardFenceLocksApp',
        'StatewardFenceLockPlanRolesItems',
        'StatewardFenceLockPlanRolesDigests',
        'StatewardFenceLockBootstrap',
        'StatewardFenceLockTableManagement',
      ],
    );
    const attached = await aws.iam.send(new IAM.ListAttachedRolePoliciesCommand({ RoleName: 'tf-infra' }));
    assert.deepEqual(
      attached.AttachedPolicies?.map((p) => p.PolicyArn),
      [POWER_USER],
    );
    const plan = await run('plan', '--detailed-exitcode');
    assert.equal(plan.code, 0, plan.stdout + plan.stderr);
  });

  it('a managed policy that does not exist is named, with the config key to fix', async () => {
    const missing = `arn:aws:iam::${TEST_ACCOUNT_ID}:policy/does-not-exist`;
    const other = join(mkdtempSync(join(tmpdir(), 'sw-fence-')), 'stateward.yaml');
    writeFileSync(
      other,
      [
        'version: 1',
        `account: "${TEST_ACCOUNT_ID}"`,
        'region: eu-west-1',
        'github: { org: acme }',
        'projects:',
        '  - name: lonely',
        `    managedPolicies: ["${missing}"]`,
        '',
      ].join('\n'),
    );
    const applied = await stateward(moto, ['-c', other, 'apply', '--auto-approve']);
    assert.equal(applied.code, 1);
    assert.match(
      applied.stderr,
      /\[AWS_NO_SUCH_POLICY\] role\/tf-lonely\/managedPolicy\/\S+: managed policy arn:aws:iam::123456789012:policy\/does-not-exist does not exist/,
    );
    assert.match(applied.stderr, /fix: Correct the ARN under `managedPolicies`/);
  });

  it("moto refuses object access under the fence (to every caller: it ignores the fence's exemptions)", async () => {
    const put = await attempt(
      aws.s3.send(new S3.PutObjectCommand({ Bucket: bucketOf('infra'), Key: 'infra/terraform.tfstate', Body: '{}' })),
    );
    assert.equal(put.status, 403);
  });

  it('dropping the managed policy from the config plans a detach that narrows access, and apply needs no approval for it', async () => {
    config(file, []);
    const plan = await run('plan', '--json');
    assert.deepEqual(changeIds(plan.stdout), [`role/tf-infra/managedPolicy/${POWER_USER}`]);
    const change = JSON.parse(plan.stdout).changes[0];
    assert.equal(change.action, 'detach');
    assert.equal(change.broadensAccess, false);
    const applied = await run('apply');
    assert.equal(applied.code, 0, applied.stderr);
    const attached = await aws.iam.send(new IAM.ListAttachedRolePoliciesCommand({ RoleName: 'tf-infra' }));
    assert.deepEqual(attached.AttachedPolicies ?? [], []);
    assert.equal((await run('plan', '--detailed-exitcode')).code, 0);
  });

  it('turning the fence off is planned as a change that broadens access, so apply asks', async () => {
    writeFileSync(
      file,
      (await import('node:fs'))
        .readFileSync(file, 'utf8')
        .replace('  - name: infra', '  - name: infra\n    fence: false'),
    );
    const plan = await run('plan', '--json');
    const fence = JSON.parse(plan.stdout).changes.find(
      (c: { id: string }) => c.id === `bucket/${bucketOf('infra')}/policy`,
    );
    assert.equal(fence.broadensAccess, true);
    const refused = await run('apply');
    assert.equal(refused.code, 1, 'without a terminal and without --auto-approve, apply refuses');
    assert.match(refused.stderr, /--auto-approve/);
  });
});
