// Bucket sniping (issue 12, finding 2): another account holds tfstate-<project>-<our account> before the first
// apply. plan and apply leave that project out whole (no role tf-<project>, nothing written to the bucket), say
// why with the fix, and exit 1; the other project is planned and applied as usual.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as IAM from '@aws-sdk/client-iam';
import * as S3 from '@aws-sdk/client-s3';
import { bucketOf, roleExists, stateBuckets, stateward, writeConfig } from '../aws/e2e-cli.ts';
import { type AwsClients, assumeRole, awsClients } from '../support/aws.ts';
import { type Moto, startMoto, TEST_REGION } from '../support/moto.ts';

const OTHER_ACCOUNT = '444455556666';

describe('a bucket name another account took first', () => {
  let moto: Moto;
  let aws: AwsClients;
  let other: AwsClients;
  let config: string;
  const run = (...args: string[]) => stateward(moto, ['-c', config, ...args]);
  const taken = bucketOf('taken');

  before(async () => {
    moto = await startMoto();
    aws = awsClients(moto);
    for (const UserName of ['alice', 'bob']) await aws.iam.send(new IAM.CreateUserCommand({ UserName }));
    other = awsClients(moto, await assumeRole(aws.sts, `arn:aws:iam::${OTHER_ACCOUNT}:role/squatter`));
    await other.s3.send(
      new S3.CreateBucketCommand({ Bucket: taken, CreateBucketConfiguration: { LocationConstraint: TEST_REGION } }),
    );
    config = writeConfig([{ name: 'web' }, { name: 'taken' }]);
  });
  after(async () => moto?.stop());

  it('plan shows the other project, leaves this one out saying why and the fix, and exits 1', async () => {
    const planned = await run('plan', '--detailed-exitcode');
    assert.equal(planned.code, 1, planned.stderr);
    assert.match(planned.stdout, /project web\n/);
    assert.doesNotMatch(planned.stdout, /project taken\n|tf-taken\n/);
    assert.match(planned.stdout, /Not planned \(apply creates nothing of these projects and fails\):/);
    assert.match(planned.stderr, /PLAN_BUCKET_FOREIGN/);
    assert.match(
      planned.stderr,
      new RegExp(`bucket ${taken} \\(project "taken"\\) already exists and belongs to another AWS account`),
    );
    assert.match(planned.stderr, /rename project "taken" in the config/);
  });

  it('apply creates the other project, nothing of this one, says why and exits 1', async () => {
    const applied = await run('apply', '--auto-approve');
    assert.equal(applied.code, 1, applied.stdout);
    assert.match(applied.stdout, /Apply incomplete: \d+ applied, 0 failed, 0 skipped, 1 project left out\./);
    assert.match(applied.stderr, /PLAN_BUCKET_FOREIGN/);
    assert.match(applied.stderr, /no role tf-taken/);
    assert.match(applied.stderr, new RegExp(`delete bucket ${taken} in the account that owns it`));
    assert.equal(await roleExists(aws, 'tf-web'), true);
    assert.deepEqual(await stateBuckets(aws), [bucketOf('web')]);
    assert.equal(await roleExists(aws, 'tf-taken'), false);
    const versioning = await other.s3.send(new S3.GetBucketVersioningCommand({ Bucket: taken }));
    assert.equal(versioning.Status, undefined, 'nothing was written to the other account’s bucket');
    await assert.rejects(other.s3.send(new S3.GetBucketPolicyCommand({ Bucket: taken })), {
      name: 'NoSuchBucketPolicy',
    });
  });

  it('apply again changes nothing and still says why; without the project, plan is clean', async () => {
    const again = await run('apply', '--auto-approve');
    assert.equal(again.code, 1, again.stdout);
    assert.match(again.stdout, /No changes for the other projects\./);
    assert.match(again.stderr, /PLAN_BUCKET_FOREIGN/);
    config = writeConfig([{ name: 'web' }]);
    const planned = await run('plan', '--detailed-exitcode');
    assert.equal(planned.code, 0, planned.stdout + planned.stderr);
  });
});
