// Changes made behind stateward's back on a 3-project account (issue 12, findings 5 and 1): `verify --live`
// reports each grant as a violation masked by the fence, `plan` shows each repair (a grant's removal with its
// whole document, a harmful lifecycle rule's removal, versioning back on), `audit` reports them, and one
// `apply` repairs them while keeping the inline policy the config declares; then verify, plan and audit are
// clean. Each tampering is one entry of TAMPERINGS: add more there.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as IAM from '@aws-sdk/client-iam';
import * as S3 from '@aws-sdk/client-s3';
import { auditJson } from '../audit/support/account.ts';
import { stateward } from '../aws/e2e-cli.ts';
import { type AwsClients, awsClients } from '../support/aws.ts';
import { type Moto, startMoto, TEST_ACCOUNT_ID, TEST_REGION } from '../support/moto.ts';

const bucketName = (project: string) => `tfstate-${project}-${TEST_ACCOUNT_ID}`;
const bucket = (project: string) => `arn:aws:s3:::${bucketName(project)}`;
const CDN_POLICY = {
  Version: '2012-10-17',
  Statement: [{ Sid: 'Cdn', Effect: 'Allow', Action: 'cloudfront:CreateInvalidation', Resource: '*' }],
};

interface Tampering {
  what: string;
  make(aws: AwsClients): Promise<unknown>;
  /** What `verify --live` must print about it (a grant; a bucket setting is not an access `verify` sees). */
  verify?: RegExp;
  /** What `plan` must print about it. */
  plan: RegExp;
  /** The audit finding it must raise: rule id and the resource's ARN. */
  audit: [string, string];
}

const inline = (RoleName: string, PolicyName: string, statement: Record<string, unknown>) => (aws: AwsClients) =>
  aws.iam.send(
    new IAM.PutRolePolicyCommand({
      RoleName,
      PolicyName,
      PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [statement] }),
    }),
  );

