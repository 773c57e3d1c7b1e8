// plan and apply as users run them (./bin/stateward as a child process) against moto. Terraform using the
// buckets stateward made, with their policies in force, is test/e2e/fence-terraform.test.ts.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as DDB from '@aws-sdk/client-dynamodb';
import * as IAM from '@aws-sdk/client-iam';
import * as S3 from '@aws-sdk/client-s3';
import {
  bucketOf,
  changeIds,
  type ProjectSpec,
  roleExists,
  stateBuckets,
  stateward,
  statewardInTerminal,
  writeConfig,
} from '../aws/e2e-cli.ts';
import { type AwsClients, assumeRole, awsClients, createAdminInAccount } from '../support/aws.ts';
import { type Moto, startMoto, TEST_ACCOUNT_ID } from '../support/moto.ts';

const OTHER_ACCOUNT = '111122223333';
const PROJECTS: ProjectSpec[] = [
  { name: 'web', locking: 'lockfile' },
  { name: 'data', locking: 'dynamodb' },
  { name: 'net', locking: 'both' },
];

async function createHumans(aws: AwsClients, names: string[]): Promise<void> {
  for (const UserName of names) await aws.iam.send(new IAM.CreateUserCommand({ UserName }));
}

describe('plan and apply against moto', () => {
  let moto: Moto;
  let aws: AwsClients;
  let config: string;
  const run = (...args: string[]) => stateward(moto, ['-c', config, ...args]);

  before(async () => {
    moto = await startMoto();
    aws = awsClients(moto);
    // Trust policies name the humans, and IAM refuses principals that do not exist.
    await createHumans(aws, ['alice', 'bob']);
    config = writeConfig(PROJECTS);
  });
  after(async () => {
    await moto.stop();
  });

  it('plan --offline needs no credentials and no endpoint: it plans every resource against an empty account', async () => {
    const offline = await stateward(moto, ['-c', config, 'plan', '--offline', '--detailed-exitcode', '--json'], {
      env: { AWS_ENDPOINT_URL: 'http://127.0.0.1:9', AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '' },
    });
    assert.equal(offline.code, 2, offline.stderr);
    const ids = changeIds(offline.stdout);
    for (const p of PROJECTS) {
      assert.ok(ids.includes(`bucket/${bucketOf(p.name)}/resource`));
      assert.ok(ids.includes(`role/tf-${p.name}/resource`));
    }
    assert.ok(ids.includes('lock-table/terraform-locks/resource'));
  });

  it('apply without --auto-approve, with stdin not a terminal, refuses changes that broaden access and touches nothing', async () => {
    const refused = await run('apply');
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /APPLY_NEEDS_APPROVAL/);
    assert.match(refused.stderr, /--auto-approve/);
    assert.deepEqual(await stateBuckets(aws), []);
    assert.equal(await roleExists(aws, 'tf-web'), false);
  });

  it('in a terminal, apply asks before changes that broaden access; any answer but "yes" cancels and changes nothing', async () => {
    const declined = await statewardInTerminal(moto, ['-c', config, 'apply'], 'Only "yes" applies', 'no');
    assert.equal(declined.code, 1, declined.stdout);
    assert.match(declined.stdout, /broaden access\. Apply all \d+ changes\?/);
    assert.match(declined.stdout, /APPLY_CANCELLED/);
    assert.deepEqual(await stateBuckets(aws), []);
  });

  it('a fresh apply creates all three projects (lockfile, dynamodb, both); plan is then empty', async () => {
    const applied = await run('apply', '--auto-approve');
    assert.equal(applied.code, 0, applied.stderr);
    assert.match(applied.stdout, /Apply complete: \d+ applied, 0 failed, 0 skipped/);
    assert.deepEqual(await stateBuckets(aws), PROJECTS.map((p) => bucketOf(p.name)).sort());
    for (const p of PROJECTS) {
      const versioning = await aws.s3.send(new S3.GetBucketVersioningCommand({ Bucket: bucketOf(p.name) }));
      assert.equal(versioning.Status, 'Enabled');
      const trust =
        (await aws.iam.send(new IAM.GetRoleCommand({ RoleName: `tf-${p.name}` }))).Role?.AssumeRolePolicyDocument ?? '';
      assert.match(decodeURIComponent(trust), /user\/alice/);
    }
    const table = await aws.dynamodb.send(new DDB.DescribeTableCommand({ TableName: 'terraform-locks' }));
    assert.equal(table.Table?.KeySchema?.[0]?.AttributeName, 'LockID');
    const fence = await aws.dynamodb.send(new DDB.GetResourcePolicyCommand({ ResourceArn: table.Table!.TableArn! }));
    assert.match(fence.Policy ?? '', /"Sid":\s*"Stateward/);

    const plan = await run('plan', '--detailed-exitcode');
    assert.equal(plan.code, 0, plan.stdout + plan.stderr);
    assert.match(plan.stdout, /No changes/);
  });

  // Terraform on these buckets, with the policy in force, is tested in fence-terraform.test.ts (IAM enforced
  // with conditions, over TLS). This test is about drift: a policy deleted behind stateward's back.
  it('bucket policies deleted behind its back are planned as exactly that, and apply puts them back', async () => {
    for (const p of PROJECTS) await aws.s3.send(new S3.DeleteBucketPolicyCommand({ Bucket: bucketOf(p.name) }));
    const drift = await run('plan', '--json', '--detailed-exitcode');
    assert.equal(drift.code, 2);
    assert.deepEqual(changeIds(drift.stdout), PROJECTS.map((p) => `bucket/${bucketOf(p.name)}/policy`).sort());
    const repaired = await run('apply', '--auto-approve');
    assert.equal(repaired.code, 0, repaired.stderr);
    assert.equal((await run('plan', '--detailed-exitcode')).code, 0);
    for (const p of PROJECTS) {
      const { Policy } = await aws.s3.send(new S3.GetBucketPolicyCommand({ Bucket: bucketOf(p.name) }));
      assert.match(Policy ?? '', /StatewardDenyInsecureTransport/);
    }
  });

  it('drift made behind its back is planned as exactly those changes, and apply (no approval needed) repairs it', async () => {
    await aws.s3.send(
      new S3.PutBucketVersioningCommand({ Bucket: bucketOf('web'), VersioningConfiguration: { Status: 'Suspended' } }),
    );
    await aws.s3.send(new S3.DeletePublicAccessBlockCommand({ Bucket: bucketOf('data') }));
    const inline = await aws.iam.send(
      new IAM.GetRolePolicyCommand({ RoleName: 'tf-net', PolicyName: 'stateward-state-access' }),
    );
    const document = JSON.parse(decodeURIComponent(inline.PolicyDocument!)) as { Statement: object[] };
    document.Statement.push({
      Sid: 'Sneaky',
      Effect: 'Allow',
      Action: 's3:GetObject',
      Resource: 'arn:aws:s3:::tfstate-data-123456789012/*',
    });
    await aws.iam.send(
      new IAM.PutRolePolicyCommand({
        RoleName: 'tf-net',
        PolicyName: 'stateward-state-access',
        PolicyDocument: JSON.stringify(document),
      }),
    );
    await aws.iam.send(new IAM.UntagRoleCommand({ RoleName: 'tf-web', TagKeys: ['Repo'] }));

    const plan = await run('plan', '--json', '--detailed-exitcode');
    assert.equal(plan.code, 2);
    assert.deepEqual(changeIds(plan.stdout), [
      `bucket/${bucketOf('data')}/publicAccessBlock`,
      `bucket/${bucketOf('web')}/versioning`,
      'role/tf-net/inlinePolicy/stateward-state-access',
      'role/tf-web/tags',
    ]);
    // Every repair narrows access, so apply needs no approval even without a terminal.
    const applied = await run('apply');
    assert.equal(applied.code, 0, applied.stderr);
    assert.match(applied.stdout, /Apply complete: 4 applied/);
    assert.equal((await run('plan', '--detailed-exitcode')).code, 0);
    const versioning = await aws.s3.send(new S3.GetBucketVersioningCommand({ Bucket: bucketOf('web') }));
    assert.equal(versioning.Status, 'Enabled');
  });

  it('an endpoint that does not answer is reported as such, and --endpoint-url wins over the environment', async () => {
    const nowhere = 'http://127.0.0.1:9';
    const env = Object.fromEntries(
      Object.keys(moto.env)
        .filter((name) => name.startsWith('AWS_ENDPOINT_URL'))
        .map((name) => [name, nowhere]),
    );
    const down = await stateward(moto, ['-c', config, 'plan'], { env });
    assert.equal(down.code, 1);
    assert.match(down.stderr, /AWS_ENDPOINT_UNREACHABLE/);
    assert.match(down.stderr, /127\.0\.0\.1:9/);
    const flagged = await stateward(
      moto,
      ['-c', config, '--endpoint-url', moto.endpoint, 'plan', '--detailed-exitcode'],
      { env },
    );
    assert.equal(flagged.code, 0, flagged.stderr);
  });

  it('credentials of another account are refused by plan and apply, naming both accounts, and nothing is created', async () => {
    const other = await createAdminInAccount(moto, OTHER_ACCOUNT);
    for (const args of [['plan'], ['apply', '--auto-approve']]) {
      const refused = await stateward(moto, ['-c', config, ...args], { credentials: other });
      assert.equal(refused.code, 1);
      assert.match(refused.stderr, /AWS_WRONG_ACCOUNT/);
      assert.match(refused.stderr, new RegExp(`${OTHER_ACCOUNT}.*${TEST_ACCOUNT_ID}`));
    }
    assert.deepEqual(await stateBuckets(awsClients(moto, other)), []);
    assert.equal(await roleExists(awsClients(moto, other), 'tf-web'), false);
  });

  it('a bucket name owned by another account is refused and nothing is touched', async () => {
    const other = awsClients(moto, await assumeRole(aws.sts, `arn:aws:iam::${OTHER_ACCOUNT}:role/squatter`));
    const taken = bucketOf('taken');
    await other.s3.send(
      new S3.CreateBucketCommand({ Bucket: taken, CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }),
    );
    const withTaken = writeConfig([...PROJECTS, { name: 'taken' }]);

    const refused = await stateward(moto, ['-c', withTaken, 'apply', '--auto-approve']);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /PLAN_BUCKET_FOREIGN/);
    assert.match(refused.stderr, new RegExp(taken));
    assert.equal(await roleExists(aws, 'tf-taken'), false);
    const versioning = await other.s3.send(new S3.GetBucketVersioningCommand({ Bucket: taken }));
    assert.equal(versioning.Status, undefined);
    await assert.rejects(other.s3.send(new S3.GetBucketPolicyCommand({ Bucket: taken })), {
      name: 'NoSuchBucketPolicy',
    });
    assert.equal((await run('plan', '--detailed-exitcode')).code, 0);
  });

  it('in a terminal, answering "yes" applies the plan, with progress per project', async () => {
    const grown = writeConfig([...PROJECTS, { name: 'late' }, { name: 'later', locking: 'dynamodb' }]);
    const accepted = await statewardInTerminal(moto, ['-c', grown, 'apply'], 'Only "yes" applies', 'yes');
    assert.equal(accepted.code, 0, accepted.stdout);
    // The pseudo-terminal reports 0 columns: progress must still come as whole lines, one per project.
    assert.match(accepted.stdout, /✔ project late \(\d+\/\d+\)\n/);
    assert.match(accepted.stdout, /Apply complete: \d+ applied, 0 failed, 0 skipped/);
    assert.ok((await stateBuckets(aws)).includes(bucketOf('later')));
    assert.equal((await stateward(moto, ['-c', grown, 'plan', '--detailed-exitcode'])).code, 0);
  });
});

