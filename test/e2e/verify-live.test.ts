// verify --live against an account built by `stateward apply` on moto: it holds, and each change made
// behind our back (issue 4) is reported as the violation it is, with the statement that allows it.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as IAM from '@aws-sdk/client-iam';
import * as S3 from '@aws-sdk/client-s3';
import type { PolicyDocument } from '../../src/iam/document.ts';
import { bucketOf, stateward, writeConfig } from '../aws/e2e-cli.ts';
import { type AwsClients, awsClients } from '../support/aws.ts';
import { type Moto, startMoto } from '../support/moto.ts';

describe('verify --live', () => {
  let moto: Moto;
  let aws: AwsClients;
  let config: string;
  const run = (...args: string[]) => stateward(moto, ['-c', config, ...args]);

  before(async () => {
    moto = await startMoto();
    aws = awsClients(moto);
    for (const UserName of ['alice', 'bob']) await aws.iam.send(new IAM.CreateUserCommand({ UserName }));
    config = writeConfig([{ name: 'web' }, { name: 'data', locking: 'dynamodb' }]);
    const applied = await run('apply', '--auto-approve');
    assert.equal(applied.code, 0, applied.stderr);
  });
  after(async () => moto?.stop());

  const trustOf = async (role: string) =>
    JSON.parse(
      decodeURIComponent(
        (await aws.iam.send(new IAM.GetRoleCommand({ RoleName: role }))).Role!.AssumeRolePolicyDocument!,
      ),
    ) as PolicyDocument;
  const setTrust = (role: string, doc: PolicyDocument) =>
    aws.iam.send(new IAM.UpdateAssumeRolePolicyCommand({ RoleName: role, PolicyDocument: JSON.stringify(doc) }));
  const repair = async () => {
    const repaired = await run('apply', '--auto-approve');
    assert.equal(repaired.code, 0, repaired.stderr);
    assert.equal((await run('verify', '--live')).code, 0, 'repaired');
  };

  it('passes on the account stateward built', async () => {
    const verified = await run('verify', '--live');
    assert.equal(verified.code, 0, verified.stdout + verified.stderr);
    assert.match(verified.stdout, /^verify: the live account, \d+ cells, 0 violations/);
  });

  it('fails on a broad statement (s3:* on *) added to a role, naming the statement', async () => {
    const name = 'stateward-state-access';
    const current = JSON.parse(
      decodeURIComponent(
        (await aws.iam.send(new IAM.GetRolePolicyCommand({ RoleName: 'tf-web', PolicyName: name }))).PolicyDocument!,
      ),
    ) as PolicyDocument;
    current.Statement.push({ Sid: 'Everything', Effect: 'Allow', Action: 's3:*', Resource: '*' });
    await aws.iam.send(
      new IAM.PutRolePolicyCommand({ RoleName: 'tf-web', PolicyName: name, PolicyDocument: JSON.stringify(current) }),
    );
    const verified = await run('verify', '--live');
    assert.equal(verified.code, 2, verified.stderr);
    assert.match(
      verified.stdout,
      /role\/tf-web CAN read data:data\/terraform.tfstate \[fence aside, without the declared infrastructure policies\].*decided by stateward-state-access\/Everything/,
    );
    await repair();
  });

  it('fails on the MFA condition removed from a trust policy', async () => {
    const trust = await trustOf('tf-web');
    delete trust.Statement.find((s) => s.Sid === 'HumansWithMfa')!.Condition;
    await setTrust('tf-web', trust);
    const verified = await run('verify', '--live');
    assert.equal(verified.code, 2);
    assert.match(
      verified.stdout,
      /web: alice without MFA CAN assume the role \(expected refused\), decided by trust tf-web\/HumansWithMfa/,
    );
    await repair();
  });

  it('fails on the sub condition widened to repo:acme/*', async () => {
    const trust = await trustOf('tf-data');
    const github = trust.Statement.find((s) => s.Sid === 'GitHubActions')!;
    github.Condition = {
      StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
      StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:acme/*' },
    };
    await setTrust('tf-data', trust);
    const verified = await run('verify', '--live');
    assert.equal(verified.code, 2);
    assert.match(
      verified.stdout,
      /data: workflow of acme\/another-repo CAN assume the role \(expected refused\), decided by trust tf-data\/GitHubActions/,
    );
    await repair();
  });

  it('fails on a bucket policy statement granting another account read', async () => {
    const Bucket = bucketOf('web');
    const policy = JSON.parse((await aws.s3.send(new S3.GetBucketPolicyCommand({ Bucket }))).Policy!) as PolicyDocument;
    policy.Statement.push({
      Sid: 'PartnerRead',
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::444455556666:root' },
      Action: 's3:GetObject',
      Resource: `arn:aws:s3:::${Bucket}/*`,
    });
    await aws.s3.send(new S3.PutBucketPolicyCommand({ Bucket, Policy: JSON.stringify(policy) }));
    const verified = await run('verify', '--live');
    assert.equal(verified.code, 2);
    assert.match(
      verified.stdout,
      /arn:aws:iam::444455556666:role\/someone CAN read web:web\/terraform.tfstate.*decided by .*bucket tfstate-web-123456789012\/PartnerRead/,
    );
  });
});
