// Adopting an account that already holds things, as issue 14 tells it: the GitHub OIDC provider with
// another client id, thumbprint and an Owner tag; a hand-made tfstate-app-<acct> bucket with another
// team's state, an Owner tag, a foreign policy statement and lifecycle rule; a role tf-app with a
// CostCenter tag and another trust; the operators' group with an extra member. After apply every foreign
// tag, statement and rule is still there, the plan is empty, and the only removal is the one the plan showed.
// Then a project is removed: its bucket and lock fence stay, and the plan says where its state is.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as DDB from '@aws-sdk/client-dynamodb';
import * as IAM from '@aws-sdk/client-iam';
import * as S3 from '@aws-sdk/client-s3';
import { bucketOf, changeIds, stateward } from '../aws/e2e-cli.ts';
import { type AwsClients, awsClients } from '../support/aws.ts';
import { type Moto, startMoto, TEST_ACCOUNT_ID, TEST_REGION } from '../support/moto.ts';

const GH = 'token.actions.githubusercontent.com';
const PROVIDER_ARN = `arn:aws:iam::${TEST_ACCOUNT_ID}:oidc-provider/${GH}`;
const THUMBPRINT = 'a'.repeat(40);
const APP_BUCKET = bucketOf('app');
const FOREIGN_STATEMENT = {
  Sid: 'DataTeamReadsItsState',
  Effect: 'Allow',
  Principal: { AWS: `arn:aws:iam::${TEST_ACCOUNT_ID}:root` },
  Action: 's3:GetObject',
  Resource: `arn:aws:s3:::${APP_BUCKET}/other-team/*`,
};
const FOREIGN_RULE = { ID: 'archive-logs', Status: 'Enabled', Filter: { Prefix: 'logs/' }, Expiration: { Days: 30 } };

