// The condition-aware test bed (test/support/moto-python/stateward_moto, docs/moto-notes.md section e): with IAM
// enforcement on, patched moto evaluates identity policies, bucket policies, the lock table's resource policy and
// role trust with the condition keys stateward's documents use. One row per fact: the call, made through the SDK,
// and the answer a user would get on AWS.

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
  enableVirtualMfa,
} from '../support/aws.ts';
import { type Moto, startMoto, TEST_ACCOUNT_ID, TEST_REGION } from '../support/moto.ts';

const OTHER_ACCOUNT = '111122223333';
const BUCKET = 'fenced';
/** Without a bucket policy: for the identity-policy rows. */
const OPEN = 'open';
const TABLE = 'terraform-locks';
const TABLE_ARN = `arn:aws:dynamodb:${TEST_REGION}:${TEST_ACCOUNT_ID}:table/${TABLE}`;
const userArn = (name: string) => `arn:aws:iam::${TEST_ACCOUNT_ID}:user/${name}`;
const roleArn = (name: string) => `arn:aws:iam::${TEST_ACCOUNT_ID}:role/${name}`;
const policy = (...Statement: object[]) => ({ Version: '2012-10-17', Statement });
const allow = (Action: string | string[], Resource: string | string[], Condition?: object) => ({
  Effect: 'Allow',
  Action,
  Resource,
  ...(Condition ? { Condition } : {}),
});
const deny = (Action: string | string[], Resource: string | string[], Condition: object) => ({
  Effect: 'Deny',
  Principal: '*',
  Action,
  Resource,
  Condition,
});
const objects = `arn:aws:s3:::${BUCKET}/*`;

type Outcome = { status: number | undefined; code?: string };
const OK: Outcome = { status: 200 };
const DENIED: Outcome = { status: 403, code: 'AccessDenied' };
const DDB_DENIED: Outcome = { status: 400, code: 'AccessDeniedException' };

const getObject = (c: AwsClients, Bucket = BUCKET) => c.s3.send(new S3.GetObjectCommand({ Bucket, Key: 'state' }));
const putObject = (c: AwsClients, Bucket = BUCKET, Key = 'state', extra: Partial<S3.PutObjectCommandInput> = {}) =>
  c.s3.send(new S3.PutObjectCommand({ Bucket, Key, Body: 'x', ...extra }));
const list = (c: AwsClients, Prefix?: string) => c.s3.send(new S3.ListObjectsV2Command({ Bucket: BUCKET, Prefix }));
const putItem = (c: AwsClients, LockID: string, extra: Record<string, DDB.AttributeValue> = {}) =>
  c.dynamodb.send(new DDB.PutItemCommand({ TableName: TABLE, Item: { LockID: { S: LockID }, ...extra } }));
const getItem = (c: AwsClients, LockID: string) =>
  c.dynamodb.send(new DDB.GetItemCommand({ TableName: TABLE, Key: { LockID: { S: LockID } } }));

