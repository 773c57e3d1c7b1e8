// One account observed both ways: role by role (GetRole, ListRolePolicies, GetRolePolicy,
// ListAttachedRolePolicies, and the group's own reads) and from the account-level read
// (GetAccountAuthorizationDetails). Users would notice a difference as a different plan, so the snapshots and
// the plans must be identical, drift included: extra inline policies, an attached policy, a boundary, tags, a
// longer session, a deleted role, a hand-made group policy.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as IAM from '@aws-sdk/client-iam';
import { createAwsClients, destroyAwsClients, type AwsClients as StatewardClients } from '../../src/aws/clients.ts';
import { applyPlan } from '../../src/aws/execute/apply-plan.ts';
import { observe } from '../../src/aws/observe/index.ts';
import { loadConfigFile } from '../../src/config/load.ts';
import { buildDesired } from '../../src/desired/build.ts';
import type { Desired } from '../../src/model/types.ts';
import { diff } from '../../src/plan/diff.ts';
import { writeConfig } from '../aws/e2e-cli.ts';
import { awsClients } from '../support/aws.ts';
import { TEST_ACCESS_KEY_ID, TEST_SECRET_ACCESS_KEY } from '../support/aws-env.ts';
import { type Moto, startMoto, TEST_ACCOUNT_ID, TEST_REGION } from '../support/moto.ts';

const document = (Action: string) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action, Resource: '*' }] });

describe('observe: per-role reads and the account-level read see the same account', () => {
  let moto: Moto;
  let desired: Desired;
  const opened: StatewardClients[] = [];
  const clients = () => {
    const made = createAwsClients({
      account: TEST_ACCOUNT_ID,
      region: TEST_REGION,
      endpointUrl: moto.endpoint,
      credentials: { accessKeyId: TEST_ACCESS_KEY_ID, secretAccessKey: TEST_SECRET_ACCESS_KEY },
    });
    opened.push(made);
    return made;
  };

  before(async () => {
    moto = await startMoto();
    const { iam } = awsClients(moto);
    for (const UserName of ['alice', 'bob']) await iam.send(new IAM.CreateUserCommand({ UserName }));
    const config = loadConfigFile(
      writeConfig([{ name: 'app' }, { name: 'web', locking: 'dynamodb' }, { name: 'db' }, { name: 'gone' }]),
    );
    desired = buildDesired(config);
    const setup = clients();
    const applied = await applyPlan(diff(desired, await observe(desired, setup)), setup);
    assert.deepEqual(
      applied.failed.map((f) => f.error.message),
      [],
    );

    // Drift behind stateward's back.
    const extra = await iam.send(
      new IAM.CreatePolicyCommand({ PolicyName: 'hand-made', PolicyDocument: document('s3:ListBucket') }),
    );
    const extraArn = extra.Policy!.Arn!;
    await iam.send(
      new IAM.PutRolePolicyCommand({ RoleName: 'tf-app', PolicyName: 'zz-late', PolicyDocument: document('s3:*') }),
    );
    await iam.send(
      new IAM.PutRolePolicyCommand({ RoleName: 'tf-app', PolicyName: 'Aa-early', PolicyDocument: document('sqs:*') }),
    );
    await iam.send(new IAM.AttachRolePolicyCommand({ RoleName: 'tf-app', PolicyArn: extraArn }));
    await iam.send(new IAM.PutRolePermissionsBoundaryCommand({ RoleName: 'tf-web', PermissionsBoundary: extraArn }));
    await iam.send(new IAM.TagRoleCommand({ RoleName: 'tf-web', Tags: [{ Key: 'Owner', Value: 'someone else' }] }));
    await iam.send(new IAM.UpdateRoleCommand({ RoleName: 'tf-db', MaxSessionDuration: 7200 }));
    const inline = await iam.send(new IAM.ListRolePoliciesCommand({ RoleName: 'tf-gone' }));
    for (const PolicyName of inline.PolicyNames ?? [])
      await iam.send(new IAM.DeleteRolePolicyCommand({ RoleName: 'tf-gone', PolicyName }));
    await iam.send(new IAM.DeleteRoleCommand({ RoleName: 'tf-gone' }));
    const trust = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    });
    for (const RoleName of ['tf-orphan', 'someone-elses'])
      await iam.send(new IAM.CreateRoleCommand({ RoleName, AssumeRolePolicyDocument: trust }));
    await iam.send(
      new IAM.PutGroupPolicyCommand({
        GroupName: 'tf-operators',
        PolicyName: 'hand-made',
        PolicyDocument: document('ec2:*'),
      }),
    );
    await iam.send(new IAM.AttachGroupPolicyCommand({ GroupName: 'tf-operators', PolicyArn: extraArn }));
  });
  after(async () => {
    for (const made of opened) destroyAwsClients(made);
    await moto?.stop();
  });

  it('gives the same snapshot and the same plan, with the drift in it, for a fraction of the IAM calls', async () => {
    const [perRoleClients, accountClients] = [clients(), clients()];
    const perRole = await observe(desired, perRoleClients, { roleReads: 'per-role' });
    const accountLevel = await observe(desired, accountClients, { roleReads: 'account' });
    assert.deepStrictEqual(accountLevel, perRole);
    const plan = diff(desired, accountLevel);
    assert.deepStrictEqual(plan, diff(desired, perRole));

    // The drift is in both: not two equally blind snapshots.
    const app = accountLevel.projects.find((p) => p.name === 'app')!.role;
    const inlineNames = Object.keys(app.inlinePolicies ?? {});
    assert.ok(inlineNames.includes('Aa-early') && inlineNames.includes('zz-late'), inlineNames.join(', '));
    assert.equal(app.managedPolicyArns?.length, 1);
    const web = accountLevel.projects.find((p) => p.name === 'web')!.role;
    assert.match(web.permissionsBoundary ?? '', /policy\/hand-made$/);
    assert.equal(web.tags?.Owner, 'someone else');
    assert.equal(accountLevel.projects.find((p) => p.name === 'db')!.role.maxSessionDuration, 7200);
    assert.equal(accountLevel.projects.find((p) => p.name === 'gone')!.role.status, 'absent');
    assert.deepEqual(accountLevel.orphans.roles, ['tf-orphan']);
    assert.ok(accountLevel.shared.operators.group.inlinePolicies?.some((p) => p.name === 'hand-made'));
    assert.equal(accountLevel.shared.operators.group.attachedPolicyArns?.length, 2);
    assert.ok(plan.changes.some((c) => c.resourceName === 'tf-gone' && c.action === 'create'));

    const iamCalls = (made: StatewardClients) => made.stats.snapshot().filter((o) => o.service === 'iam');
    const count = (made: StatewardClients, operation: string) =>
      iamCalls(made).find((o) => o.operation === operation)?.calls ?? 0;
    assert.equal(count(accountClients, 'GetAccountAuthorizationDetails'), 1);
    // Only the deleted role is asked for by name: a listing may lag behind IAM.
    assert.equal(count(accountClients, 'GetRole'), 1);
    // Role by role: the apply role and the plan role of each project.
    assert.equal(count(perRoleClients, 'GetRole'), desired.projects.length * 2);
  });
});
