// What moto 5.2.1 really does, one assertion per fact (written up in docs/moto-notes.md). Other e2e tests
// build on these facts; a moto upgrade that changes one turns its test red. "AWS:" notes what real AWS does.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as DDB from '@aws-sdk/client-dynamodb';
import * as IAM from '@aws-sdk/client-iam';
import * as S3 from '@aws-sdk/client-s3';
import * as STS from '@aws-sdk/client-sts';
import {
  type AwsClients,
  assumeRole,
  attempt,
  awsClients,
  createAdmin,
  createAdminInAccount,
  createBucket,
  createLockTable,
  createUserWithPolicy,
} from '../support/aws.ts';
import type { AwsCredentials } from '../support/aws-env.ts';
import { type Moto, startMoto, TEST_ACCOUNT_ID } from '../support/moto.ts';

const LIFECYCLE_RULES: S3.LifecycleRule[] = [
  {
    ID: 'noncurrent',
    Status: 'Enabled',
    Filter: { Prefix: '' },
    NoncurrentVersionExpiration: { NoncurrentDays: 90, NewerNoncurrentVersions: 100 },
  },
  { ID: 'multipart', Status: 'Enabled', Filter: {}, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 } },
];

const OTHER_ACCOUNT = '111122223333';
const policy = (...Statement: object[]) => ({ Version: '2012-10-17', Statement });
const allow = (Action: string | string[], Resource: string | string[], extra: object = {}) => ({
  Effect: 'Allow',
  Action,
  Resource,
  ...extra,
});
const deny = (Action: string | string[], Resource: string | string[], extra: object = {}) => ({
  Effect: 'Deny',
  Principal: '*',
  Action,
  Resource,
  ...extra,
});
const trust = (principal: object, extra: object = {}) =>
  JSON.stringify(policy({ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: principal, ...extra }));
const putObject = (s3: S3.S3Client, Bucket: string, Key: string, extra: Partial<S3.PutObjectCommandInput> = {}) =>
  s3.send(new S3.PutObjectCommand({ Bucket, Key, Body: 'x', ...extra }));
const getObject = (s3: S3.S3Client, Bucket: string, Key: string) => s3.send(new S3.GetObjectCommand({ Bucket, Key }));
const callerArn = async (clients: AwsClients) => (await clients.sts.send(new STS.GetCallerIdentityCommand({}))).Arn;