describe('patched moto under enforcement, served over TLS: conditions are evaluated', () => {
  let moto: Moto;
  let admin: AwsClients;
  const as: Record<string, AwsClients> = {};
  const user = async (name: string, ...statements: object[]) => {
    as[name] = awsClients(moto, await createUserWithPolicy(admin.iam, name, policy(...statements)));
  };

  before(async () => {
    moto = await startMoto({ enforceIam: true, tls: true });
    admin = awsClients(moto, await createAdmin(moto));
    for (const bucket of [BUCKET, OPEN]) {
      await createBucket(admin.s3, bucket);
      await putObject(admin, bucket);
    }
    await createLockTable(admin.dynamodb, TABLE);
    await user('writer', allow('s3:*', '*'), allow('dynamodb:*', '*'));
    await user('reader', allow('s3:*', '*'));
    await user('stranger', allow('s3:*', '*'), allow('dynamodb:*', '*'));
    await user(
      'prefixed',
      allow('s3:ListBucket', `arn:aws:s3:::${BUCKET}`, { StringLike: { 's3:prefix': ['env:/*', 'env:/'] } }),
    );
    await user('non-null', allow('s3:ListBucket', `arn:aws:s3:::${BUCKET}`, { Null: { 's3:prefix': 'false' } }));
    await user('own-account', allow('s3:GetObject', '*', { StringEquals: { 's3:ResourceAccount': TEST_ACCOUNT_ID } }));
    await user('other-account', allow('s3:GetObject', '*', { StringEquals: { 's3:ResourceAccount': OTHER_ACCOUNT } }));
    await user(
      'locker',
      allow('s3:PutObject', `arn:aws:s3:::${OPEN}/*`, { StringEquals: { 's3:if-none-match': '*' } }),
    );
    await user(
      'items',
      allow('dynamodb:PutItem', TABLE_ARN, {
        'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': 'fenced/*' },
        'ForAllValues:StringEquals': { 'dynamodb:Attributes': ['LockID', 'Info'] },
      }),
    );
    await user(
      'string-like',
      allow('s3:GetObject', '*', { StringLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:user/string-*' } }),
    );
    await user('bool-yes', allow('s3:GetObject', '*', { Bool: { 'aws:SecureTransport': 'yes' } }));
    await user('if-exists', allow('s3:GetObject', '*', { StringEqualsIfExists: { 's3:prefix': 'never' } }));
    await user('encryption-reader', allow('s3:GetEncryptionConfiguration', `arn:aws:s3:::${OPEN}`));
    await user('unsupported', allow('s3:GetObject', '*', { DateGreaterThan: { 'aws:CurrentTime': '2020-01-01' } }));
    await admin.s3.send(
      new S3.PutBucketPolicyCommand({
        Bucket: BUCKET,
        Policy: JSON.stringify(
          policy(
            deny('s3:*', [`arn:aws:s3:::${BUCKET}`, objects], { Bool: { 'aws:SecureTransport': 'false' } }),
            deny('s3:*', objects, { ArnNotLike: { 'aws:PrincipalArn': [userArn('writer'), userArn('reader')] } }),
            deny('s3:ListBucket', `arn:aws:s3:::${BUCKET}`, {
              ArnNotLike: { 'aws:PrincipalArn': [userArn('writer'), userArn('reader'), userArn('p*')] },
              StringNotEquals: { 'aws:PrincipalArn': userArn('non-null') },
            }),
            {
              ...deny('s3:*', objects, { ArnEquals: { 'aws:PrincipalArn': userArn('reader') } }),
              Action: undefined,
              NotAction: 's3:GetObject',
            },
          ),
        ),
      }),
    );
    await admin.dynamodb.send(
      new DDB.PutResourcePolicyCommand({
        ResourceArn: TABLE_ARN,
        Policy: JSON.stringify(
          policy(
            deny('dynamodb:*', TABLE_ARN, {
              'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': 'fenced/*' },
              ArnNotLike: { 'aws:PrincipalArn': [userArn('writer'), userArn('items')] },
            }),
            deny(['dynamodb:DeleteTable', 'dynamodb:UpdateTable'], TABLE_ARN, {
              StringNotLike: { 'aws:PrincipalArn': userArn('admin') },
            }),
          ),
        ),
      }),
    );
  });
  after(async () => moto?.stop());

  const table: Array<[string, () => Promise<{ $metadata: { httpStatusCode?: number } }>, Outcome]> = [
    ['Bool aws:SecureTransport false: a TLS request is not denied', () => getObject(as.writer!), OK],
    ['ArnNotLike aws:PrincipalArn: a principal it names passes the object fence', () => putObject(as.writer!), OK],
    [
      'ArnNotLike aws:PrincipalArn: anyone else is denied, whatever its own policy',
      () => getObject(as.stranger!),
      DENIED,
    ],
    ['bucket-level calls are evaluated too: the listing fence denies ListObjectsV2', () => list(as.stranger!), DENIED],
    ['ArnEquals + NotAction: the named reader may GetObject', () => getObject(as.reader!), OK],
    ['ArnEquals + NotAction: the named reader may not PutObject', () => putObject(as.reader!), DENIED],
    ['StringLike s3:prefix: the allowed prefix lists', () => list(as.prefixed!, 'env:/'), OK],
    ['StringLike s3:prefix: another prefix is refused', () => list(as.prefixed!, 'other/'), DENIED],
    ['StringLike s3:prefix: no prefix at all is refused (the key is absent)', () => list(as.prefixed!), DENIED],
    ['Null s3:prefix false: a listing with a prefix passes', () => list(as['non-null']!, 'a'), OK],
    ['Null s3:prefix false: a listing without one is refused', () => list(as['non-null']!), DENIED],
    ["StringEquals s3:ResourceAccount: the bucket's own account passes", () => getObject(as['own-account']!, OPEN), OK],
    [
      'StringEquals s3:ResourceAccount: another account is refused',
      () => getObject(as['other-account']!, OPEN),
      DENIED,
    ],
    [
      's3:if-none-match "*": a conditional write passes',
      () => putObject(as.locker!, OPEN, 'l.tflock', { IfNoneMatch: '*' }),
      OK,
    ],
    ['s3:if-none-match "*": a plain write is refused', () => putObject(as.locker!, OPEN, 'l.tflock'), DENIED],
    [
      'ForAllValues LeadingKeys + Attributes: an item of the prefix with the listed attributes',
      () => putItem(as.items!, 'fenced/k', { Info: { S: 'i' } }),
      OK,
    ],
    [
      'ForAllValues:StringEquals dynamodb:Attributes: one attribute more is refused',
      () => putItem(as.items!, 'fenced/k', { Digest: { S: 'd' } }),
      DDB_DENIED,
    ],
    [
      'ForAllValues:StringLike dynamodb:LeadingKeys: an item outside the prefix is refused',
      () => putItem(as.items!, 'other/k'),
      DDB_DENIED,
    ],
    [
      'table policy ForAnyValue LeadingKeys + ArnNotLike: a named principal reaches the items',
      () => getItem(as.writer!, 'fenced/k'),
      OK,
    ],
    [
      'table policy ForAnyValue LeadingKeys + ArnNotLike: anyone else is denied',
      () => getItem(as.stranger!, 'fenced/k'),
      DDB_DENIED,
    ],
    [
      'table policy ForAnyValue LeadingKeys: items outside the prefix are not fenced',
      () => putItem(as.stranger!, 'open/k'),
      OK,
    ],
    [
      'table policy: DeleteTable is refused to a principal with dynamodb:* on "*"',
      () => as.stranger!.dynamodb.send(new DDB.DeleteTableCommand({ TableName: TABLE })),
      DDB_DENIED,
    ],
    ['StringLike aws:PrincipalArn: a matching user ARN passes', () => getObject(as['string-like']!, OPEN), OK],
    ['Bool against a value other than true/false never matches', () => getObject(as['bool-yes']!, OPEN), DENIED],
    ['IfExists: a key the request does not carry passes', () => getObject(as['if-exists']!, OPEN), OK],
    [
      'HeadBucket is s3:ListBucket: the listing fence refuses it (a HEAD answer has no body to name the error)',
      () => as.stranger!.s3.send(new S3.HeadBucketCommand({ Bucket: BUCKET })),
      { status: 403, code: 'Unknown' },
    ],
    [
      'GetBucketEncryption is s3:GetEncryptionConfiguration (the unset setting answers 404 once authorized)',
      () => as['encryption-reader']!.s3.send(new S3.GetBucketEncryptionCommand({ Bucket: OPEN })),
      { status: 404, code: 'ServerSideEncryptionConfigurationNotFoundError' },
    ],
    [
      'DeleteObjects is a DeleteObject per key: one fenced key refuses the whole request',
      () =>
        as.stranger!.s3.send(new S3.DeleteObjectsCommand({ Bucket: BUCKET, Delete: { Objects: [{ Key: 'state' }] } })),
      DENIED,
    ],
  ];
  for (const [name, call, expected] of table) it(name, async () => assert.deepEqual(await attempt(call()), expected));

  it('an operator the patch does not implement fails the request with 500 instead of being skipped', async () => {
    assert.equal((await attempt(getObject(as.unsupported!, OPEN))).status, 500);
  });

  describe('role sessions and trust', () => {
    const trust = (principal: object, Condition?: object) =>
      JSON.stringify(
        policy({
          Effect: 'Allow',
          Action: 'sts:AssumeRole',
          Principal: principal,
          ...(Condition ? { Condition } : {}),
        }),
      );
    const assume = (c: AwsClients, role: string, extra: Partial<STS.AssumeRoleCommandInput> = {}) =>
      c.sts.send(new STS.AssumeRoleCommand({ RoleArn: roleArn(role), RoleSessionName: 's', ...extra }));
    let serial: string;

    before(async () => {
      const mfa = {
        Bool: { 'aws:MultiFactorAuthPresent': 'true' },
        NumericLessThanEquals: { 'aws:MultiFactorAuthAge': '3600' },
      };
      const roles: Array<[string, string]> = [
        ['tf-writer', trust({ AWS: userArn('human') })],
        ['tf-mfa', trust({ AWS: userArn('human') }, mfa)],
        ['tf-account', trust({ AWS: `arn:aws:iam::${TEST_ACCOUNT_ID}:root` })],
        ['tf-external', trust({ AWS: userArn('human') }, { StringEquals: { 'sts:ExternalId': 'expected' } })],
      ];
      for (const [RoleName, AssumeRolePolicyDocument] of roles)
        await admin.iam.send(new IAM.CreateRoleCommand({ RoleName, AssumeRolePolicyDocument }));
      await admin.iam.send(
        new IAM.PutRolePolicyCommand({
          RoleName: 'tf-writer',
          PolicyName: 'all',
          PolicyDocument: JSON.stringify(policy(allow('s3:*', '*'))),
        }),
      );
      await user('human', allow('sts:AssumeRole', '*'));
      await user('no-sts', allow('s3:ListAllMyBuckets', '*'));
      await admin.iam.send(
        new IAM.UpdateAssumeRolePolicyCommand({
          RoleName: 'tf-writer',
          PolicyDocument: trust({ AWS: [userArn('human'), userArn('no-sts')] }),
        }),
      );
      serial = await enableVirtualMfa(admin.iam, 'human');
    });

    it("a session's aws:PrincipalArn is its role's ARN: the bucket fence naming the role admits the session", async () => {
      await admin.s3.send(
        new S3.PutBucketPolicyCommand({
          Bucket: OPEN,
          Policy: JSON.stringify(
            policy(
              deny('s3:*', `arn:aws:s3:::${OPEN}/*`, { ArnNotLike: { 'aws:PrincipalArn': roleArn('tf-writer') } }),
            ),
          ),
        }),
      );
      try {
        const session = awsClients(moto, await assumeRole(as.human!.sts, roleArn('tf-writer')));
        assert.deepEqual(await attempt(getObject(session, OPEN)), OK);
        assert.deepEqual(await attempt(getObject(as.writer!, OPEN)), DENIED);
        // NotPrincipal leaves out the exact ARN only: a listed role does not exempt its sessions.
        await admin.s3.send(
          new S3.PutBucketPolicyCommand({
            Bucket: OPEN,
            Policy: JSON.stringify(
              policy({
                Effect: 'Deny',
                NotPrincipal: { AWS: [roleArn('tf-writer'), userArn('admin')] },
                Action: 's3:GetObject',
                Resource: `arn:aws:s3:::${OPEN}/*`,
              }),
            ),
          }),
        );
        assert.deepEqual(await attempt(getObject(session, OPEN)), DENIED);
      } finally {
        await admin.s3.send(new S3.DeleteBucketPolicyCommand({ Bucket: OPEN }));
      }
    });

    const rows: Array<[string, () => Promise<{ $metadata: { httpStatusCode?: number } }>, Outcome]> = [
      ['MFA trust: assuming without MFA is refused', () => assume(as.human!, 'tf-mfa'), DENIED],
      [
        'MFA trust: with a serial number of one of its own MFA devices and a six-digit code it passes',
        () => assume(as.human!, 'tf-mfa', { SerialNumber: serial, TokenCode: '123456' }),
        OK,
      ],
      [
        'MFA trust: a serial number that is not its own device is refused',
        () => assume(as.human!, 'tf-mfa', { SerialNumber: `arn:aws:iam::${TEST_ACCOUNT_ID}:mfa/else`, TokenCode: '1' }),
        DENIED,
      ],
      [
        'a trust naming the account root admits a user of the account that may sts:AssumeRole',
        () => assume(as.human!, 'tf-account'),
        OK,
      ],
      [
        'a trust naming the account root does not admit a user without sts:AssumeRole',
        () => assume(as['no-sts']!, 'tf-account'),
        DENIED,
      ],
      [
        'a trust naming the user by ARN admits it without sts:AssumeRole of its own (same account)',
        () => assume(as['no-sts']!, 'tf-writer'),
        OK,
      ],
      ['a role that does not exist cannot be assumed', () => assume(as.human!, 'tf-none'), DENIED],
      ['StringEquals sts:ExternalId: no ExternalId sent is refused', () => assume(as.human!, 'tf-external'), DENIED],
      [
        'StringEquals sts:ExternalId: the expected one passes',
        () => assume(as.human!, 'tf-external', { ExternalId: 'expected' }),
        OK,
      ],
    ];
    for (const [name, call, expected] of rows) it(name, async () => assert.deepEqual(await attempt(call()), expected));
  });

  it("another account's admin is refused on this account's objects without a bucket policy that allows it", async () => {
    const otherAdmin = awsClients(moto, await createAdminInAccount(moto, OTHER_ACCOUNT));
    assert.deepEqual(await attempt(getObject(otherAdmin, OPEN)), DENIED);
  });
});

describe('patched moto under enforcement, plain HTTP', () => {
  let moto: Moto;
  let admin: AwsClients;
  before(async () => {
    moto = await startMoto({ enforceIam: true });
    admin = awsClients(moto, await createAdmin(moto));
    await createBucket(admin.s3, OPEN);
    await putObject(admin, OPEN);
  });
  after(async () => moto?.stop());

  it('Bool aws:SecureTransport false denies a request that did not come over TLS, bucket-level calls included', async () => {
    const tlsOnly = deny('s3:*', [`arn:aws:s3:::${OPEN}`, `arn:aws:s3:::${OPEN}/*`], {
      Bool: { 'aws:SecureTransport': 'false' },
    });
    await admin.s3.send(new S3.PutBucketPolicyCommand({ Bucket: OPEN, Policy: JSON.stringify(policy(tlsOnly)) }));
    assert.deepEqual(await attempt(getObject(admin, OPEN)), DENIED);
    assert.deepEqual(await attempt(admin.s3.send(new S3.GetBucketPolicyCommand({ Bucket: OPEN }))), DENIED);
  });
});
