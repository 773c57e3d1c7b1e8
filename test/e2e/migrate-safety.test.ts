// `stateward migrate` where it must refuse or recover: a local terraform.tfstate migrated; a source whose lock
// a running terraform holds; a destination that already holds another lineage; a migration interrupted after
// the first of two states (the second's write fails at the proxy) that a rerun completes without repeating.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { stateward as statewardAsync } from '../aws/e2e-cli.ts';
import {
  bucketOf,
  type Day2Project,
  keyOf,
  removeDir,
  setUpProjects,
  stateward,
  terraformOn,
} from '../state/e2e-support.ts';
import { type AwsClients, awsClients, createBucket } from '../support/aws.ts';
import { type FaultProxy, startFaultProxy } from '../support/fault-proxy.ts';
import { type Moto, startMoto } from '../support/moto.ts';
import { type BackgroundRun, type TerraformProject, terraformProject } from '../support/terraform.ts';
import { MAIN_TF } from '../support/terraform-config.ts';

const LEGACY = 'legacy-state';
const PROJECTS: Day2Project[] = [
  { name: 'alpha', locking: 'lockfile' },
  { name: 'beta', locking: 'dynamodb' },
  { name: 'gamma', locking: 'lockfile' },
  { name: 'delta', locking: 'dynamodb' },
  { name: 'local', locking: 'both' },
];

