// Every audit rule against moto: start from the account `stateward apply` built, make exactly one
// misconfiguration with the SDK, and the audit must report exactly that finding and no other; then the
// account is put back (by apply, or by undoing what apply does not own) before the next case. Where the
// fix says "run `stateward apply`", apply alone must repair it: the account then audits clean.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as DDB from '@aws-sdk/client-dynamodb';
import * as IAM from '@aws-sdk/client-iam';
import * as S3 from '@aws-sdk/client-s3';
import {
  ACCOUNT,
  appliedAccount,
  auditJson,
  bucketArn,
  bucketName,
  POWER_USER,
  reapply,
  roleArn,
  ruleAndResource,
  writeAuditConfig,
} from '../audit/support/account.ts';
import {
  type Doc,
  deleteRole,
  editBucketPolicy,
  editInline,
  editTrust,
  putInline,
  withoutSids,
} from '../audit/support/sdk.ts';
import type { AwsClients } from '../support/aws.ts';
import type { Moto } from '../support/moto.ts';
import { TEST_REGION } from '../support/moto.ts';

const GH = 'token.actions.githubusercontent.com';
const READ_ONLY = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
const OPERATORS = `arn:aws:iam::${ACCOUNT}:group/tf-operators`;
const isFence = (sid: string) => sid.startsWith('StatewardFence') || sid === 'StatewardReserveBootstrap';

interface Case {
  name: string;
  /** Audit with the config as ./stateward.yaml. */
  withConfig?: boolean;
  breakIt(aws: AwsClients): Promise<void>;
  /** What `stateward apply` does not put back. */
  undo?(aws: AwsClients): Promise<void>;
  /** Whether `stateward apply` must run to repair it. */
  apply: boolean;
  expected: string[];
}

