// `stateward migrate` on a seed-001-style account: three repos' states (one with a second workspace) in one
// shared bucket with a DynamoDB table of digests, written by real terraform, moved by a mapping into three
// projects (one per lock mode). Terraform on the new backends sees no changes and the old outputs; the
// shared bucket and table are byte-identical afterwards; a rerun writes nothing.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import {
  bucketOf,
  type Day2Project,
  keyOf,
  removeDir,
  setUpProjects,
  stateward,
  terraformOn,
} from '../state/e2e-support.ts';
import { SHARED_BUCKET, SHARED_TABLE, sharedKey, sharedRepo, snapshotSource } from '../state/migrate-support.ts';
import { type AwsClients, awsClients, createBucket, createLockTable } from '../support/aws.ts';
import { runCli } from '../support/cli.ts';
import { type Moto, startMoto, TEST_REGION } from '../support/moto.ts';
import type { TerraformProject } from '../support/terraform.ts';

const PROJECTS: Day2Project[] = [
  { name: 'network', locking: 'dynamodb' },
  { name: 'dns', locking: 'lockfile' },
  { name: 'apps', locking: 'both' },
];

describe('migrate: a shared bucket and lock table (seed 001) into three projects', () => {
  let moto: Moto;
  let aws: AwsClients;
  let config: string;
  let dir: string;
  let mapping: string;
  const terraform: TerraformProject[] = [];
  const sw = (...args: string[]) => stateward(moto, config, args);

  before(async () => {
    moto = await startMoto();
    aws = awsClients(moto);
    await createBucket(aws.s3, SHARED_BUCKET, { versioned: true });
    await createLockTable(aws.dynamodb, SHARED_TABLE);
    for (const project of PROJECTS) {
      const tf = await sharedRepo(moto, project.name);
      terraform.push(tf);
      await tf.apply({ message: `old-${project.name}` });
    }
    const apps = terraform[2] as TerraformProject;
    assert.equal((await apps.run(['workspace', 'new', 'staging'])).code, 0);
    await apps.apply({ message: 'old-apps-staging' });
    ({ config, dir } = await setUpProjects(aws, PROJECTS));
    mapping = join(dir, 'mapping.yaml');
    const entries = PROJECTS.map((p) =>
      [
        `  - from: s3://${SHARED_BUCKET}/${sharedKey(p.name)}`,
        `    fromLockTable: ${SHARED_TABLE}`,
        `    to: ${p.name}`,
        ...(p.name === 'apps' ? ['    workspaces: true'] : []),
      ].join('\n'),
    );
    writeFileSync(mapping, `version: 1\nmigrations:\n${entries.join('\n')}\n`);
  });
  after(async () => {
    for (const tf of terraform) await tf.cleanup();
    removeDir(dir);
    await moto.stop();
  });

  it('plans every state, refuses without a terminal, migrates with --auto-approve, and leaves the source as it was', async () => {
    const before = await snapshotSource(aws);
    assert.equal(Object.keys(before.objects).length, 4, 'three default states and one staging state');
    assert.equal(before.items.length, 4, 'one -md5 digest per state');

    const unapproved = sw('migrate', '--mapping', mapping);
    assert.equal(unapproved.code, 1, unapproved.stderr);
    assert.match(unapproved.stderr, /MIGRATE_NEEDS_APPROVAL/);
    for (const p of PROJECTS) assert.match(unapproved.stdout, new RegExp(`s3://${bucketOf(p.name)}/${keyOf(p.name)}`));
    assert.match(
      unapproved.stdout,
      new RegExp(`s3://${bucketOf('apps')}/env:/staging/${keyOf('apps')}\\s+staging\\s+\\d+`),
    );
    assert.match(unapproved.stdout, /4 to write, 0 already migrated, 0 refused/);

    const migrated = sw('migrate', '--mapping', mapping, '--auto-approve');
    assert.equal(migrated.code, 0, `${migrated.stdout}\n${migrated.stderr}`);
    assert.match(migrated.stdout, /Migration complete: 4 written/);
    assert.match(migrated.stdout, /terraform init -reconfigure/);
    assert.match(migrated.stdout, new RegExp(`bucket\\s+= "${bucketOf('network')}"`));

    assert.deepEqual(await snapshotSource(aws), before, 'the shared bucket and table are byte-identical');
    for (const p of PROJECTS) {
      const copied = await aws.s3.send(new GetObjectCommand({ Bucket: bucketOf(p.name), Key: keyOf(p.name) }));
      const bytes = Buffer.from((await copied.Body?.transformToByteArray()) ?? []).toString('base64');
      assert.equal(bytes, before.objects[sharedKey(p.name)], `${p.name}: the same bytes (serial and lineage kept)`);
    }
    const digest = await aws.dynamodb.send(
      new GetItemCommand({
        TableName: 'terraform-locks',
        Key: { LockID: { S: `${bucketOf('network')}/${keyOf('network')}-md5` } },
      }),
    );
    const networkBytes = Buffer.from(before.objects[sharedKey('network')] as string, 'base64');
    assert.equal(digest.Item?.Digest?.S, createHash('md5').update(networkBytes).digest('hex'));
  });

  it('terraform on the new backends plans no changes and reads the old outputs, in every workspace', async () => {
    for (const project of PROJECTS) {
      const tf = await terraformOn(moto, project);
      terraform.push(tf);
      const plan = await tf.plan(['-detailed-exitcode', `-var=message=old-${project.name}`]);
      assert.equal(plan.code, 0, `${project.name}: no changes\n${plan.stdout}`);
      assert.equal(await tf.output('message'), `old-${project.name}`);
      if (project.name !== 'apps') continue;
      assert.equal((await tf.run(['workspace', 'select', 'staging'])).code, 0);
      assert.equal((await tf.plan(['-detailed-exitcode', '-var=message=old-apps-staging'])).code, 0, 'apps/staging');
      assert.equal(await tf.output('message'), 'old-apps-staging');
      await tf.apply({ message: 'new-apps-staging' });
    }
  });

  it('a rerun writes nothing: every state is already in place, or ahead where terraform wrote since', async () => {
    const rerun = sw('migrate', '--mapping', mapping, '--auto-approve');
    assert.equal(rerun.code, 1, rerun.stdout);
    assert.match(rerun.stdout, /0 to write, 3 already migrated, 1 refused/);
    assert.match(rerun.stderr, /MIGRATE_DESTINATION_AHEAD/);
    assert.match(rerun.stderr, /env:\/staging/);
  });

  it('discover proposes a config validate accepts and a mapping migrate accepts unchanged', async () => {
    const proposedConfig = join(dir, 'discovered.yaml');
    const proposedMapping = join(dir, 'discovered-mapping.yaml');
    const discovered = sw(
      'discover',
      '--write-config',
      proposedConfig,
      '--write-mapping',
      proposedMapping,
      '--github-org',
      'acme',
      '--region',
      TEST_REGION,
    );
    assert.equal(discovered.code, 0, `${discovered.stdout}\n${discovered.stderr}`);
    assert.match(discovered.stdout, /Found 3 state\(s\)/);
    assert.match(
      discovered.stdout,
      /envs\/apps\/terraform\.tfstate -> project envs-apps \(workspaces: staging; lock table svc-plus-iac-state-dynamodb-lock\)/,
    );
    assert.match(discovered.stdout, /Already stateward's: tfstate-apps-/);
    const validated = runCli(['-c', proposedConfig, 'validate'], { env: moto.env });
    assert.equal(validated.code, 0, validated.stderr);

    for (const name of ['envs-apps', 'envs-dns', 'envs-network'])
      await createBucket(aws.s3, bucketOf(name), { versioned: true });
    const migrated = runCli(['-c', proposedConfig, 'migrate', '--mapping', proposedMapping, '--auto-approve'], {
      env: moto.env,
    });
    assert.equal(migrated.code, 0, `${migrated.stdout}\n${migrated.stderr}`);
    assert.match(migrated.stdout, /Migration complete: 4 written/);
    const tf = await terraformOn(moto, { name: 'envs-dns', locking: 'both' });
    terraform.push(tf);
    assert.equal((await tf.plan(['-detailed-exitcode', '-var=message=old-dns'])).code, 0);
  });
});