const TAMPERINGS: Tampering[] = [
  {
    what: 'an extra inline s3:* on * on tf-web',
    make: inline('tf-web', 'debug-everything', { Sid: 'Everything', Effect: 'Allow', Action: 's3:*', Resource: '*' }),
    verify:
      /role\/tf-web CAN request s3:PutObject data:data\/terraform\.tfstate .*masked by the fence: debug-everything\/Everything grants it/,
    plan: /role tf-web\n {4}- inlinePolicy debug-everything[\s\S]*?-\s+"Action": "s3:\*",/,
    audit: ['SW-ROLE-002', `arn:aws:iam::${TEST_ACCOUNT_ID}:role/tf-web`],
  },
  {
    what: "an inline s3:PutObject on another project's state on tf-ops",
    make: inline('tf-ops', 'write-data', {
      Sid: 'WriteData',
      Effect: 'Allow',
      Action: 's3:PutObject',
      Resource: `${bucket('data')}/data/*`,
    }),
    verify:
      /role\/tf-ops CAN request s3:PutObject data:data\/terraform\.tfstate .*masked by the fence: write-data\/WriteData grants it/,
    plan: /role tf-ops\n {4}- inlinePolicy write-data[\s\S]*?-\s+"Action": "s3:PutObject",/,
    audit: ['SW-ROLE-001', `arn:aws:iam::${TEST_ACCOUNT_ID}:role/tf-ops`],
  },
  {
    what: "a foreign lifecycle rule expiring every version of data's state in 1 day",
    make: async (aws) => {
      const Bucket = bucketName('data');
      const live = await aws.s3.send(new S3.GetBucketLifecycleConfigurationCommand({ Bucket }));
      const expireAll: S3.LifecycleRule = {
        ID: 'expire-all',
        Status: 'Enabled',
        Filter: { Prefix: '' },
        Expiration: { Days: 1 },
        NoncurrentVersionExpiration: { NoncurrentDays: 1 },
      };
      const Rules = [...(live.Rules ?? []), expireAll];
      return aws.s3.send(new S3.PutBucketLifecycleConfigurationCommand({ Bucket, LifecycleConfiguration: { Rules } }));
    },
    plan: /bucket tfstate-data-\d+\n {4}~ lifecycle {2}\[medium\]\n\s+-rule expire-all \{Status="Enabled", Expiration=\{Days=1\}/,
    audit: ['SW-BUCKET-009', bucket('data')],
  },
  {
    what: "versioning of ops's bucket suspended",
    make: (aws) =>
      aws.s3.send(
        new S3.PutBucketVersioningCommand({
          Bucket: bucketName('ops'),
          VersioningConfiguration: { Status: 'Suspended' },
        }),
      ),
    plan: /bucket tfstate-ops-\d+\n {4}~ versioning: "Suspended" → "Enabled"/,
    audit: ['SW-BUCKET-001', bucket('ops')],
  },
];

describe('grants made behind our back on a 3-project account', () => {
  let moto: Moto;
  let aws: AwsClients;
  let file: string;
  const run = (...args: string[]) => stateward(moto, ['-c', file, ...args]);
  const audit = () => auditJson(moto, ['-c', file]);

  before(async () => {
    moto = await startMoto();
    aws = awsClients(moto);
    await aws.iam.send(new IAM.CreateUserCommand({ UserName: 'alice' }));
    const dir = mkdtempSync(join(tmpdir(), 'stateward-foreign-'));
    mkdirSync(join(dir, 'policies'));
    writeFileSync(join(dir, 'policies', 'cdn.json'), JSON.stringify(CDN_POLICY, null, 2));
    file = join(dir, 'stateward.yaml');
    writeFileSync(
      file,
      [
        'version: 1',
        `account: "${TEST_ACCOUNT_ID}"`,
        `region: ${TEST_REGION}`,
        'github: { org: acme }',
        'humans: [alice]',
        'projects:',
        '  - name: web',
        '    inlinePolicies: { cdn: policies/cdn.json }',
        '  - name: data',
        '  - name: ops',
        '',
      ].join('\n'),
    );
    const applied = await run('apply', '--auto-approve');
    assert.equal(applied.code, 0, applied.stderr + applied.stdout);
    for (const t of TAMPERINGS) await t.make(aws);
  });
  after(async () => moto?.stop());

  it('verify --live reports each as a violation masked by the fence, naming the statement: exit 2', async () => {
    const verified = await run('verify', '--live');
    assert.equal(verified.code, 2, verified.stderr);
    for (const t of TAMPERINGS) if (t.verify) assert.match(verified.stdout, t.verify, t.what);
  });

  it('plan shows each repair (a removal with its whole document) and says there are changes (exit 2)', async () => {
    const planned = await run('plan', '--detailed-exitcode');
    assert.equal(planned.code, 2, planned.stderr);
    for (const t of TAMPERINGS) assert.match(planned.stdout, t.plan, t.what);
    assert.doesNotMatch(planned.stdout, /inlinePolicy cdn/, 'the declared policy stays');
  });

  it('audit reports them (exit 2)', async () => {
    const audited = await audit();
    assert.equal(audited.code, 2, audited.stderr);
    for (const t of TAMPERINGS) {
      const [rule, resource] = t.audit;
      assert.ok(
        audited.findings.some((f) => f.rule === rule && f.resource === resource),
        `${t.what}: ${rule} on ${resource}`,
      );
    }
  });

  it('one apply repairs them all; then verify, plan and audit are clean, and the declared policy is kept', async () => {
    const applied = await run('apply', '--auto-approve');
    assert.equal(applied.code, 0, applied.stderr + applied.stdout);
    const verified = await run('verify', '--live');
    assert.equal(verified.code, 0, verified.stdout);
    const planned = await run('plan', '--detailed-exitcode');
    assert.equal(planned.code, 0, planned.stdout);
    const audited = await audit();
    assert.deepEqual(audited.findings, []);
    assert.equal(audited.code, 0);
    const names = await aws.iam.send(new IAM.ListRolePoliciesCommand({ RoleName: 'tf-web' }));
    assert.deepEqual(names.PolicyNames?.sort(), ['cdn', 'stateward-state-access']);
    const rules = await aws.s3.send(new S3.GetBucketLifecycleConfigurationCommand({ Bucket: bucketName('data') }));
    assert.deepEqual(
      rules.Rules?.map((r) => r.ID),
      ['stateward-state-versions'],
    );
    const versioning = await aws.s3.send(new S3.GetBucketVersioningCommand({ Bucket: bucketName('ops') }));
    assert.equal(versioning.Status, 'Enabled');
  });
});