const cases: Case[] = [
  {
    name: 'versioning suspended',
    apply: true,
    expected: [`SW-BUCKET-001 ${bucketArn('web')}`],
    breakIt: (aws) =>
      aws.s3
        .send(
          new S3.PutBucketVersioningCommand({
            Bucket: bucketName('web'),
            VersioningConfiguration: { Status: 'Suspended' },
          }),
        )
        .then(() => undefined),
  },
  {
    name: 'default encryption deleted',
    apply: true,
    expected: [`SW-BUCKET-002 ${bucketArn('web')}`],
    breakIt: (aws) =>
      aws.s3.send(new S3.DeleteBucketEncryptionCommand({ Bucket: bucketName('web') })).then(() => undefined),
  },
  {
    name: 'RestrictPublicBuckets off',
    apply: true,
    expected: [`SW-BUCKET-003 ${bucketArn('web')}`],
    breakIt: (aws) =>
      aws.s3
        .send(
          new S3.PutPublicAccessBlockCommand({
            Bucket: bucketName('web'),
            PublicAccessBlockConfiguration: {
              BlockPublicAcls: true,
              IgnorePublicAcls: true,
              BlockPublicPolicy: true,
              RestrictPublicBuckets: false,
            },
          }),
        )
        .then(() => undefined),
  },
  {
    name: 'ACLs enabled (ObjectWriter)',
    apply: true,
    expected: [`SW-BUCKET-004 ${bucketArn('web')}`],
    breakIt: (aws) =>
      aws.s3
        .send(
          new S3.PutBucketOwnershipControlsCommand({
            Bucket: bucketName('web'),
            OwnershipControls: { Rules: [{ ObjectOwnership: 'ObjectWriter' }] },
          }),
        )
        .then(() => undefined),
  },
  {
    name: 'TLS-only deny removed',
    apply: true,
    expected: [`SW-BUCKET-005 ${bucketArn('web')}`],
    breakIt: (aws) =>
      editBucketPolicy(aws, bucketName('web'), (doc) =>
        withoutSids(doc, (sid) => sid !== 'StatewardDenyInsecureTransport'),
      ),
  },
  {
    name: 'bucket policy grants another account',
    apply: false,
    expected: [`SW-BUCKET-006 ${bucketArn('web')}`],
    breakIt: (aws) =>
      editBucketPolicy(aws, bucketName('web'), (doc) =>
        doc.Statement.push({
          Sid: 'PartnerRead',
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::999988887777:root' },
          Action: 's3:GetObject',
          Resource: `${bucketArn('web')}/*`,
        }),
      ),
    undo: (aws) => editBucketPolicy(aws, bucketName('web'), (doc) => withoutSids(doc, (sid) => sid !== 'PartnerRead')),
  },
  {
    name: 'lifecycle deleted',
    apply: true,
    expected: [`SW-BUCKET-007 ${bucketArn('web')}`],
    breakIt: (aws) =>
      aws.s3.send(new S3.DeleteBucketLifecycleCommand({ Bucket: bucketName('web') })).then(() => undefined),
  },
  {
    name: 'Repo tag dropped',
    apply: true,
    expected: [`SW-BUCKET-008 ${bucketArn('web')}`],
    breakIt: (aws) =>
      aws.s3
        .send(
          new S3.PutBucketTaggingCommand({
            Bucket: bucketName('web'),
            Tagging: {
              TagSet: [
                { Key: 'Project', Value: 'web' },
                { Key: 'ManagedBy', Value: 'stateward' },
                { Key: 'Environment', Value: 'bootstrap' },
                { Key: 'CostCenter', Value: 'platform' },
              ],
            },
          }),
        )
        .then(() => undefined),
  },
  {
    name: 'fence removed while no role holds broad permissions',
    apply: true,
    expected: [`SW-FENCE-001 ${bucketArn('data')}`],
    breakIt: async (aws) => {
      await aws.iam.send(new IAM.DetachRolePolicyCommand({ RoleName: 'tf-infra', PolicyArn: POWER_USER }));
      // The plan roles' ReadOnlyAccess reads every bucket a fence does not close: it counts as broad too.
      for (const project of ['web', 'data', 'infra'])
        await aws.iam.send(new IAM.DetachRolePolicyCommand({ RoleName: `tf-${project}.plan`, PolicyArn: READ_ONLY }));
      await editBucketPolicy(aws, bucketName('data'), (doc) => withoutSids(doc, (sid) => !isFence(sid)));
    },
  },
  {
    name: 'fence removed while tf-infra holds broad permissions',
    apply: true,
    expected: [`SW-FENCE-002 ${bucketArn('data')}`],
    breakIt: (aws) => editBucketPolicy(aws, bucketName('data'), (doc) => withoutSids(doc, (sid) => !isFence(sid))),
  },
  {
    name: 'a role granted to read a bucket whose fence does not list it',
    apply: true,
    expected: [`SW-FENCE-003 ${roleArn('data')}`],
    breakIt: (aws) =>
      putInline(aws, 'tf-data', 'read-web', {
        Sid: 'ReadWeb',
        Effect: 'Allow',
        Action: 's3:GetObject',
        Resource: `${bucketArn('web')}/web/terraform.tfstate`,
      }),
  },
  {
    name: 'a fence reader whose role lost its grant',
    apply: true,
    expected: [`SW-FENCE-003 ${bucketArn('data')}`],
    breakIt: (aws) =>
      editInline(aws, 'tf-web', 'stateward-state-access', (doc) => withoutSids(doc, (sid) => !sid.endsWith('Data'))),
  },
  {
    name: 'OIDC trust without aud',
    apply: true,
    expected: [`SW-TRUST-001 ${roleArn('data')}`],
    breakIt: (aws) =>
      editTrust(aws, 'tf-data', (doc) => void delete doc.Statement[0]!.Condition!.StringEquals![`${GH}:aud`]),
  },
  {
    name: 'OIDC trust without sub',
    apply: true,
    expected: [`SW-TRUST-002 ${roleArn('data')}`],
    breakIt: (aws) =>
      editTrust(
        aws,
        'tf-data',
        (doc) => void (doc.Statement[0]!.Condition = { StringEquals: { [`${GH}:aud`]: 'sts.amazonaws.com' } }),
      ),
  },
  {
    name: 'trust by repo name only although the config gives immutable ids',
    withConfig: true,
    apply: true,
    expected: [`SW-TRUST-003 ${roleArn('web')}`],
    breakIt: (aws) =>
      editTrust(
        aws,
        'tf-web',
        (doc) =>
          void (doc.Statement[0]!.Condition = {
            StringEquals: {
              [`${GH}:aud`]: 'sts.amazonaws.com',
              [`${GH}:sub`]: 'repo:acme/terraform-web:ref:refs/heads/main',
            },
          }),
      ),
  },
  {
    name: 'apply role trusted by every workflow of its repo (the old default, pull requests included)',
    apply: true,
    expected: [`SW-TRUST-006 ${roleArn('data')}`],
    breakIt: (aws) =>
      editTrust(
        aws,
        'tf-data',
        (doc) =>
          void (doc.Statement[0]!.Condition = {
            StringEquals: { [`${GH}:aud`]: 'sts.amazonaws.com' },
            StringLike: { [`${GH}:sub`]: 'repo:acme/terraform-data:*' },
          }),
      ),
  },
  {
    name: 'humans without MFA',
    apply: true,
    expected: [`SW-TRUST-004 ${roleArn('data')}`],
    breakIt: (aws) => editTrust(aws, 'tf-data', (doc) => void delete doc.Statement[1]!.Condition!.Bool),
  },
  {
    name: 'trust to the account root without conditions',
    apply: true,
    expected: [`SW-TRUST-005 ${roleArn('data')}`],
    breakIt: (aws) =>
      editTrust(
        aws,
        'tf-data',
        (doc) =>
          void doc.Statement.push({
            Sid: 'Root',
            Effect: 'Allow',
            Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
            Action: 'sts:AssumeRole',
          }),
      ),
  },
  {
    name: 'inline grant on a non-state bucket',
    apply: true,
    expected: [`SW-ROLE-001 ${roleArn('data')}`],
    breakIt: (aws) =>
      putInline(aws, 'tf-data', 'artifacts', {
        Sid: 'Artifacts',
        Effect: 'Allow',
        Action: 's3:GetObject',
        Resource: 'arn:aws:s3:::acme-artifacts/*',
      }),
  },
  {
    name: 's3:* on its own state prefix',
    apply: true,
    expected: [`SW-ROLE-002 ${roleArn('data')}`],
    breakIt: (aws) =>
      putInline(aws, 'tf-data', 'wide', {
        Sid: 'All',
        Effect: 'Allow',
        Action: 's3:*',
        Resource: `${bucketArn('data')}/data/*`,
      }),
  },
  {
    name: 'Resource * on a lock-table read',
    apply: true,
    expected: [`SW-ROLE-003 ${roleArn('data')}`],
    breakIt: (aws) =>
      putInline(aws, 'tf-data', 'locks', { Sid: 'Locks', Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: '*' }),
  },
  {
    name: 'write on _bootstrap/',
    apply: true,
    expected: [`SW-ROLE-004 ${roleArn('data')}`],
    breakIt: (aws) =>
      putInline(aws, 'tf-data', 'boot', {
        Sid: 'Boot',
        Effect: 'Allow',
        Action: 's3:PutObject',
        Resource: `${bucketArn('data')}/_bootstrap/*`,
      }),
  },
  {
    name: 'plan role granted to write its state',
    apply: true,
    expected: [`SW-ROLE-006 ${roleArn('data')}.plan`],
    breakIt: (aws) =>
      editInline(
        aws,
        'tf-data.plan',
        'stateward-state-access',
        (doc) =>
          void doc.Statement.push({
            Sid: 'WriteState',
            Effect: 'Allow',
            Action: 's3:PutObject',
            Resource: `${bucketArn('data')}/data/terraform.tfstate`,
          }),
      ),
  },
  {
    name: '12 h sessions',
    apply: true,
    expected: [`SW-ROLE-005 ${roleArn('data')}`],
    breakIt: (aws) =>
      aws.iam.send(new IAM.UpdateRoleCommand({ RoleName: 'tf-data', MaxSessionDuration: 43200 })).then(() => undefined),
  },
  {
    name: 'tf-operators also reads every object',
    apply: true,
    expected: [`SW-HUMANS-001 ${OPERATORS}`],
    breakIt: (aws) =>
      aws.iam
        .send(
          new IAM.PutGroupPolicyCommand({
            GroupName: 'tf-operators',
            PolicyName: 'debugging',
            PolicyDocument: JSON.stringify({
              Version: '2012-10-17',
              Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }],
            }),
          }),
        )
        .then(() => undefined),
  },
  {
    name: 'tf-operators also holds a managed policy',
    apply: true,
    expected: [`SW-HUMANS-001 ${OPERATORS}`],
    breakIt: (aws) =>
      aws.iam
        .send(new IAM.AttachGroupPolicyCommand({ GroupName: 'tf-operators', PolicyArn: POWER_USER }))
        .then(() => undefined),
  },
  {
    name: 'bucket without its role',
    apply: true,
    expected: [`SW-FLEET-001 ${bucketArn('data')}`],
    breakIt: (aws) => deleteRole(aws, 'tf-data'),
  },
  {
    name: 'role without its bucket',
    apply: false,
    expected: [`SW-FLEET-002 arn:aws:iam::${ACCOUNT}:role/tf-ghost`],
    breakIt: async (aws) => {
      const { Role } = await aws.iam.send(new IAM.GetRoleCommand({ RoleName: 'tf-data' }));
      const trust = decodeURIComponent(Role!.AssumeRolePolicyDocument!);
      await aws.iam.send(
        new IAM.CreateRoleCommand({ RoleName: 'tf-ghost', AssumeRolePolicyDocument: trust, MaxSessionDuration: 3600 }),
      );
    },
    undo: (aws) => deleteRole(aws, 'tf-ghost'),
  },
  {
    name: 'a DynamoDB lock held for two days',
    apply: false,
    expected: [`SW-FLEET-003 terraform-locks item ${bucketName('data')}/data/terraform.tfstate`],
    breakIt: (aws) =>
      aws.dynamodb
        .send(new DDB.PutItemCommand({ TableName: 'terraform-locks', Item: lockItem() }))
        .then(() => undefined),
    undo: (aws) =>
      aws.dynamodb
        .send(
          new DDB.DeleteItemCommand({
            TableName: 'terraform-locks',
            Key: { LockID: { S: `${bucketName('data')}/data/terraform.tfstate` } },
          }),
        )
        .then(() => undefined),
  },
];