function writeYaml(projects: string[]): string {
  const file = join(mkdtempSync(join(tmpdir(), 'stateward-adopt-')), 'stateward.yaml');
  const lines = [
    'version: 1',
    `account: "${TEST_ACCOUNT_ID}"`,
    `region: ${TEST_REGION}`,
    'github: { org: acme }',
    'humans: [alice, bob]',
    'tags: { Team: platform }',
    'projects:',
    '  - name: app',
    '    locking: both',
    ...projects.map((name) => `  - name: ${name}\n    locking: dynamodb`),
  ];
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

interface PlanJson {
  changes: Array<{ id: string; action: string; setting: string; old: unknown; new: unknown }>;
  notices: Array<{ level: string; project?: string; message: string }>;
}

async function prepareAccount(aws: AwsClients): Promise<void> {
  for (const UserName of ['alice', 'bob', 'carol']) await aws.iam.send(new IAM.CreateUserCommand({ UserName }));
  await aws.iam.send(
    new IAM.CreateOpenIDConnectProviderCommand({
      Url: `https://${GH}`,
      // moto has no AddClientIDToOpenIDConnectProvider (docs/moto-notes.md): ours is there already.
      ClientIDList: ['other-audience', 'sts.amazonaws.com'],
      ThumbprintList: [THUMBPRINT],
      Tags: [{ Key: 'Owner', Value: 'security-team' }],
    }),
  );
  await aws.s3.send(
    new S3.CreateBucketCommand({
      Bucket: APP_BUCKET,
      CreateBucketConfiguration: { LocationConstraint: TEST_REGION as S3.BucketLocationConstraint },
    }),
  );
  await aws.s3.send(
    new S3.PutObjectCommand({ Bucket: APP_BUCKET, Key: 'other-team/terraform.tfstate', Body: '{"version":4}' }),
  );
  await aws.s3.send(new S3.PutObjectCommand({ Bucket: APP_BUCKET, Key: 'logs/readme.txt', Body: 'hand-made' }));
  await aws.s3.send(
    new S3.PutBucketTaggingCommand({ Bucket: APP_BUCKET, Tagging: { TagSet: [{ Key: 'Owner', Value: 'data-team' }] } }),
  );
  await aws.s3.send(
    new S3.PutBucketPolicyCommand({
      Bucket: APP_BUCKET,
      Policy: JSON.stringify({ Version: '2012-10-17', Statement: [FOREIGN_STATEMENT] }),
    }),
  );
  await aws.s3.send(
    new S3.PutBucketLifecycleConfigurationCommand({
      Bucket: APP_BUCKET,
      LifecycleConfiguration: { Rules: [FOREIGN_RULE as S3.LifecycleRule] },
    }),
  );
  await aws.iam.send(
    new IAM.CreateRoleCommand({
      RoleName: 'tf-app',
      AssumeRolePolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${TEST_ACCOUNT_ID}:root` }, Action: 'sts:AssumeRole' },
        ],
      }),
      Tags: [{ Key: 'CostCenter', Value: 'cc-77' }],
    }),
  );
  await aws.iam.send(new IAM.CreateGroupCommand({ GroupName: 'tf-operators' }));
  await aws.iam.send(new IAM.AddUserToGroupCommand({ GroupName: 'tf-operators', UserName: 'carol' }));
}

describe('adopting an account that already holds resources', () => {
  let moto: Moto;
  let aws: AwsClients;
  let firstPlan: PlanJson;
  const config = () => writeYaml(['data']);
  let file: string;

  before(async () => {
    moto = await startMoto();
    aws = awsClients(moto);
    await prepareAccount(aws);
    file = config();
  });
  after(async () => moto.stop());

  it("plan names what the hand-made bucket holds, warns of the other team's state, and plans no foreign removal", async () => {
    const plan = await stateward(moto, ['-c', file, 'plan', '--json']);
    assert.equal(plan.code, 0, plan.stderr);
    firstPlan = JSON.parse(plan.stdout) as PlanJson;
    const notices = firstPlan.notices.filter((n) => n.project === 'app').map((n) => `${n.level}: ${n.message}`);
    assert.match(notices[0]!, new RegExp(`info: bucket ${APP_BUCKET} already exists and holds 2 objects, 1 of them`));
    assert.match(notices[1]!, /warning: state other-team\/terraform\.tfstate .* outside every grant of project "app"/);
    const removals = firstPlan.changes.filter((c) => ['detach', 'remove-member'].includes(c.action)).map((c) => c.id);
    assert.deepEqual(removals, ['group/tf-operators/member/carol']);
    for (const change of firstPlan.changes.filter((c) => c.setting === 'tags')) {
      for (const key of Object.keys(change.old as object))
        assert.ok(key in (change.new as object), `${change.id} keeps tag ${key}`);
    }
  });

  it('apply keeps every foreign tag, statement, rule, client id, thumbprint and object; the plan is then empty', async () => {
    const applied = await stateward(moto, ['-c', file, 'apply', '--auto-approve']);
    assert.equal(applied.code, 0, applied.stderr);

    const provider = await aws.iam.send(
      new IAM.GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: PROVIDER_ARN }),
    );
    assert.deepEqual([...(provider.ClientIDList ?? [])].sort(), ['other-audience', 'sts.amazonaws.com']);
    assert.deepEqual(provider.ThumbprintList, [THUMBPRINT]);
    assert.ok(provider.Tags?.some((t) => t.Key === 'Owner' && t.Value === 'security-team'));

    const tagging = await aws.s3.send(new S3.GetBucketTaggingCommand({ Bucket: APP_BUCKET }));
    const bucketTags = Object.fromEntries((tagging.TagSet ?? []).map((t) => [t.Key, t.Value]));
    assert.equal(bucketTags.Owner, 'data-team');
    assert.equal(bucketTags.ManagedBy, 'stateward');
    const policy = await aws.s3.send(new S3.GetBucketPolicyCommand({ Bucket: APP_BUCKET }));
    const statements = (JSON.parse(policy.Policy!) as { Statement: Array<{ Sid?: string }> }).Statement;
    assert.deepEqual(statements[0], FOREIGN_STATEMENT, 'the foreign statement is kept, in its place');
    assert.ok(statements.some((s) => s.Sid?.startsWith('Stateward')));
    const lifecycle = await aws.s3.send(new S3.GetBucketLifecycleConfigurationCommand({ Bucket: APP_BUCKET }));
    assert.ok(lifecycle.Rules?.some((r) => r.ID === 'archive-logs' && r.Filter?.Prefix === 'logs/'));

    const role = await aws.iam.send(new IAM.ListRoleTagsCommand({ RoleName: 'tf-app' }));
    assert.ok(role.Tags?.some((t) => t.Key === 'CostCenter' && t.Value === 'cc-77'));
    assert.ok(role.Tags?.some((t) => t.Key === 'Team' && t.Value === 'platform'));

    // Nothing deleted but what the plan showed: the objects are all there (admin read of the listing).
    const versions = await aws.s3.send(new S3.ListObjectVersionsCommand({ Bucket: APP_BUCKET }));
    assert.deepEqual((versions.Versions ?? []).map((v) => v.Key).sort(), [
      'logs/readme.txt',
      'other-team/terraform.tfstate',
    ]);
    const group = await aws.iam.send(new IAM.GetGroupCommand({ GroupName: 'tf-operators' }));
    assert.deepEqual(group.Users?.map((u) => u.UserName).sort(), ['alice', 'bob']);

    const again = await stateward(moto, ['-c', file, 'plan', '--json', '--detailed-exitcode']);
    assert.equal(again.code, 0, again.stdout);
    assert.deepEqual(changeIds(again.stdout), []);
  });

  it('a project removed from the config keeps its bucket and lock fence; the plan says where its state is', async () => {
    const withoutData = writeYaml([]);
    // app locks with DynamoDB too, so the lock table stays desired and its policy is compared.
    const fenceBefore = await aws.dynamodb.send(
      new DDB.GetResourcePolicyCommand({
        ResourceArn: `arn:aws:dynamodb:${TEST_REGION}:${TEST_ACCOUNT_ID}:table/terraform-locks`,
      }),
    );
    assert.match(fenceBefore.Policy ?? '', /StatewardFenceLocksData/);
    const plan = await stateward(moto, ['-c', withoutData, 'plan', '--json']);
    assert.equal(plan.code, 0, plan.stderr);
    const parsed = JSON.parse(plan.stdout) as PlanJson;
    assert.deepEqual(
      parsed.changes.map((c) => c.id),
      [],
      'nothing of the removed project is loosened',
    );
    const orphan = parsed.notices.find((n) => n.message.includes(bucketOf('data')));
    assert.match(orphan!.message, new RegExp(`its state is still in s3://${bucketOf('data')}/`));
    assert.match(orphan!.message, /stateward destroy --project data/);
  });
});
