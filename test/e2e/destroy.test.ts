// destroy as users run it, against moto: it refuses a bucket that still holds state, shows what it would
// delete (state files with serial and last modified) and asks for the project's name at a terminal (refuses
// without one unless approved), empties every version with --force (terraform's state, its history and
// delete markers), and never touches another project, the shared resources, or a bucket of another account.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as DDB from '@aws-sdk/client-dynamodb';
import * as IAM from '@aws-sdk/client-iam';
import * as S3 from '@aws-sdk/client-s3';
import { bucketOf, roleExists, stateBuckets, stateward, statewardInTerminal, writeConfig } from '../aws/e2e-cli.ts';
import { type AwsClients, assumeRole, awsClients } from '../support/aws.ts';
import { type Moto, startMoto, TEST_ACCOUNT_ID } from '../support/moto.ts';
import { type TerraformProject, terraformProject } from '../support/terraform.ts';

const OTHER_ACCOUNT = '111122223333';

describe('destroy against moto', () => {
  let moto: Moto;
  let aws: AwsClients;
  let config: string;
  let tf: TerraformProject | undefined;
  const run = (...args: string[]) => stateward(moto, ['-c', config, ...args]);
  const versionsIn = async (Bucket: string) => {
    const listed = await aws.s3.send(new S3.ListObjectVersionsCommand({ Bucket }));
    return { versions: listed.Versions?.length ?? 0, deleteMarkers: listed.DeleteMarkers?.length ?? 0 };
  };

  before(async () => {
    moto = await startMoto();
    aws = awsClients(moto);
    for (const UserName of ['alice', 'bob']) await aws.iam.send(new IAM.CreateUserCommand({ UserName }));
    config = writeConfig([{ name: 'keep' }, { name: 'gone', locking: 'both' }, { name: 'unused' }]);
    const applied = await run('apply', '--auto-approve');
    assert.equal(applied.code, 0, applied.stderr);
    // The test is about destroy: terraform only leaves state versions and locks behind. It runs on moto's default
    // keys over plain HTTP, which gone's policy (TLS-only, fence) refuses, so the policy goes first. Terraform
    // with the policy in force is fence-terraform.test.ts.
    await aws.s3.send(new S3.DeleteBucketPolicyCommand({ Bucket: bucketOf('gone') }));
    tf = terraformProject({ moto, bucket: bucketOf('gone'), key: 'gone/terraform.tfstate', locking: 'both' });
    await tf.init();
    await tf.apply({ message: 'first' });
    await tf.apply({ message: 'second' });
    await aws.s3.send(new S3.PutObjectCommand({ Bucket: bucketOf('gone'), Key: 'gone/old.tfstate', Body: '{}' }));
    await aws.s3.send(new S3.DeleteObjectCommand({ Bucket: bucketOf('gone'), Key: 'gone/old.tfstate' }));
  });
  after(async () => {
    await tf?.cleanup();
    await moto.stop();
  });

  it('refuses while the bucket holds any object version, and deletes nothing', async () => {
    const before = await versionsIn(bucketOf('gone'));
    // Two applies wrote two state versions; the .tflock files and old.tfstate left delete markers behind.
    assert.ok(before.versions >= 3 && before.deleteMarkers >= 1, JSON.stringify(before));
    const refused = await run('destroy', '--project', 'gone');
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /DESTROY_NOT_EMPTY/);
    assert.match(
      refused.stderr,
      new RegExp(
        `holds ${before.versions + before.deleteMarkers} object versions \\(${before.deleteMarkers} of them delete markers\\)`,
      ),
    );
    assert.match(refused.stderr, /--force/);
    assert.deepEqual(await versionsIn(bucketOf('gone')), before);
    assert.equal(await roleExists(aws, 'tf-gone'), true);
  });

  const lockTableIds = async (prefix: string) => {
    const scanned = await aws.dynamodb.send(new DDB.ScanCommand({ TableName: 'terraform-locks' }));
    return (scanned.Items ?? [])
      .map((item) => item.LockID!.S!)
      .filter((id) => id.startsWith(prefix))
      .sort();
  };

  it('shows what it will delete and, without a terminal, refuses unless approved; at a terminal it asks for the name', async () => {
    const before = await versionsIn(bucketOf('gone'));
    const refused = await run('destroy', '--project', 'gone', '--force');
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /\[DESTROY_NEEDS_APPROVAL\]/);
    assert.match(refused.stderr, /--auto-approve/);
    assert.match(
      refused.stdout,
      /^destroy project gone deletes:\n {2}role tf-gone, with its inline policies and attachments\n {2}role tf-gone\.plan, with its inline policies and attachments\n/,
    );
    assert.match(
      refused.stdout,
      new RegExp(
        `\\n {2}bucket ${bucketOf('gone')}: 1 object, ${before.versions} object versions, ${before.deleteMarkers} delete markers\\n`,
      ),
    );
    // Two applies: serial 2 (terraform counts from 1 and bumps on each write with changes).
    assert.match(
      refused.stdout,
      /\n {4}state gone\/terraform\.tfstate: serial \d+, last modified \d{4}-\d\d-\d\dT[\d:.]+Z; 2 versions\n/,
    );
    assert.match(
      refused.stdout,
      /\n {4}state gone\/old\.tfstate: deleted \(newest entry is a delete marker\); 1 version\n/,
    );
    assert.match(refused.stdout, /\n {2}1 lock table item \(0 held locks, 1 state digest\)\n/);
    assert.deepEqual(await versionsIn(bucketOf('gone')), before);

    const declined = await statewardInTerminal(
      moto,
      ['-c', config, 'destroy', '--project', 'gone', '--force'],
      'to delete all of it',
      'yes',
    );
    assert.equal(declined.code, 1, declined.stdout);
    assert.match(declined.stdout, /Type the project's name, gone, to delete all of it:/);
    assert.match(declined.stdout, /\[DESTROY_CANCELLED\]/);
    assert.deepEqual(await versionsIn(bucketOf('gone')), before, 'typing "yes" is not the name: nothing deleted');
    assert.equal(await roleExists(aws, 'tf-gone'), true);
  });

  it('with --force deletes every version and delete marker, says how many, then the bucket and the role', async () => {
    const before = await versionsIn(bucketOf('gone'));
    // Terraform left gone's state digest in the shared table; a project created again under the same name
    // would fail Terraform's checksum check on it.
    assert.deepEqual(await lockTableIds(`${bucketOf('gone')}/`), [`${bucketOf('gone')}/gone/terraform.tfstate-md5`]);
    const destroyed = await statewardInTerminal(
      moto,
      ['-c', config, 'destroy', '--project', 'gone', '--force'],
      'to delete all of it',
      'gone',
    );
    assert.equal(destroyed.code, 0, destroyed.stderr);
    assert.match(
      destroyed.stdout,
      new RegExp(
        `deleted bucket ${bucketOf('gone')} after deleting ${before.versions} object versions and ${before.deleteMarkers} delete markers`,
      ),
    );
    assert.match(destroyed.stdout, /deleted role tf-gone \(inline policies: stateward-state-access/);
    assert.equal(await roleExists(aws, 'tf-gone'), false);
    assert.match(
      destroyed.stdout,
      /deleted role tf-gone\.plan \(inline policies: stateward-state-access; detached: arn:aws:iam::aws:policy\/ReadOnlyAccess\)/,
    );
    assert.equal(await roleExists(aws, 'tf-gone.plan'), false);
    assert.deepEqual(await stateBuckets(aws), [bucketOf('keep'), bucketOf('unused')]);
    assert.match(destroyed.stdout, /deleted 1 of its items from the lock table \(locks and state digests\)/);
    assert.deepEqual(await lockTableIds(`${bucketOf('gone')}/`), []);
  });

  it('left the other projects and the shared resources as they were', async () => {
    const keep = await stateward(moto, ['-c', config, 'plan', '--detailed-exitcode', '--project', 'keep']);
    assert.equal(keep.code, 0, keep.stdout);
    const plan = await stateward(moto, ['-c', config, 'plan', '--json']);
    const ids = (JSON.parse(plan.stdout) as { changes: Array<{ id: string; project?: string }> }).changes;
    assert.ok(ids.length > 0);
    assert.deepEqual([...new Set(ids.map((c) => c.project))], ['gone'], 'only the destroyed project is missing');
    const group = await aws.iam.send(new IAM.GetGroupCommand({ GroupName: 'tf-operators' }));
    assert.deepEqual(group.Users?.map((u) => u.UserName).sort(), ['alice', 'bob']);
  });

  it('removes an empty project without --force', async () => {
    const destroyed = await run('destroy', '--project', 'unused', '--yes');
    assert.equal(destroyed.code, 0, destroyed.stderr);
    assert.match(destroyed.stdout, new RegExp(`deleted bucket ${bucketOf('unused')}\\n`));
    assert.equal(await roleExists(aws, 'tf-unused'), false);
  });

  it("refuses a bucket another account owns and touches nothing, not even the project's own role", async () => {
    const other = awsClients(moto, await assumeRole(aws.sts, `arn:aws:iam::${OTHER_ACCOUNT}:role/squatter`));
    const squatted = bucketOf('squatted', TEST_ACCOUNT_ID);
    await other.s3.send(
      new S3.CreateBucketCommand({ Bucket: squatted, CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }),
    );
    await aws.iam.send(
      new IAM.CreateRoleCommand({
        RoleName: 'tf-squatted',
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: `arn:aws:iam::${TEST_ACCOUNT_ID}:user/alice` },
              Action: 'sts:AssumeRole',
            },
          ],
        }),
      }),
    );
    const refused = await run('destroy', '--project', 'squatted', '--force', '--auto-approve');
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /AWS_BUCKET_FOREIGN/);
    assert.equal(await roleExists(aws, 'tf-squatted'), true);
    assert.equal((await other.s3.send(new S3.HeadBucketCommand({ Bucket: squatted }))).$metadata.httpStatusCode, 200);
  });

  it('refuses while a Terraform run holds a lock in the table, naming it; --force removes it', async () => {
    const lockId = `${bucketOf('held')}/held/terraform.tfstate`;
    await aws.dynamodb.send(
      new DDB.PutItemCommand({
        TableName: 'terraform-locks',
        Item: { LockID: { S: lockId }, Info: { S: '{"ID":"x"}' } },
      }),
    );
    const refused = await run('destroy', '--project', 'held');
    assert.equal(refused.code, 1);
    assert.match(
      refused.stderr,
      new RegExp(
        `\\[DESTROY_LOCKED\\] A Terraform run holds a lock on project "held" \\(${lockId.replace(/[.]/g, '\\.')}\\)\\. Nothing was deleted\\.`,
      ),
    );
    assert.deepEqual(await lockTableIds(`${bucketOf('held')}/`), [lockId]);
    const forced = await run('destroy', '--project', 'held', '--force', '--auto-approve');
    assert.equal(forced.code, 0, forced.stderr);
    assert.deepEqual(await lockTableIds(`${bucketOf('held')}/`), []);
  });
});