describe('moto 5.2.1 without IAM enforcement', () => {
  let moto: Moto;
  let aws: AwsClients;
  before(async () => {
    moto = await startMoto();
    aws = awsClients(moto);
    await createBucket(aws.s3, 'owned-by-default', { versioned: true });
    await putObject(aws.s3, 'owned-by-default', 'state');
  });
  after(async () => moto.stop());

  describe('a. ExpectedBucketOwner', () => {
    it('is ignored: a wrong owner still gets 200 on object and bucket calls (AWS: 403 AccessDenied)', async () => {
      const wrongOwner = { Bucket: 'owned-by-default', ExpectedBucketOwner: OTHER_ACCOUNT };
      assert.deepEqual(await attempt(aws.s3.send(new S3.GetObjectCommand({ ...wrongOwner, Key: 'state' }))), {
        status: 200,
      });
      assert.deepEqual(
        await attempt(putObject(aws.s3, 'owned-by-default', 'other', { ExpectedBucketOwner: OTHER_ACCOUNT })),
        { status: 200 },
      );
      assert.deepEqual(await attempt(aws.s3.send(new S3.GetBucketVersioningCommand(wrongOwner))), { status: 200 });
    });
  });

  describe('b. accounts', () => {
    it('the default test keys act as user "moto" of account 123456789012', async () => {
      assert.equal(await callerArn(aws), `arn:aws:sts::${TEST_ACCOUNT_ID}:user/moto`);
    });

    it('a 12-digit access key id does not select an account', async () => {
      assert.equal(
        await callerArn(awsClients(moto, { accessKeyId: OTHER_ACCOUNT, secretAccessKey: 'x' })),
        `arn:aws:sts::${TEST_ACCOUNT_ID}:user/moto`,
      );
    });

    it('AssumeRole into any role name of another account (the role need not exist) gives credentials in that account', async () => {
      const credentials = await assumeRole(aws.sts, `arn:aws:iam::${OTHER_ACCOUNT}:role/does-not-exist`);
      assert.equal(
        await callerArn(awsClients(moto, credentials)),
        `arn:aws:sts::${OTHER_ACCOUNT}:assumed-role/does-not-exist/stateward-test`,
      );
    });

    it('the x-moto-account-id request header selects the account', async () => {
      const clients = awsClients(moto);
      clients.sts.middlewareStack.add(
        (next) => async (args) => {
          (args.request as { headers: Record<string, string> }).headers['x-moto-account-id'] = '444455556666';
          return next(args);
        },
        { step: 'build' },
      );
      assert.equal(await callerArn(clients), 'arn:aws:sts::444455556666:user/moto');
    });

    it('an IAM user created with such credentials lives in that account (createAdminInAccount)', async () => {
      const credentials = await createAdminInAccount(moto, OTHER_ACCOUNT, 'admin-b');
      assert.equal(await callerArn(awsClients(moto, credentials)), `arn:aws:iam::${OTHER_ACCOUNT}:user/admin-b`);
    });

    it('CreateBucket of a name another account owns: 409 BucketAlreadyExists; own name: 409 BucketAlreadyOwnedByYou', async () => {
      const other = awsClients(moto, await assumeRole(aws.sts, `arn:aws:iam::${OTHER_ACCOUNT}:role/any`));
      assert.deepEqual(await attempt(createBucketRaw(other.s3, 'owned-by-default')), {
        status: 409,
        code: 'BucketAlreadyExists',
      });
      assert.deepEqual(await attempt(createBucketRaw(aws.s3, 'owned-by-default')), {
        status: 409,
        code: 'BucketAlreadyOwnedByYou',
      });
    });

    it('ListBuckets is per account, but another account can read objects of any bucket (no owner check)', async () => {
      const other = awsClients(moto, await assumeRole(aws.sts, `arn:aws:iam::${OTHER_ACCOUNT}:role/any`));
      assert.deepEqual((await other.s3.send(new S3.ListBucketsCommand({}))).Buckets ?? [], []);
      assert.deepEqual(await attempt(getObject(other.s3, 'owned-by-default', 'state')), { status: 200 });
    });

    it('AssumeRoleWithWebIdentity accepts any token for any role name (no trust check)', async () => {
      const result = await aws.sts.send(
        new STS.AssumeRoleWithWebIdentityCommand({
          RoleArn: `arn:aws:iam::${TEST_ACCOUNT_ID}:role/none`,
          RoleSessionName: 'gh',
          WebIdentityToken: 'not.a.jwt',
        }),
      );
      assert.equal(result.AssumedRoleUser?.Arn, `arn:aws:sts::${TEST_ACCOUNT_ID}:assumed-role/none/gh`);
    });
  });

  describe('bucket policies (also without enforcement)', () => {
    const bucket = 'policed';
    before(async () => {
      await createBucket(aws.s3, bucket);
      await putObject(aws.s3, bucket, 'state');
    });
    const setPolicy = (...statements: object[]) =>
      aws.s3.send(new S3.PutBucketPolicyCommand({ Bucket: bucket, Policy: JSON.stringify(policy(...statements)) }));

    it('a Deny without condition blocks object calls: 403 with an empty body (the SDK names it "Unknown")', async () => {
      await setPolicy(deny('s3:GetObject', `arn:aws:s3:::${bucket}/*`));
      assert.deepEqual(await attempt(getObject(aws.s3, bucket, 'state')), { status: 403, code: 'Unknown' });
    });

    it('the action is named after the HTTP method: a Deny of s3:GetObject does not stop HeadObject (s3:HeadObject)', async () => {
      await setPolicy(deny('s3:GetObject', `arn:aws:s3:::${bucket}/*`));
      assert.deepEqual(await attempt(aws.s3.send(new S3.HeadObjectCommand({ Bucket: bucket, Key: 'state' }))), {
        status: 200,
      });
    });

    it('bucket-level calls are never checked against it: Deny s3:* still lets ListObjectsV2 through', async () => {
      await setPolicy(deny('s3:*', [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`]));
      assert.deepEqual(await attempt(aws.s3.send(new S3.ListObjectsV2Command({ Bucket: bucket }))), { status: 200 });
    });

    it('the Principal of a Deny is not compared: a Deny naming another user still denies the caller', async () => {
      await setPolicy({
        ...deny('s3:GetObject', `arn:aws:s3:::${bucket}/*`),
        Principal: { AWS: `arn:aws:iam::${OTHER_ACCOUNT}:user/someone-else` },
      });
      assert.equal((await attempt(getObject(aws.s3, bucket, 'state'))).status, 403);
    });

    it('a Deny with a condition denies as if unconditioned (ArnNotLike aws:PrincipalArn does not exempt the caller)', async () => {
      await setPolicy(
        deny('s3:GetObject', `arn:aws:s3:::${bucket}/*`, {
          Condition: { ArnNotLike: { 'aws:PrincipalArn': `arn:aws:sts::${TEST_ACCOUNT_ID}:user/moto` } },
        }),
      );
      assert.equal((await attempt(getObject(aws.s3, bucket, 'state'))).status, 403);
    });

    it('a Deny on Bool aws:SecureTransport "true" still denies plain HTTP, so any deny-non-TLS statement blocks object calls', async () => {
      await setPolicy(
        deny('s3:*', `arn:aws:s3:::${bucket}/*`, { Condition: { Bool: { 'aws:SecureTransport': 'true' } } }),
      );
      assert.equal((await attempt(putObject(aws.s3, bucket, 'state'))).status, 403);
      await aws.s3.send(new S3.DeleteBucketPolicyCommand({ Bucket: bucket }));
    });
  });

  describe('d. API support', () => {
    const bucket = 'api-support';
    before(async () => createBucket(aws.s3, bucket, { versioned: true }));

    it('unset bucket settings answer 404 with a setting-specific code', async () => {
      const codes = await Promise.all([
        attempt(aws.s3.send(new S3.GetPublicAccessBlockCommand({ Bucket: bucket }))),
        attempt(aws.s3.send(new S3.GetBucketOwnershipControlsCommand({ Bucket: bucket }))),
        attempt(aws.s3.send(new S3.GetBucketLifecycleConfigurationCommand({ Bucket: bucket }))),
        attempt(aws.s3.send(new S3.GetBucketTaggingCommand({ Bucket: bucket }))),
        attempt(aws.s3.send(new S3.GetBucketPolicyCommand({ Bucket: bucket }))),
        attempt(aws.s3.send(new S3.GetBucketVersioningCommand({ Bucket: 'no-such-bucket' }))),
        attempt(aws.s3.send(new S3.HeadBucketCommand({ Bucket: 'no-such-bucket' }))),
      ]);
      assert.deepEqual(codes, [
        { status: 404, code: 'NoSuchPublicAccessBlockConfiguration' },
        { status: 404, code: 'OwnershipControlsNotFoundError' },
        { status: 404, code: 'NoSuchLifecycleConfiguration' },
        { status: 404, code: 'NoSuchTagSet' },
        { status: 404, code: 'NoSuchBucketPolicy' },
        { status: 404, code: 'NoSuchBucket' },
        { status: 404, code: 'NotFound' },
      ]);
    });

    it('a new bucket has no default encryption: 404 ServerSideEncryptionConfigurationNotFoundError (AWS: AES256)', async () => {
      assert.deepEqual(await attempt(aws.s3.send(new S3.GetBucketEncryptionCommand({ Bucket: bucket }))), {
        status: 404,
        code: 'ServerSideEncryptionConfigurationNotFoundError',
      });
    });

    it('CreateBucket outside us-east-1 without LocationConstraint is accepted (AWS: IllegalLocationConstraintException)', async () => {
      assert.deepEqual(await attempt(aws.s3.send(new S3.CreateBucketCommand({ Bucket: 'no-location-constraint' }))), {
        status: 200,
      });
    });

    it('PutPublicAccessBlock round-trips all four flags', async () => {
      const flags = {
        BlockPublicAcls: true,
        IgnorePublicAcls: true,
        BlockPublicPolicy: true,
        RestrictPublicBuckets: true,
      };
      await aws.s3.send(new S3.PutPublicAccessBlockCommand({ Bucket: bucket, PublicAccessBlockConfiguration: flags }));
      const read = await aws.s3.send(new S3.GetPublicAccessBlockCommand({ Bucket: bucket }));
      assert.deepEqual(read.PublicAccessBlockConfiguration, flags);
    });

    it('PutBucketOwnershipControls round-trips BucketOwnerEnforced', async () => {
      const controls = { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' as const }] };
      await aws.s3.send(new S3.PutBucketOwnershipControlsCommand({ Bucket: bucket, OwnershipControls: controls }));
      assert.deepEqual(
        (await aws.s3.send(new S3.GetBucketOwnershipControlsCommand({ Bucket: bucket }))).OwnershipControls,
        controls,
      );
    });

    it('lifecycle: NewerNoncurrentVersions round-trips with the harness patch; the other fields round-trip', async () => {
      await aws.s3.send(
        new S3.PutBucketLifecycleConfigurationCommand({
          Bucket: bucket,
          LifecycleConfiguration: { Rules: LIFECYCLE_RULES },
        }),
      );
      const { Rules } = await aws.s3.send(new S3.GetBucketLifecycleConfigurationCommand({ Bucket: bucket }));
      assert.deepEqual(Rules, LIFECYCLE_RULES);
    });

    it('lifecycle: unpatched moto 5.2 accepts NewerNoncurrentVersions but drops it on read', async () => {
      const raw = await startMoto({ dropNewerNoncurrentVersions: true });
      try {
        const rawAws = awsClients(raw);
        await rawAws.s3.send(new S3.CreateBucketCommand({ Bucket: 'raw-lifecycle' }));
        await rawAws.s3.send(
          new S3.PutBucketLifecycleConfigurationCommand({
            Bucket: 'raw-lifecycle',
            LifecycleConfiguration: { Rules: LIFECYCLE_RULES },
          }),
        );
        const { Rules } = await rawAws.s3.send(
          new S3.GetBucketLifecycleConfigurationCommand({ Bucket: 'raw-lifecycle' }),
        );
        assert.deepEqual(Rules?.[0]?.NoncurrentVersionExpiration, { NoncurrentDays: 90 });
      } finally {
        await raw.stop();
      }
    });

    it('PutBucketEncryption with aws:kms round-trips, and PutObject reports the key (no KMS key has to exist)', async () => {
      const keyArn = `arn:aws:kms:eu-west-1:${TEST_ACCOUNT_ID}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
      const rules = [
        {
          ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' as const, KMSMasterKeyID: keyArn },
          BucketKeyEnabled: true,
        },
      ];
      await aws.s3.send(
        new S3.PutBucketEncryptionCommand({ Bucket: bucket, ServerSideEncryptionConfiguration: { Rules: rules } }),
      );
      assert.deepEqual(
        (await aws.s3.send(new S3.GetBucketEncryptionCommand({ Bucket: bucket }))).ServerSideEncryptionConfiguration
          ?.Rules,
        rules,
      );
      const put = await putObject(aws.s3, bucket, 'encrypted');
      assert.deepEqual([put.ServerSideEncryption, put.SSEKMSKeyId], ['aws:kms', keyArn]);
    });

    it('bucket tagging round-trips', async () => {
      const TagSet = [
        { Key: 'Project', Value: 'demo' },
        { Key: 'ManagedBy', Value: 'stateward' },
      ];
      await aws.s3.send(new S3.PutBucketTaggingCommand({ Bucket: bucket, Tagging: { TagSet } }));
      assert.deepEqual((await aws.s3.send(new S3.GetBucketTaggingCommand({ Bucket: bucket }))).TagSet, TagSet);
    });

    it('PutObject with If-None-Match: * answers 412 PreconditionFailed when the key exists', async () => {
      assert.deepEqual(await attempt(putObject(aws.s3, bucket, 'lock.tflock', { IfNoneMatch: '*' })), { status: 200 });
      assert.deepEqual(await attempt(putObject(aws.s3, bucket, 'lock.tflock', { IfNoneMatch: '*' })), {
        status: 412,
        code: 'PreconditionFailed',
      });
    });

    it('PutObject with an If-Match that is not the current ETag answers 412 PreconditionFailed', async () => {
      assert.deepEqual(await attempt(putObject(aws.s3, bucket, 'lock.tflock', { IfMatch: '"not-the-etag"' })), {
        status: 412,
        code: 'PreconditionFailed',
      });
    });

    it('IAM role MaxSessionDuration is stored but not validated (AWS: 3600..43200)', async () => {
      await aws.iam.send(
        new IAM.CreateRoleCommand({
          RoleName: 'msd',
          AssumeRolePolicyDocument: trust({ AWS: TEST_ACCOUNT_ID }),
          MaxSessionDuration: 3600,
        }),
      );
      await aws.iam.send(new IAM.UpdateRoleCommand({ RoleName: 'msd', MaxSessionDuration: 100 }));
      assert.equal((await aws.iam.send(new IAM.GetRoleCommand({ RoleName: 'msd' }))).Role?.MaxSessionDuration, 100);
    });

    it('AWS managed policies: only those the harness loads (ReadOnlyAccess) exist and attach; others are NoSuchEntity', async () => {
      const readOnly = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
      const found = await aws.iam.send(new IAM.GetPolicyCommand({ PolicyArn: readOnly }));
      assert.equal(found.Policy?.Arn, readOnly);
      await aws.iam.send(
        new IAM.CreateRoleCommand({
          RoleName: 'reader.plan',
          AssumeRolePolicyDocument: trust({ AWS: TEST_ACCOUNT_ID }),
        }),
      );
      await aws.iam.send(new IAM.AttachRolePolicyCommand({ RoleName: 'reader.plan', PolicyArn: readOnly }));
      const attached = await aws.iam.send(new IAM.ListAttachedRolePoliciesCommand({ RoleName: 'reader.plan' }));
      assert.deepEqual(
        attached.AttachedPolicies?.map((p) => p.PolicyArn),
        [readOnly],
      );
      const other = await attempt(
        aws.iam.send(new IAM.GetPolicyCommand({ PolicyArn: 'arn:aws:iam::aws:policy/PowerUserAccess' })),
      );
      assert.deepEqual(other, { status: 404, code: 'NoSuchEntityException' });
    });

    it('PermissionsBoundary is set by CreateRole and PutRolePermissionsBoundary and cleared by Delete', async () => {
      const boundary = `arn:aws:iam::${TEST_ACCOUNT_ID}:policy/boundary`;
      await aws.iam.send(
        new IAM.CreatePolicyCommand({
          PolicyName: 'boundary',
          PolicyDocument: JSON.stringify(policy(allow('s3:*', '*'))),
        }),
      );
      await aws.iam.send(
        new IAM.CreateRoleCommand({
          RoleName: 'bounded',
          AssumeRolePolicyDocument: trust({ AWS: TEST_ACCOUNT_ID }),
          PermissionsBoundary: boundary,
        }),
      );
      const boundaryOf = async () =>
        (await aws.iam.send(new IAM.GetRoleCommand({ RoleName: 'bounded' }))).Role?.PermissionsBoundary
          ?.PermissionsBoundaryArn;
      assert.equal(await boundaryOf(), boundary);
      await aws.iam.send(new IAM.DeleteRolePermissionsBoundaryCommand({ RoleName: 'bounded' }));
      assert.equal(await boundaryOf(), undefined);
      await aws.iam.send(
        new IAM.PutRolePermissionsBoundaryCommand({ RoleName: 'bounded', PermissionsBoundary: boundary }),
      );
      assert.equal(await boundaryOf(), boundary);
    });

    it('tags on roles, managed policies and OIDC providers: at creation and by Tag*, listed by List*Tags', async () => {
      const tag = (Key: string) => ({ Key, Value: 'v' });
      await aws.iam.send(
        new IAM.CreateRoleCommand({
          RoleName: 'tagged',
          AssumeRolePolicyDocument: trust({ AWS: TEST_ACCOUNT_ID }),
          Tags: [tag('A')],
        }),
      );
      await aws.iam.send(new IAM.TagRoleCommand({ RoleName: 'tagged', Tags: [tag('B')] }));
      const policyArn = (
        await aws.iam.send(
          new IAM.CreatePolicyCommand({
            PolicyName: 'tagged',
            PolicyDocument: JSON.stringify(policy(allow('s3:GetObject', '*'))),
            Tags: [tag('A')],
          }),
        )
      ).Policy?.Arn;
      await aws.iam.send(new IAM.TagPolicyCommand({ PolicyArn: policyArn, Tags: [tag('B')] }));
      const providerArn = (
        await aws.iam.send(
          new IAM.CreateOpenIDConnectProviderCommand({
            Url: 'https://token.actions.githubusercontent.com',
            ClientIDList: ['sts.amazonaws.com'],
            Tags: [tag('A')],
          }),
        )
      ).OpenIDConnectProviderArn;
      await aws.iam.send(
        new IAM.TagOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: providerArn, Tags: [tag('B')] }),
      );
      const keys = (tags: IAM.Tag[] | undefined) => (tags ?? []).map((t) => t.Key).sort();
      assert.deepEqual(keys((await aws.iam.send(new IAM.ListRoleTagsCommand({ RoleName: 'tagged' }))).Tags), [
        'A',
        'B',
      ]);
      assert.deepEqual(keys((await aws.iam.send(new IAM.ListPolicyTagsCommand({ PolicyArn: policyArn }))).Tags), [
        'A',
        'B',
      ]);
      assert.deepEqual(
        keys(
          (await aws.iam.send(new IAM.ListOpenIDConnectProviderTagsCommand({ OpenIDConnectProviderArn: providerArn })))
            .Tags,
        ),
        ['A', 'B'],
      );
    });

    it('OIDC provider: no thumbprint needed, Url comes back without https://, a duplicate is 409 EntityAlreadyExists', async () => {
      const providerArn = `arn:aws:iam::${TEST_ACCOUNT_ID}:oidc-provider/token.actions.githubusercontent.com`;
      const provider = await aws.iam.send(
        new IAM.GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: providerArn }),
      );
      assert.equal(provider.Url, 'token.actions.githubusercontent.com');
      const again = new IAM.CreateOpenIDConnectProviderCommand({
        Url: 'https://token.actions.githubusercontent.com',
        ClientIDList: ['sts.amazonaws.com'],
      });
      assert.deepEqual(await attempt(aws.iam.send(again)), { status: 409, code: 'EntityAlreadyExistsException' });
    });

    it('an IAM user may hold two access keys; a third is 409 LimitExceeded (as on AWS)', async () => {
      await aws.iam.send(new IAM.CreateUserCommand({ UserName: 'two-keys' }));
      const createKey = () => aws.iam.send(new IAM.CreateAccessKeyCommand({ UserName: 'two-keys' }));
      await createKey();
      await createKey();
      assert.deepEqual(await attempt(createKey()), { status: 409, code: 'LimitExceededException' });
    });

    it('iam:SimulateCustomPolicy is not implemented (HTTP 500)', async () => {
      const simulate = new IAM.SimulateCustomPolicyCommand({
        PolicyInputList: [JSON.stringify(policy())],
        ActionNames: ['s3:GetObject'],
      });
      assert.equal((await attempt(aws.iam.send(simulate))).status, 500);
    });

    it('DynamoDB PutResourcePolicy/GetResourcePolicy round-trip, but the policy is not enforced', async () => {
      await createLockTable(aws.dynamodb, 'with-resource-policy');
      const tableArn = `arn:aws:dynamodb:eu-west-1:${TEST_ACCOUNT_ID}:table/with-resource-policy`;
      const document = JSON.stringify(policy(deny('dynamodb:*', tableArn)));
      await aws.dynamodb.send(new DDB.PutResourcePolicyCommand({ ResourceArn: tableArn, Policy: document }));
      assert.equal(
        (await aws.dynamodb.send(new DDB.GetResourcePolicyCommand({ ResourceArn: tableArn }))).Policy,
        document,
      );
      assert.deepEqual(
        await attempt(aws.dynamodb.send(new DDB.DeleteTableCommand({ TableName: 'with-resource-policy' }))),
        { status: 200 },
      );
    });

    it('DynamoDB PutItem with attribute_not_exists on a held lock: 400 ConditionalCheckFailedException', async () => {
      await createLockTable(aws.dynamodb, 'locks');
      const put = () =>
        aws.dynamodb.send(
          new DDB.PutItemCommand({
            TableName: 'locks',
            Item: { LockID: { S: 'b/k' } },
            ConditionExpression: 'attribute_not_exists(LockID)',
          }),
        );
      await put();
      assert.deepEqual(await attempt(put()), { status: 400, code: 'ConditionalCheckFailedException' });
    });

    it('ListBuckets: BucketRegion with the harness patch; unpatched moto 5.2 leaves it out', async () => {
      const regionOf = async (client: S3.S3Client) =>
        (await client.send(new S3.ListBucketsCommand({}))).Buckets?.find((b) => b.Name === bucket)?.BucketRegion;
      assert.equal(await regionOf(aws.s3), await aws.s3.config.region());
      const raw = await startMoto({ motoListBuckets: true });
      try {
        const rawAws = awsClients(raw);
        await rawAws.s3.send(new S3.CreateBucketCommand({ Bucket: bucket }));
        assert.equal(await regionOf(rawAws.s3), undefined);
      } finally {
        await raw.stop();
      }
    });

    it('GetAccountAuthorizationDetails: one page whatever MaxItems says, trust not URL-encoded, no MaxSessionDuration', async () => {
      const trust = JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
      });
      for (const RoleName of ['gaad-1', 'gaad-2'])
        await aws.iam.send(
          new IAM.CreateRoleCommand({ RoleName, AssumeRolePolicyDocument: trust, MaxSessionDuration: 7200 }),
        );
      const page = await aws.iam.send(new IAM.GetAccountAuthorizationDetailsCommand({ Filter: ['Role'], MaxItems: 1 }));
      const roles = (page.RoleDetailList ?? []).filter((r) => r.RoleName?.startsWith('gaad-'));
      assert.equal(page.IsTruncated, false);
      assert.equal(roles.length, 2);
      assert.equal(roles[0]?.AssumeRolePolicyDocument, trust);
      assert.equal('MaxSessionDuration' in (roles[0] ?? {}), false);
    });
  });
});

// Raw moto's own evaluation (startMoto({ motoIamEvaluation: true })): what the harness's stateward_moto patch
// replaces by default. Its facts are pinned in test/e2e/moto-conditions.test.ts.
describe('c. moto 5.2.1 with IAM enforcement (INITIAL_NO_AUTH_ACTION_COUNT=0), its own evaluation', () => {
  let moto: Moto;
  let admin: AwsClients;
  const as = (credentials: AwsCredentials) => awsClients(moto, credentials);
  const user = async (name: string, ...statements: object[]) =>
    as(await createUserWithPolicy(admin.iam, name, policy(...statements)));
  const roleArn = (name: string) => `arn:aws:iam::${TEST_ACCOUNT_ID}:role/${name}`;
  const userArn = (name: string) => `arn:aws:iam::${TEST_ACCOUNT_ID}:user/${name}`;

  before(async () => {
    moto = await startMoto({ enforceIam: true, motoIamEvaluation: true });
    admin = as(await createAdmin(moto));
    for (const bucket of ['granted', 'other']) {
      await createBucket(admin.s3, bucket);
      await putObject(admin.s3, bucket, 'state');
    }
  });
  after(async () => moto.stop());

  it('keys that belong to no IAM user are refused: 403 InvalidAccessKeyId', async () => {
    assert.deepEqual(await attempt(awsClients(moto).s3.send(new S3.ListBucketsCommand({}))), {
      status: 403,
      code: 'InvalidAccessKeyId',
    });
  });

  it("an IAM user's policy is enforced for S3 by action and resource: 403 AccessDenied outside it", async () => {
    const reader = await user('reader', allow('s3:GetObject', 'arn:aws:s3:::granted/*'));
    assert.deepEqual(await attempt(getObject(reader.s3, 'granted', 'state')), { status: 200 });
    assert.deepEqual(await attempt(getObject(reader.s3, 'other', 'state')), { status: 403, code: 'AccessDenied' });
    assert.deepEqual(await attempt(putObject(reader.s3, 'granted', 'state')), { status: 403, code: 'AccessDenied' });
  });

  it('HeadObject of a missing key is 404 without s3:ListBucket (AWS: 403)', async () => {
    const reader = await user('head-reader', allow('s3:GetObject', 'arn:aws:s3:::granted/*'));
    assert.deepEqual(await attempt(reader.s3.send(new S3.HeadObjectCommand({ Bucket: 'granted', Key: 'missing' }))), {
      status: 404,
      code: 'NotFound',
    });
  });

  it('an identity Allow with a condition acts unconditioned (only StringEquals on a key moto supplies is evaluated)', async () => {
    const conditioned = await user(
      'conditioned',
      allow('s3:GetObject', 'arn:aws:s3:::granted/*', { Condition: { StringEquals: { 'aws:username': 'nobody' } } }),
    );
    assert.deepEqual(await attempt(getObject(conditioned.s3, 'granted', 'state')), { status: 200 });
  });

  it('a bucket-policy Allow grants nothing to a user without an identity grant (AWS: allowed, same account)', async () => {
    const stranger = await user('stranger', allow('iam:GetUser', '*'));
    await admin.s3.send(
      new S3.PutBucketPolicyCommand({
        Bucket: 'other',
        Policy: JSON.stringify(
          policy({
            Effect: 'Allow',
            Principal: { AWS: userArn('stranger') },
            Action: 's3:GetObject',
            Resource: 'arn:aws:s3:::other/*',
          }),
        ),
      }),
    );
    assert.deepEqual(await attempt(getObject(stranger.s3, 'other', 'state')), { status: 403, code: 'AccessDenied' });
    await admin.s3.send(new S3.DeleteBucketPolicyCommand({ Bucket: 'other' }));
  });

  describe('sts:AssumeRole', () => {
    before(async () => {
      const roles: Array<[string, string]> = [
        ['tf-granted', trust({ AWS: userArn('assumer') })],
        ['tf-account-root', trust({ AWS: `arn:aws:iam::${TEST_ACCOUNT_ID}:root` })],
        [
          'tf-mfa',
          trust({ AWS: userArn('assumer') }, { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }),
        ],
        [
          'tf-external-id',
          trust({ AWS: userArn('assumer') }, { Condition: { StringEquals: { 'sts:ExternalId': 'expected' } } }),
        ],
      ];
      for (const [RoleName, AssumeRolePolicyDocument] of roles)
        await admin.iam.send(new IAM.CreateRoleCommand({ RoleName, AssumeRolePolicyDocument }));
      const rolePolicy = JSON.stringify(policy(allow('s3:GetObject', 'arn:aws:s3:::granted/*')));
      await admin.iam.send(
        new IAM.PutRolePolicyCommand({ RoleName: 'tf-granted', PolicyName: 'state', PolicyDocument: rolePolicy }),
      );
      assumerKeys = await createUserWithPolicy(admin.iam, 'assumer', policy(allow('sts:AssumeRole', '*')));
      noStsKeys = await createUserWithPolicy(admin.iam, 'no-sts', policy(allow('s3:ListAllMyBuckets', '*')));
    });
    let assumerKeys: AwsCredentials;
    let noStsKeys: AwsCredentials;
    const assumer = () => as(assumerKeys);

    it("the role's policies are enforced for the session's credentials", async () => {
      const session = as(await assumeRole(assumer().sts, roleArn('tf-granted')));
      assert.deepEqual(await attempt(getObject(session.s3, 'granted', 'state')), { status: 200 });
      assert.deepEqual(await attempt(getObject(session.s3, 'other', 'state')), { status: 403, code: 'AccessDenied' });
    });

    it('the caller needs sts:AssumeRole in its own policy, even when the trust policy names it', async () => {
      await admin.iam.send(
        new IAM.UpdateAssumeRolePolicyCommand({
          RoleName: 'tf-granted',
          PolicyDocument: trust({ AWS: [userArn('assumer'), userArn('no-sts')] }),
        }),
      );
      const noSts = as(noStsKeys);
      assert.deepEqual(
        await attempt(
          noSts.sts.send(new STS.AssumeRoleCommand({ RoleArn: roleArn('tf-granted'), RoleSessionName: 's' })),
        ),
        {
          status: 403,
          code: 'AccessDenied',
        },
      );
    });

    it('a trust principal of arn:aws:iam::ACCOUNT:root does not admit users of that account (AWS: it does)', async () => {
      const tryAssume = assumer().sts.send(
        new STS.AssumeRoleCommand({ RoleArn: roleArn('tf-account-root'), RoleSessionName: 's' }),
      );
      assert.deepEqual(await attempt(tryAssume), { status: 403, code: 'AccessDenied' });
    });

    it('a trust condition Bool aws:MultiFactorAuthPresent is ignored: assuming without MFA works (AWS: denied)', async () => {
      const tryAssume = assumer().sts.send(
        new STS.AssumeRoleCommand({ RoleArn: roleArn('tf-mfa'), RoleSessionName: 's' }),
      );
      assert.deepEqual(await attempt(tryAssume), { status: 200 });
    });

    it('StringEquals sts:ExternalId is enforced when an ExternalId is sent, and passes when none is (AWS: denied)', async () => {
      const sts = assumer().sts;
      const withId = (ExternalId?: string) =>
        attempt(
          sts.send(new STS.AssumeRoleCommand({ RoleArn: roleArn('tf-external-id'), RoleSessionName: 's', ExternalId })),
        );
      assert.deepEqual(await withId('wrong'), { status: 403, code: 'AccessDenied' });
      assert.deepEqual(await withId(undefined), { status: 200 });
    });

    it('a role of another account that does not exist can still be assumed (AWS: AccessDenied)', async () => {
      const tryAssume = admin.sts.send(
        new STS.AssumeRoleCommand({ RoleArn: `arn:aws:iam::${OTHER_ACCOUNT}:role/nope`, RoleSessionName: 's' }),
      );
      assert.deepEqual(await attempt(tryAssume), { status: 200 });
    });
  });

  it('DynamoDB grants must use Resource "*": a table-ARN grant is refused with 403 (and an XML body the SDK cannot parse)', async () => {
    await createLockTable(admin.dynamodb, 'terraform-locks');
    const putItem = (clients: AwsClients) =>
      clients.dynamodb.send(new DDB.PutItemCommand({ TableName: 'terraform-locks', Item: { LockID: { S: 'b/k' } } }));
    const byArn = await user(
      'ddb-arn',
      allow('dynamodb:PutItem', `arn:aws:dynamodb:eu-west-1:${TEST_ACCOUNT_ID}:table/terraform-locks`),
    );
    const byStar = await user('ddb-star', allow('dynamodb:PutItem', '*'));
    assert.equal((await attempt(putItem(byArn))).status, 403);
    assert.deepEqual(await attempt(putItem(byStar)), { status: 200 });
  });

  it('IAM grants are resource-level: iam:GetRole on one role ARN allows that role only', async () => {
    const getter = await user('role-getter', allow('iam:GetRole', roleArn('tf-granted')));
    assert.deepEqual(await attempt(getter.iam.send(new IAM.GetRoleCommand({ RoleName: 'tf-granted' }))), {
      status: 200,
    });
    assert.deepEqual(await attempt(getter.iam.send(new IAM.GetRoleCommand({ RoleName: 'tf-mfa' }))), {
      status: 403,
      code: 'AccessDenied',
    });
  });

  it("an admin of another account reads this account's objects: no cross-account check (AWS: denied)", async () => {
    const otherAdmin = as(await createAdminInAccount(moto, OTHER_ACCOUNT));
    assert.deepEqual(await attempt(getObject(otherAdmin.s3, 'granted', 'state')), { status: 200 });
  });

  it('with the SigV4 check off (the default here), a wrong secret key is accepted for a known access key', async () => {
    const known = await createUserWithPolicy(admin.iam, 'wrong-secret', policy(allow('s3:GetObject', '*')));
    assert.deepEqual(await attempt(getObject(as({ ...known, secretAccessKey: 'wrong' }).s3, 'granted', 'state')), {
      status: 200,
    });
  });
});

describe("moto 5.2.1's own SigV4 check (startMoto({ verifySignatures: true }))", () => {
  let moto: Moto;
  let admin: AwsClients;
  before(async () => {
    moto = await startMoto({ enforceIam: true, verifySignatures: true });
    admin = awsClients(moto, await createAdmin(moto));
    await createBucket(admin.s3, 'signed');
  });
  after(async () => moto.stop());

  it("rejects a query with a percent-encoded character, such as terraform's prefix=env%3A%2F: 403 SignatureDoesNotMatch", async () => {
    const list = (Prefix: string) => attempt(admin.s3.send(new S3.ListObjectsV2Command({ Bucket: 'signed', Prefix })));
    assert.deepEqual(await list('plain'), { status: 200 });
    assert.deepEqual(await list('env:/'), { status: 403, code: 'SignatureDoesNotMatch' });
  });
});

function createBucketRaw(s3: S3.S3Client, Bucket: string) {
  return s3.send(
    new S3.CreateBucketCommand({ Bucket, CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }),
  );
}
