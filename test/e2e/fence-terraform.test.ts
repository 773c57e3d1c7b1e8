// Issue 15 part 2: the fence with real terraform. `stateward apply` builds the account (bucket policies, roles,
// lock table and its policy) on a moto that enforces IAM with conditions (test/support/moto-python/stateward_moto)
// and serves TLS, so every statement stateward writes is in force, none removed. Terraform runs on the
// credentials a human gets from sts:AssumeRole into tf-<project> with MFA, through the roles' own trust policy.
// Per lock mode: alpha works on its own state; alpha holding AdministratorAccess is refused on beta at the first
// request and beta's state, lock and digest stay as they were; reader (`reads: [beta]`) reads beta through
// terraform_remote_state and cannot write it; an `admins` principal runs the day-2 commands.

import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as DDB from '@aws-sdk/client-dynamodb';
import * as IAM from '@aws-sdk/client-iam';
import * as S3 from '@aws-sdk/client-s3';
import * as STS from '@aws-sdk/client-sts';
import { stateward } from '../aws/e2e-cli.ts';
import {
  type AwsClients,
  assumeRoleWithMfa,
  awsClients,
  createAdmin,
  createUserWithPolicy,
  enableVirtualMfa,
} from '../support/aws.ts';
import type { AwsCredentials } from '../support/aws-env.ts';
import { type Moto, startMoto, TEST_ACCOUNT_ID, TEST_REGION } from '../support/moto.ts';
import { type Locking, type TerraformProject, terraformProject } from '../support/terraform.ts';

const MODES = ['lockfile', 'dynamodb', 'both'] as const;
const LOCK_TABLE = 'terraform-locks';
const ADMIN_ACCESS = `arn:aws:iam::${TEST_ACCOUNT_ID}:policy/administrator-access`;
const names = (mode: string) => ({ alpha: `alpha-${mode}`, beta: `beta-${mode}`, reader: `reader-${mode}` });
// S3 refuses with 403; DynamoDB with 400 AccessDeniedException, as on AWS.
const DENIED = /StatusCode: 403|api error\s+AccessDeniedException/;
const bucketOf = (project: string) => `tfstate-${project}-${TEST_ACCOUNT_ID}`;
const keyOf = (project: string) => `${project}/terraform.tfstate`;

const CONFIG = [
  'version: 1',
  `account: "${TEST_ACCOUNT_ID}"`,
  `region: ${TEST_REGION}`,
  'github: { org: acme }',
  'humans: [alice]',
  `admins: ["arn:aws:iam::${TEST_ACCOUNT_ID}:user/admin"]`,
  'projects:',
  ...MODES.flatMap((mode) => {
    const { alpha, beta, reader } = names(mode);
    return [
      ...[alpha, beta].flatMap((name) => [`  - name: ${name}`, `    locking: ${mode}`]),
      `  - name: ${reader}`,
      `    locking: ${mode}`,
      `    reads: [${beta}]`,
    ];
  }),
].join('\n');

const selfOnly = (user: string) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 'iam:GetUser', Resource: `arn:aws:iam::${TEST_ACCOUNT_ID}:user/${user}` }],
});

/** What of beta a foreign principal could have changed: its state versions, lock and digest. */
async function betaSnapshot(admin: AwsClients, beta: string, mode: Locking): Promise<object> {
  const bucket = bucketOf(beta);
  const { Versions } = await admin.s3.send(new S3.ListObjectVersionsCommand({ Bucket: bucket }));
  const item = (LockID: string) =>
    mode === 'lockfile'
      ? undefined
      : admin.dynamodb
          .send(new DDB.GetItemCommand({ TableName: LOCK_TABLE, Key: { LockID: { S: LockID } }, ConsistentRead: true }))
          .then((r) => r.Item);
  return {
    objects: (Versions ?? []).map((v) => `${v.Key} ${v.VersionId}`).sort(),
    lockItem: await item(`${bucket}/${keyOf(beta)}`),
    digest: await item(`${bucket}/${keyOf(beta)}-md5`),
  };
}