describe('migrate: local state, refusals, and an interrupted run completed by a rerun', () => {
  let moto: Moto;
  let aws: AwsClients;
  let config: string;
  let dir: string;
  const terraform: TerraformProject[] = [];
  const running: BackgroundRun[] = [];
  const sw = (...args: string[]) => stateward(moto, config, args);

  /** A repo on the legacy bucket with S3-native locking, applied once. */
  const legacyRepo = async (name: string) => {
    const tf = terraformProject({ moto, bucket: LEGACY, key: `${name}.tfstate`, locking: 'lockfile' });
    terraform.push(tf);
    await tf.init();
    await tf.apply({ message: `legacy-${name}` });
    return tf;
  };
  const keysIn = async (bucket: string) =>
    ((await aws.s3.send(new ListObjectsV2Command({ Bucket: bucket }))).Contents ?? []).map((o) => o.Key).sort();
  const body = async (bucket: string, key: string) =>
    (await (await aws.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body?.transformToString()) ?? '';

  before(async () => {
    moto = await startMoto();
    aws = awsClients(moto);
    await createBucket(aws.s3, LEGACY, { versioned: true });
    ({ config, dir } = await setUpProjects(aws, PROJECTS));
  });
  after(async () => {
    for (const run of running) await run.kill();
    for (const tf of terraform) await tf.cleanup();
    removeDir(dir);
    await moto.stop();
  });

  it('a local terraform.tfstate is copied byte for byte, and terraform on the new backend sees no changes', async () => {
    const local = terraformProject({ moto, bucket: 'unused', key: 'unused', locking: 'none' });
    terraform.push(local);
    writeFileSync(join(local.dir, 'main.tf'), MAIN_TF.replace('backend "s3" {}', ''));
    assert.equal((await local.run(['init'])).code, 0);
    await local.apply({ message: 'from-laptop' });
    const file = join(local.dir, 'terraform.tfstate');

    const migrated = sw('migrate', '--from', file, '--to', 'local', '--auto-approve');
    assert.equal(migrated.code, 0, `${migrated.stdout}\n${migrated.stderr}`);
    assert.equal(await body(bucketOf('local'), keyOf('local')), readFileSync(file, 'utf8'));

    const tf = await terraformOn(moto, { name: 'local', locking: 'both' });
    terraform.push(tf);
    assert.equal((await tf.plan(['-detailed-exitcode', '-var=message=from-laptop'])).code, 0);
    assert.equal(await tf.output('message'), 'from-laptop');
  });

  it('is refused while terraform holds the source lock, naming the holder; nothing is written', async () => {
    const tf = await legacyRepo('alpha');
    const apply = tf.background(['apply', '-auto-approve', '-var=message=legacy-alpha', '-var=sleep_seconds=120']);
    running.push(apply);
    await apply.waitForOutput(/Provisioning with 'local-exec'/);

    const refused = sw('migrate', '--from', `s3://${LEGACY}/alpha.tfstate`, '--to', 'alpha', '--auto-approve');
    assert.equal(refused.code, 1, refused.stdout);
    assert.match(refused.stderr, /MIGRATE_SOURCE_LOCKED/);
    assert.match(refused.stderr, /locked by \S+@\S+ \(OperationTypeApply, version 1\.11\.\d+/);
    assert.deepEqual(await keysIn(bucketOf('alpha')), []);
    await apply.kill();
  });

  it('is refused when the destination holds another lineage, which stays as it was', async () => {
    await legacyRepo('beta');
    const other = await terraformOn(moto, { name: 'beta', locking: 'dynamodb' });
    terraform.push(other);
    await other.apply({ message: 'another-state' });
    const before = await body(bucketOf('beta'), keyOf('beta'));

    const refused = sw('migrate', '--from', `s3://${LEGACY}/beta.tfstate`, '--to', 'beta', '--auto-approve');
    assert.equal(refused.code, 1, refused.stdout);
    assert.match(refused.stderr, /MIGRATE_LINEAGE_MISMATCH/);
    assert.equal(await body(bucketOf('beta'), keyOf('beta')), before);
    assert.equal(await other.output('message'), 'another-state');
  });

  it('interrupted after the first of two states, a rerun writes only the second, and both work', async () => {
    await legacyRepo('gamma');
    await legacyRepo('delta');
    const mapping = join(dir, 'interrupted.yaml');
    writeFileSync(
      mapping,
      `version: 1\nmigrations:\n  - from: s3://${LEGACY}/gamma.tfstate\n    to: gamma\n  - from: s3://${LEGACY}/delta.tfstate\n    to: delta\n`,
    );
    const deltaState = `/${bucketOf('delta')}/${keyOf('delta')}`;
    let proxy: FaultProxy | undefined;
    try {
      proxy = await startFaultProxy({
        target: moto.endpoint,
        seed: 1,
        rate: 0,
        faultFor: (method, path) =>
          method === 'PUT' && path.split('?')[0] === deltaState ? 'server-error' : undefined,
      });
      const interrupted = await statewardAsync(
        moto,
        ['-c', config, 'migrate', '--mapping', mapping, '--auto-approve'],
        {
          env: Object.fromEntries(
            Object.keys(moto.env)
              .filter((k) => k.startsWith('AWS_ENDPOINT_URL'))
              .map((k) => [k, (proxy as FaultProxy).endpoint]),
          ),
        },
      );
      assert.equal(interrupted.code, 1, interrupted.stdout);
      assert.match(interrupted.stdout, /migrated {2}s3:\/\/legacy-state\/gamma\.tfstate/);
      assert.match(interrupted.stdout, /Stopped after 1 of 2 states/);
      assert.match(interrupted.stderr, /A rerun of the same command completes the rest/);
    } finally {
      await proxy?.stop();
    }
    assert.deepEqual(await keysIn(bucketOf('gamma')), [keyOf('gamma')], 'gamma copied, its lock given back');
    assert.deepEqual(await keysIn(bucketOf('delta')), [], 'delta not written, its lock given back');
    assert.deepEqual(await keysIn(LEGACY), [
      'alpha.tfstate',
      'alpha.tfstate.tflock',
      'beta.tfstate',
      'delta.tfstate',
      'gamma.tfstate',
    ]);

    const rerun = sw('migrate', '--mapping', mapping, '--auto-approve');
    assert.equal(rerun.code, 0, `${rerun.stdout}\n${rerun.stderr}`);
    assert.match(rerun.stdout, /1 to write, 1 already migrated, 0 refused/);
    assert.doesNotMatch(rerun.stdout, /migrated {2}s3:\/\/legacy-state\/gamma/);
    for (const project of PROJECTS.filter((p) => p.name === 'gamma' || p.name === 'delta')) {
      const tf = await terraformOn(moto, project);
      terraform.push(tf);
      assert.equal((await tf.plan(['-detailed-exitcode', `-var=message=legacy-${project.name}`])).code, 0);
      assert.equal(await tf.output('message'), `legacy-${project.name}`);
    }
  });
});
