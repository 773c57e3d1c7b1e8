// `stateBoundary: true` against moto (issue 12, finding 1): apply creates tf-state-boundary and sets it as the
// permissions boundary of the role with managed policies only; plan is then empty and verify --live is clean.

import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as IAM from '@aws-sdk/client-iam';
import { auditJson } from '../audit/support/account.ts';
import { stateward } from '../aws/e2e-cli.ts';
import { type AwsClients, awsClients } from '../support/aws.ts';
import { type Moto, startMoto, TEST_ACCOUNT_ID, TEST_REGION } from '../support/moto.ts';

const BOUNDARY = `arn:aws:iam::${TEST_ACCOUNT_ID}:policy/tf-state-boundary`;

describe('stateBoundary: true', () => {
  let moto: Moto;
  let aws: AwsClients;
  let file: string;
  const run = (...args: string[]) => stateward(moto, ['-c', file, ...args]);

  before(async () => {
    moto = await startMoto();
    aws = awsClients(moto);
    await aws.iam.send(
      new IAM.CreatePolicyCommand({
        PolicyName: 'broad',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: ['s3:*', 'kms:*', 'dynamodb:*'], Resource: '*' }],
        }),
      }),
    );
    file = join(mkdtempSync(join(tmpdir(), 'stateward-boundary-')), 'stateward.yaml');
    writeFileSync(
      file,
      [
        'version: 1',
        `account: "${TEST_ACCOUNT_ID}"`,
        `region: ${TEST_REGION}`,
        'github: { org: acme }',
        'stateBoundary: true',
        'projects:',
        '  - name: web',
        `    managedPolicies: ["arn:aws:iam::${TEST_ACCOUNT_ID}:policy/broad"]`,
        '  - name: data',
        '',
      ].join('\n'),
    );
  });
  after(async () => moto?.stop());

  it('plan shows the policy and the boundary on the broad role; apply creates them; then plan and verify are clean', async () => {
    const planned = await run('plan', '--detailed-exitcode');
    assert.equal(planned.code, 2, planned.stderr);
    assert.match(planned.stdout, /\+ managed-policy tf-state-boundary/);
    const applied = await run('apply', '--auto-approve');
    assert.equal(applied.code, 0, applied.stderr + applied.stdout);

    const web = await aws.iam.send(new IAM.GetRoleCommand({ RoleName: 'tf-web' }));
    assert.equal(web.Role?.PermissionsBoundary?.PermissionsBoundaryArn, BOUNDARY);
    const data = await aws.iam.send(new IAM.GetRoleCommand({ RoleName: 'tf-data' }));
    assert.equal(data.Role?.PermissionsBoundary, undefined, 'a role with only its state carries none');
    const policy = await aws.iam.send(new IAM.GetPolicyCommand({ PolicyArn: BOUNDARY }));
    const version = await aws.iam.send(
      new IAM.GetPolicyVersionCommand({ PolicyArn: BOUNDARY, VersionId: policy.Policy!.DefaultVersionId! }),
    );
    const document = JSON.parse(decodeURIComponent(version.PolicyVersion!.Document!));
    assert.ok(document.Statement.some((s: { Sid?: string }) => s.Sid === 'DenyStateBucketManagement'));

    const again = await run('plan', '--detailed-exitcode');
    assert.equal(again.code, 0, again.stdout);
    const verified = await run('verify', '--live');
    assert.equal(verified.code, 0, verified.stdout + verified.stderr);
  });

  it('a boundary taken off behind our back is reported by audit (SW-FENCE-006); apply puts it back and audit is clean', async () => {
    await aws.iam.send(new IAM.DeleteRolePermissionsBoundaryCommand({ RoleName: 'tf-web' }));
    const audited = await auditJson(moto, ['-c', file]);
    assert.deepEqual(
      audited.findings.map((f) => `${f.rule} ${f.resource}`),
      [`SW-FENCE-006 arn:aws:iam::${TEST_ACCOUNT_ID}:role/tf-web`],
    );
    const applied = await run('apply', '--auto-approve');
    assert.equal(applied.code, 0, applied.stderr + applied.stdout);
    const clean = await auditJson(moto, ['-c', file]);
    assert.deepEqual(clean.findings, []);
    assert.equal(clean.code, 0);
  });
});