describe('the fence with terraform: assumed tf-<project> roles on a moto enforcing conditions over TLS', () => {
  let moto: Moto;
  let adminKeys: AwsCredentials;
  let admin: AwsClients;
  let config: string;
  const sessions = new Map<string, AwsCredentials>();
  const projects: TerraformProject[] = [];
  const sw = (args: string[]) => stateward(moto, ['-c', config, ...args], { credentials: adminKeys });
  const tfOn = (project: string, mode: Locking, credentials: AwsCredentials) => {
    const tf = terraformProject({ moto, bucket: bucketOf(project), key: keyOf(project), locking: mode, credentials });
    projects.push(tf);
    return tf;
  };

  before(async () => {
    moto = await startMoto({ enforceIam: true, tls: true });
    adminKeys = await createAdmin(moto, 'admin');
    admin = awsClients(moto, adminKeys);
    config = join(mkdtempSync(join(tmpdir(), 'stateward-fence-')), 'stateward.yaml');
    writeFileSync(config, `${CONFIG}\n`);
    await admin.iam.send(
      new IAM.CreatePolicyCommand({
        PolicyName: 'administrator-access',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
        }),
      }),
    );
    // alice may only read herself: tf-operators, which apply puts her in, lets her assume tf-*.
    const aliceKeys = await createUserWithPolicy(admin.iam, 'alice', selfOnly('alice'));
    const applied = await sw(['apply', '--auto-approve']);
    assert.equal(applied.code, 0, applied.stdout + applied.stderr);
    const SerialNumber = await enableVirtualMfa(admin.iam, 'alice');
    const alice = awsClients(moto, aliceKeys);
    for (const project of MODES.flatMap((mode) => Object.values(names(mode)))) {
      const RoleArn = `arn:aws:iam::${TEST_ACCOUNT_ID}:role/tf-${project}`;
      sessions.set(project, await assumeRoleWithMfa(alice.sts, RoleArn, SerialNumber));
    }
  });
  after(async () => {
    for (const tf of projects) await tf.cleanup();
    await moto?.stop();
  });

  it('the trust admits alice only with MFA: without it, AssumeRole into tf-<project> is refused', async () => {
    const keys = await createUserWithPolicy(admin.iam, 'mallory', selfOnly('mallory'));
    await admin.iam.send(new IAM.AddUserToGroupCommand({ GroupName: 'tf-operators', UserName: 'mallory' }));
    const noMfa = awsClients(moto, keys).sts.send(
      new STS.AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${TEST_ACCOUNT_ID}:role/tf-alpha-lockfile`,
        RoleSessionName: 'm',
      }),
    );
    await assert.rejects(noMfa, { name: 'AccessDenied' });
  });

  for (const mode of MODES) {
    describe(`${mode} mode`, () => {
      const { alpha, beta, reader } = names(mode);
      let betaDir: TerraformProject;
      const session = (project: string) => sessions.get(project)!;

      it(`tf-${alpha}: init, apply, plan, workspace new/select/delete and force-unlock work on its own state`, async () => {
        const tf = tfOn(alpha, mode, session(alpha));
        await tf.init();
        await tf.apply({ message: 'alpha-1' });
        assert.equal((await tf.plan(['-detailed-exitcode', '-var=message=alpha-1'])).code, 0);
        for (const args of [
          ['workspace', 'new', 'staging'],
          ['workspace', 'select', 'default'],
          ['workspace', 'delete', 'staging'],
        ]) {
          const run = await tf.run(args);
          assert.equal(run.code, 0, `${args.join(' ')}: ${run.stderr}`);
        }
        const id = await killedApplyLock(tf);
        const unlocked = await tf.run(['force-unlock', '-force', id]);
        assert.equal(unlocked.code, 0, unlocked.stderr);
        assert.equal((await tf.plan(['-detailed-exitcode', '-var=message=alpha-1'])).code, 0);
      });

      it('an admins principal passes the fence: stateward locks, unlock, history and restore', async () => {
        const tf = tfOn(alpha, mode, session(alpha));
        await tf.init();
        await tf.apply({ message: 'alpha-2' });
        const id = await killedApplyLock(tf);
        const locks = await sw(['locks', '--json']);
        assert.equal(locks.code, 0, locks.stderr);
        assert.ok(
          JSON.parse(locks.stdout).locks.some((l: { id: string }) => l.id === id),
          locks.stdout,
        );
        const unlocked = await sw(['unlock', '-p', alpha, '--id', id, '--auto-approve']);
        assert.equal(unlocked.code, 0, unlocked.stderr);
        const history = await sw(['history', '-p', alpha, '--json']);
        assert.equal(history.code, 0, history.stderr);
        assert.ok(JSON.parse(history.stdout).versions.length >= 2, history.stdout);
        const restored = await sw(['restore', '-p', alpha, '--version', '-1', '--yes']);
        assert.equal(restored.code, 0, restored.stdout + restored.stderr);
        assert.equal(await tf.output('message'), 'alpha-1', 'the state before alpha-2 is current again');
      });

      it(`tf-${alpha} holding AdministratorAccess is refused on ${beta} at the first request, and on managing its bucket and the lock table; nothing changes`, async () => {
        betaDir = tfOn(beta, mode, session(beta));
        await betaDir.init();
        await betaDir.apply({ message: 'beta-1' });
        const before = await betaSnapshot(admin, beta, mode);
        const RoleName = `tf-${alpha}`;
        await admin.iam.send(new IAM.AttachRolePolicyCommand({ RoleName, PolicyArn: ADMIN_ACCESS }));
        try {
          const fresh = tfOn(beta, mode, session(alpha));
          const runs: Array<[string, TerraformProject, string[]]> = [
            ['init', fresh, ['init', ...fresh.backendConfig]],
            ['plan', betaDir, ['plan']],
            ['apply', betaDir, ['apply', '-auto-approve', '-var=message=alpha-was-here']],
            ['workspace new', betaDir, ['workspace', 'new', 'alpha']],
            ['force-unlock', betaDir, ['force-unlock', '-force', '00000000-0000-0000-0000-000000000000']],
          ];
          for (const [name, tf, args] of runs) {
            const seen = moto.decisions().length;
            const run = await tf.run(args, { credentials: session(alpha) });
            const decided = moto
              .decisions()
              .slice(seen)
              .filter((d) => d.caller.includes(`/tf-${alpha}/`));
            assert.equal(run.code, 1, `${name} must fail`);
            assert.match(run.stderr, DENIED, `${name}: ${run.stderr}`);
            // Its first request is refused, and so is every one terraform tries after it.
            assert.ok(decided.length > 0, name);
            assert.deepEqual(
              decided.filter((d) => d.allowed),
              [],
              `${name}: ${JSON.stringify(decided)}`,
            );
          }
          // The store itself: what would destroy beta's state without touching an object. Each call is made
          // only when its turn comes, so one refusal cannot hide another.
          for (const [name, call] of managementCalls(awsClients(moto, session(alpha)), bucketOf(beta))) {
            await assert.rejects(call(), (error: Error) => /AccessDenied/.test(error.name), `${name} must be refused`);
          }
        } finally {
          await admin.iam.send(new IAM.DetachRolePolicyCommand({ RoleName, PolicyArn: ADMIN_ACCESS }));
        }
        assert.deepEqual(await betaSnapshot(admin, beta, mode), before);
        const { Status } = await admin.s3.send(new S3.GetBucketVersioningCommand({ Bucket: bucketOf(beta) }));
        assert.equal(Status, 'Enabled');
      });

      it(`tf-${reader} reads ${beta} through terraform_remote_state and cannot write it`, async () => {
        const tf = tfOn(reader, mode, session(reader));
        writeFileSync(join(tf.dir, 'remote.tf'), remoteStateOf(moto, beta, mode));
        await tf.init();
        await tf.apply();
        assert.equal(await tf.output('beta_message'), 'beta-1');
        const before = await betaSnapshot(admin, beta, mode);
        const write = await betaDir.run(['apply', '-auto-approve', '-var=message=reader-was-here'], {
          credentials: session(reader),
        });
        assert.equal(write.code, 1);
        assert.match(write.stderr, DENIED);
        assert.deepEqual(await betaSnapshot(admin, beta, mode), before);
      });
    });
  }
});

/** Starts an apply that sleeps while holding the lock, SIGKILLs it, and returns the lock ID it left. */
/** The management actions the fence keeps from every non-admin: bucket policy, lifecycle, versioning, deletion, the lock table. */
function managementCalls(as: AwsClients, Bucket: string): Array<[string, () => Promise<unknown>]> {
  const everyone = {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: `arn:aws:s3:::${Bucket}/*` }],
  };
  const expireAll = {
    Rules: [
      {
        ID: 'expire-everything',
        Status: 'Enabled' as const,
        Filter: { Prefix: '' },
        Expiration: { Days: 1 },
        NoncurrentVersionExpiration: { NoncurrentDays: 1 },
      },
    ],
  };
  return [
    ['PutBucketPolicy', () => as.s3.send(new S3.PutBucketPolicyCommand({ Bucket, Policy: JSON.stringify(everyone) }))],
    [
      'PutBucketLifecycleConfiguration',
      () => as.s3.send(new S3.PutBucketLifecycleConfigurationCommand({ Bucket, LifecycleConfiguration: expireAll })),
    ],
    [
      'PutBucketVersioning',
      () => as.s3.send(new S3.PutBucketVersioningCommand({ Bucket, VersioningConfiguration: { Status: 'Suspended' } })),
    ],
    ['DeleteBucket', () => as.s3.send(new S3.DeleteBucketCommand({ Bucket }))],
    ['DeleteTable', () => as.dynamodb.send(new DDB.DeleteTableCommand({ TableName: 'terraform-locks' }))],
    [
      'UpdateTable',
      () =>
        as.dynamodb.send(
          new DDB.UpdateTableCommand({
            TableName: 'terraform-locks',
            BillingMode: 'PROVISIONED',
            ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 },
          }),
        ),
    ],
  ];
}

async function killedApplyLock(tf: TerraformProject): Promise<string> {
  const running = tf.background(['apply', '-auto-approve', '-var=sleep_seconds=120']);
  await running.waitForOutput(/Provisioning with 'local-exec'/);
  await running.kill();
  const blocked = await tf.run(['plan', '-lock-timeout=0']);
  const id = /Lock Info:\s+ID:\s+(\S+)/.exec(blocked.stderr)?.[1];
  assert.ok(id, `the killed apply left no lock: ${blocked.stderr}`);
  return id;
}

/** How many requests reached moto while `action` ran (moto's recorder), and what they were. */

/** A terraform_remote_state of `project`'s default state, with moto's endpoints, and its message as an output. */
function remoteStateOf(moto: Moto, project: string, mode: Locking): string {
  const endpoint = moto.endpoint;
  return `data "terraform_remote_state" "beta" {
  backend = "s3"
  config = {
    bucket                      = "${bucketOf(project)}"
    key                         = "${keyOf(project)}"
    region                      = "${TEST_REGION}"
    use_path_style              = true
    skip_credentials_validation = true
    skip_requesting_account_id  = true
    skip_metadata_api_check     = true
    skip_region_validation      = true
    endpoints = { s3 = "${endpoint}", dynamodb = "${endpoint}", iam = "${endpoint}", sts = "${endpoint}" }
${mode === 'lockfile' ? '' : `    dynamodb_table = "${LOCK_TABLE}"\n`}  }
}

output "beta_message" {
  value = data.terraform_remote_state.beta.outputs.message
}
`;
}
