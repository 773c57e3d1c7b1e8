// stateward audit as users meet it on moto: the widened OIDC trust that must fail CI, access denied
// reported instead of skipped, state found in a bucket outside the naming pattern, --fail-on, SARIF, errors.

import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import * as IAM from '@aws-sdk/client-iam';
import * as S3 from '@aws-sdk/client-s3';
import { sarifValidator } from '../audit/sarif-schema.ts';
import {
  appliedAccount,
  auditJson,
  bucketArn,
  bucketName,
  reapply,
  roleArn,
  ruleAndResource,
  statewardIn,
  writeAuditConfig,
} from '../audit/support/account.ts';
import { editTrust } from '../audit/support/sdk.ts';
import { type AwsClients, createBucket, createUserWithPolicy } from '../support/aws.ts';
import type { Moto } from '../support/moto.ts';

const GH = 'token.actions.githubusercontent.com';

describe('stateward audit on moto', () => {
  let moto: Moto;
  let aws: AwsClients;
  let config: { dir: string; file: string };
  const apply = () => reapply(moto, config);

  before(async () => ({ moto, aws, config } = await appliedAccount()));
  after(async () => moto?.stop());

  it('an OIDC trust widened to repo:acme/* exits 2 and names the role, the statement and the fix', async () => {
    await editTrust(
      aws,
      'tf-data',
      (doc) =>
        void (doc.Statement[0]!.Condition = {
          StringEquals: { [`${GH}:aud`]: 'sts.amazonaws.com' },
          StringLike: { [`${GH}:sub`]: 'repo:acme/*' },
        }),
    );
    try {
      const run = await statewardIn(moto, ['audit']);
      assert.equal(run.code, 2, run.stderr);
      assert.match(
        run.stdout,
        /project data\n\s+HIGH\s+SW-TRUST-002\s+Role tf-data can be assumed by workflows of repositories other than acme\/terraform-data/,
      );
      assert.match(
        run.stdout,
        /evidence: trust policy of tf-data, statement GitHubActions: StringLike token\.actions\.githubusercontent\.com:sub = repo:acme\/\*/,
      );
      assert.match(
        run.stdout,
        // Pinned to pushes to the default branch, never back to repo:<repo>:* (SW-TRUST-006).
        /fix: aws iam update-assume-role-policy --role-name tf-data --policy-document '.*"token\.actions\.githubusercontent\.com:sub":"repo:acme\/terraform-data:ref:refs\/heads\/main"/,
      );
      assert.match(run.stdout, /1 finding: 1 high, 0 medium, 0 low/);
      const withConfig = await statewardIn(moto, ['audit'], { cwd: config.dir });
      assert.equal(withConfig.code, 2);
      assert.match(withConfig.stdout, /fix: Run `stateward apply` \(project data is in the config\)/);
    } finally {
      await apply();
    }
  });

  it('a setting it may not read is reported as SW-AUDIT-001 for that bucket, not taken as absent, and nothing else is skipped', async () => {
    const auditor = await createUserWithPolicy(aws.iam, 'auditor', {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: '*', Resource: '*' },
        { Effect: 'Deny', Action: 's3:GetBucketPolicy', Resource: bucketArn('web') },
      ],
    });
    await moto.setIamEnforcement(true);
    try {
      const run = await auditJson(moto, [], { credentials: auditor });
      assert.deepEqual(ruleAndResource(run.findings), [`SW-AUDIT-001 ${bucketArn('web')}`]);
      assert.match(run.findings[0]!.evidence, /AWS_ACCESS_DENIED.*s3:GetBucketPolicy/);
      assert.match(run.findings[0]!.fix, /s3:GetBucketPolicy/);
      assert.equal(run.code, 2);
    } finally {
      await moto.setIamEnforcement(false);
    }
  });

  it('finds state in a bucket outside the naming pattern by its *.tfstate objects, and ignores buckets without state', async () => {
    await createBucket(aws.s3, 'legacy-terraform');
    await aws.s3.send(
      new S3.PutObjectCommand({ Bucket: 'legacy-terraform', Key: 'app/terraform.tfstate', Body: '{}' }),
    );
    await createBucket(aws.s3, 'website-assets');
    await aws.s3.send(new S3.PutObjectCommand({ Bucket: 'website-assets', Key: 'index.html', Body: '<html></html>' }));
    try {
      const run = await auditJson(moto);
      const resources = new Set(run.findings.map((f) => f.resource));
      assert.deepEqual([...resources], ['arn:aws:s3:::legacy-terraform']);
      const rules = run.findings.map((f) => f.rule);
      for (const rule of ['SW-BUCKET-001', 'SW-BUCKET-003', 'SW-BUCKET-005', 'SW-FENCE-002'])
        assert.ok(rules.includes(rule), rules.join(' '));
      assert.ok(run.findings.every((f) => f.project === null));
      assert.equal(run.code, 2);
    } finally {
      for (const [Bucket, Key] of [
        ['legacy-terraform', 'app/terraform.tfstate'],
        ['website-assets', 'index.html'],
      ] as const) {
        await aws.s3.send(new S3.DeleteObjectCommand({ Bucket, Key }));
        await aws.s3.send(new S3.DeleteBucketCommand({ Bucket }));
      }
    }
  });

  it('--fail-on decides which severities fail: a low finding passes by default and fails with --fail-on low', async () => {
    await aws.s3.send(
      new S3.PutBucketTaggingCommand({
        Bucket: bucketName('web'),
        Tagging: { TagSet: [{ Key: 'Project', Value: 'web' }] },
      }),
    );
    try {
      const byDefault = await auditJson(moto);
      assert.deepEqual(ruleAndResource(byDefault.findings), [`SW-BUCKET-008 ${bucketArn('web')}`]);
      assert.equal(byDefault.code, 0);
      assert.equal((await auditJson(moto, ['--fail-on', 'low'])).code, 2);
      assert.equal((await auditJson(moto, ['--fail-on', 'medium'])).code, 0);
    } finally {
      await apply();
    }
  });

  it('--sarif output of a live finding validates against the SARIF 2.1.0 schema and points at the config', async () => {
    await aws.iam.send(new IAM.UpdateRoleCommand({ RoleName: 'tf-web', MaxSessionDuration: 43200 }));
    try {
      const run = await statewardIn(moto, ['audit', '--sarif'], { cwd: config.dir });
      assert.equal(run.code, 0, run.stderr);
      const sarif = JSON.parse(run.stdout);
      const validate = sarifValidator();
      assert.equal(validate(sarif), true, JSON.stringify(validate.errors));
      assert.deepEqual(
        sarif.runs[0].results.map((r: { ruleId: string }) => r.ruleId),
        ['SW-ROLE-005'],
      );
      assert.equal(sarif.runs[0].results[0].locations[0].logicalLocations[0].fullyQualifiedName, roleArn('web'));
      assert.equal(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri, 'stateward.yaml');
    } finally {
      await apply();
    }
  });

  it('errors exit 1 with what to do: conflicting formats, no region, a missing -c file, the wrong account', async () => {
    const both = await statewardIn(moto, ['audit', '--json', '--sarif']);
    assert.equal(both.code, 1);
    assert.match(both.stderr, /CLI_CONFLICTING_OPTIONS/);
    const noRegion = await statewardIn(moto, ['audit'], { env: { AWS_REGION: '', AWS_DEFAULT_REGION: '' } });
    assert.equal(noRegion.code, 1);
    assert.match(noRegion.stderr, /--region/);
    const missing = await statewardIn(moto, ['-c', 'nope.yaml', 'audit']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /CONFIG_NOT_FOUND/);
    const other = writeAuditConfig();
    writeFileSync(other.file, readFileSync(other.file, 'utf8').replace(/account: "\d+"/, 'account: "111122223333"'));
    const wrongAccount = await statewardIn(moto, ['-c', other.file, 'audit']);
    assert.equal(wrongAccount.code, 1);
    assert.match(wrongAccount.stderr, /AWS_WRONG_ACCOUNT/);
  });
});