describe('two applies of one config started together', () => {
  let moto: Moto;
  let aws: AwsClients;
  before(async () => {
    moto = await startMoto();
    aws = awsClients(moto);
    await createHumans(aws, ['alice', 'bob']);
  });
  after(async () => moto.stop());

  it('both end cleanly and the account ends as desired', async () => {
    const config = writeConfig([
      { name: 'one', locking: 'both' },
      { name: 'two' },
      { name: 'three', locking: 'dynamodb' },
    ]);
    const [first, second] = await Promise.all([
      stateward(moto, ['-c', config, 'apply', '--auto-approve', '--concurrency', '8']),
      stateward(moto, ['-c', config, 'apply', '--auto-approve', '--concurrency', '8']),
    ]);
    assert.equal(first.code, 0, first.stderr);
    assert.equal(second.code, 0, second.stderr);
    const plan = await stateward(moto, ['-c', config, 'plan', '--detailed-exitcode']);
    assert.equal(plan.code, 0, plan.stdout);
    assert.deepEqual(
      await stateBuckets(aws),
      ['one', 'three', 'two'].map((p) => bucketOf(p)),
    );
  });

  it('a human who is not an IAM user stops plan and apply before anything is written; creating the user lets apply finish', async () => {
    const config = writeConfig(
      [{ name: 'one', locking: 'both' }, { name: 'two' }, { name: 'three', locking: 'dynamodb' }, { name: 'four' }],
      { humans: ['alice', 'bob', 'carol'] },
    );
    for (const command of [['plan'], ['apply', '--auto-approve']]) {
      const refused = await stateward(moto, ['-c', config, ...command]);
      assert.equal(refused.code, 1, command.join(' '));
      assert.match(refused.stderr, /PLAN_HUMAN_MISSING.*IAM user "carol" listed in humans does not exist/);
      assert.match(refused.stderr, /aws iam create-user --user-name carol/);
    }
    assert.equal(await roleExists(aws, 'tf-four'), false, 'nothing was written');
    // The fix the error names.
    await aws.iam.send(new IAM.CreateUserCommand({ UserName: 'carol' }));
    const applied = await stateward(moto, ['-c', config, 'apply', '--auto-approve']);
    assert.equal(applied.code, 0, applied.stderr);
    const plan = await stateward(moto, ['-c', config, 'plan', '--json']);
    assert.deepEqual(changeIds(plan.stdout), []);
  });

  it('a change that fails is reported with its cause and exit 1, while every independent change is still made', async () => {
    const missing = `arn:aws:iam::${TEST_ACCOUNT_ID}:policy/does-not-exist`;
    const config = writeConfig(
      [
        { name: 'one', locking: 'both' },
        { name: 'two', managedPolicies: [missing] },
        { name: 'three', locking: 'dynamodb' },
        { name: 'five' },
      ],
      { humans: ['alice', 'bob', 'carol'] },
    );
    const applied = await stateward(moto, ['-c', config, 'apply', '--auto-approve']);
    assert.equal(applied.code, 1);
    assert.match(applied.stderr, /role\/tf-two\/managedPolicy/);
    assert.match(applied.stdout, /Apply incomplete: [1-9]\d* applied, 1 failed, 0 skipped/);
    assert.equal(await roleExists(aws, 'tf-five'), true, 'the independent project was still made');
    const plan = await stateward(moto, ['-c', config, 'plan', '--json']);
    assert.deepEqual(changeIds(plan.stdout), [`role/tf-two/managedPolicy/${missing}`]);
  });
});