function lockItem(): Record<string, DDB.AttributeValue> {
  const info = {
    ID: '5f1c2d3e-0000-4000-8000-000000000001',
    Operation: 'OperationTypeApply',
    Info: '',
    Who: 'bob@ci',
    Version: '1.11.4',
    Created: new Date(Date.now() - 48 * 3_600_000).toISOString(),
    Path: `${bucketName('data')}/data/terraform.tfstate`,
  };
  return { LockID: { S: `${bucketName('data')}/data/terraform.tfstate` }, Info: { S: JSON.stringify(info) } };
}

describe('each audit rule against one misconfiguration on moto', () => {
  let moto: Moto;
  let aws: AwsClients;
  let config: { dir: string; file: string };
  const apply = () => reapply(moto, config);

  before(async () => ({ moto, aws, config } = await appliedAccount()));
  after(async () => moto?.stop());

  for (const c of cases) {
    it(`${c.name}: ${c.expected.map((e) => e.split(' ')[0]).join(', ')} and nothing else`, async () => {
      await c.breakIt(aws);
      try {
        const run = await auditJson(moto, [], c.withConfig ? { cwd: config.dir } : {});
        assert.deepEqual(ruleAndResource(run.findings), [...c.expected].sort(), run.stderr);
        assert.equal(run.code, run.findings.some((f) => f.severity === 'high') ? 2 : 0);
        if (c.apply) {
          // What the fix promises, with the config at hand, is what apply then does.
          const withConfig = await auditJson(moto, [], { cwd: config.dir });
          for (const finding of withConfig.findings) assert.match(finding.fix, /stateward apply/, finding.rule);
        }
      } finally {
        await c.undo?.(aws);
        if (c.apply) await apply();
      }
      if (c.apply) assert.deepEqual(ruleAndResource((await auditJson(moto, [], { cwd: config.dir })).findings), []);
    });
  }

  it('a project of the config missing from the account: SW-FLEET-004 for its bucket and its role', async () => {
    const withGhost = writeAuditConfig(['  - name: ghost']);
    const run = await auditJson(moto, ['-c', withGhost.file]);
    assert.deepEqual(
      ruleAndResource(run.findings),
      [`SW-FLEET-004 ${bucketArn('ghost')}`, `SW-FLEET-004 ${roleArn('ghost')}`].sort(),
    );
    assert.equal(run.code, 2);
  });

  describe('the lock-table fence (moto stores the table policy but never enforces it, so only the audit can tell)', () => {
    const TABLE = `arn:aws:dynamodb:${TEST_REGION}:${ACCOUNT}:table/terraform-locks`;
    const digest = `${bucketName('data')}/data/terraform.tfstate-md5`;
    const lockPolicy = async () =>
      JSON.parse((await aws.dynamodb.send(new DDB.GetResourcePolicyCommand({ ResourceArn: TABLE }))).Policy!) as Doc;
    const putLockPolicy = (doc: Doc) =>
      aws.dynamodb.send(new DDB.PutResourcePolicyCommand({ ResourceArn: TABLE, Policy: JSON.stringify(doc) }));

    it('after apply, data (locking: dynamodb) is fenced; with its policy deleted, SW-FENCE-004 for data and SW-FENCE-005, exit 2 at --fail-on medium; apply restores it', async () => {
      const clean = await auditJson(moto, ['--fail-on', 'medium'], { cwd: config.dir });
      assert.deepEqual(clean.findings, [], clean.stderr);
      assert.equal(clean.code, 0);
      await aws.dynamodb.send(new DDB.DeleteResourcePolicyCommand({ ResourceArn: TABLE }));
      try {
        const run = await auditJson(moto, ['--fail-on', 'medium'], { cwd: config.dir });
        assert.deepEqual(ruleAndResource(run.findings), [`SW-FENCE-004 ${TABLE}`, `SW-FENCE-005 ${TABLE}`], run.stderr);
        const fence = run.findings.find((f) => f.rule === 'SW-FENCE-004')!;
        assert.equal(fence.project, 'data');
        assert.equal(
          fence.evidence,
          `terraform-locks has no resource policy, so nothing fences ${bucketName('data')}/*`,
        );
        assert.match(
          fence.fix,
          /^Run `stateward apply` \(project data is in the config\): it writes StatewardFenceLocksData /,
        );
        assert.equal(run.code, 2);
        // Without the config, data counts as DynamoDB-locked once the table holds an item of its bucket.
        assert.deepEqual(ruleAndResource((await auditJson(moto)).findings), []);
        await aws.dynamodb.send(
          new DDB.PutItemCommand({
            TableName: 'terraform-locks',
            Item: { LockID: { S: digest }, Digest: { S: '0123' } },
          }),
        );
        const byItems = await auditJson(moto);
        assert.deepEqual(byItems.findings.map((f) => `${f.rule} ${f.project}`).sort(), [
          'SW-FENCE-004 data',
          'SW-FENCE-005 null',
        ]);
      } finally {
        await aws.dynamodb.send(
          new DDB.DeleteItemCommand({ TableName: 'terraform-locks', Key: { LockID: { S: digest } } }),
        );
        await apply();
      }
      assert.deepEqual((await auditJson(moto, [], { cwd: config.dir })).findings, []);
    });

    it("the Sid kept but its LeadingKeys narrowed to data's default key: SW-FENCE-004 for data and nothing else", async () => {
      const doc = await lockPolicy();
      const statement = doc.Statement.find((st) => st.Sid === 'StatewardFenceLocksData')!;
      statement.Condition!['ForAnyValue:StringLike'] = {
        'dynamodb:LeadingKeys': `${bucketName('data')}/data/terraform.tfstate`,
      };
      await putLockPolicy(doc);
      try {
        const run = await auditJson(moto, [], { cwd: config.dir });
        assert.deepEqual(
          run.findings.map((f) => `${f.rule} ${f.project} ${f.resource}`),
          [`SW-FENCE-004 data ${TABLE}`],
          run.stderr,
        );
        assert.match(
          run.findings[0]!.evidence,
          /covers tfstate-data-\d+\/\* with only ArnNotLike aws:PrincipalArn exemptions, for dynamodb:GetItem, dynamodb:PutItem, dynamodb:UpdateItem, dynamodb:DeleteItem, dynamodb:BatchGetItem, dynamodb:BatchWriteItem$/,
        );
      } finally {
        await apply();
      }
    });
  });

  it('after every case the account audits clean again', async () => {
    const run = await auditJson(moto, [], { cwd: config.dir });
    assert.deepEqual(run.findings, []);
    assert.equal(run.code, 0);
  });
});
