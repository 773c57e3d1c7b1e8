// history, diff and restore against states real terraform wrote, in every lock mode: three applies give three
// versions; diff of the first and third names exactly what changed (secrets masked); restoring the first makes
// terraform see it (no checksum error in DynamoDB modes) and keep working on top of it. Buckets are made with
// the SDK under stateward's names (see test/state/e2e-support.ts for why not with `stateward apply`).

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import {
  bucketOf,
  type Day2Project,
  type HistoryJson,
  json,
  keyOf,
  type LocksJson,
  removeDir,
  setUpProjects,
  stateward,
  terraformOn,
} from '../state/e2e-support.ts';
import { type AwsClients, awsClients } from '../support/aws.ts';
import { type Moto, startMoto } from '../support/moto.ts';
import type { RecordedRequest } from '../support/moto-recorder.ts';
import type { TerraformProject } from '../support/terraform.ts';

const PROJECTS: Day2Project[] = [
  { name: 'web', locking: 'lockfile' },
  { name: 'data', locking: 'dynamodb' },
  { name: 'net', locking: 'both' },
];

const MAIN_TF = `terraform {
  backend "s3" {}
}

variable "message" {
  type = string
}

variable "items" {
  type = list(string)
}

variable "copies" {
  type = number
}

variable "secret" {
  type      = string
  sensitive = true
}

resource "terraform_data" "message" {
  input = var.message
}

resource "terraform_data" "static" {
  input = "fixed"
}

resource "terraform_data" "item" {
  for_each = toset(var.items)
  input    = each.key
}

resource "terraform_data" "guarded" {
  triggers_replace = [var.secret]
  input            = "guarded"
}

module "copies" {
  source = "./copies"
  n      = var.copies
}

output "message" {
  value = terraform_data.message.output
}

output "secret" {
  value     = var.secret
  sensitive = true
}
`;

const COPIES_TF = `variable "n" {
  type = number
}

resource "terraform_data" "b" {
  count = var.n
  input = count.index
}
`;

const FIRST = { message: 'one', items: '["a","b"]', copies: 1, secret: 'first-secret-1' };
const SECOND = { ...FIRST, message: 'two' };
const THIRD = { message: 'three', items: '["b","c"]', copies: 2, secret: 'third-secret-3' };

interface DiffJson {
  version: number;
  from: { serial: number };
  to: { serial: number };
  added: string[];
  removed: string[];
  changed: Array<{
    address: string;
    changes: Array<{ path: string; before?: unknown; after?: unknown; sensitive: boolean }>;
  }>;
  outputs: Array<{ name: string; action: string; before?: unknown; after?: unknown; sensitive: boolean }>;
}

describe('day-2 history, diff and restore on states terraform wrote', () => {
  let moto: Moto;
  let aws: AwsClients;
  let config: string;
  let dir: string;
  const terraform: TerraformProject[] = [];
  const sw = (...args: string[]) => stateward(moto, config, args);
  const body = async (project: string, VersionId?: string) =>
    (
      await aws.s3.send(new GetObjectCommand({ Bucket: bucketOf(project), Key: keyOf(project), VersionId }))
    ).Body!.transformToString();

  before(async () => {
    moto = await startMoto();
    aws = awsClients(moto);
    ({ config, dir } = await setUpProjects(aws, PROJECTS));
  });
  after(async () => {
    for (const tf of terraform) await tf.cleanup();
    removeDir(dir);
    await moto.stop();
  });

  for (const project of PROJECTS) {
    describe(`${project.locking} mode`, () => {
      let tf: TerraformProject;

      before(async () => {
        tf = await terraformOn(moto, project, { 'main.tf': MAIN_TF, 'copies/main.tf': COPIES_TF });
        terraform.push(tf);
        for (const vars of [FIRST, SECOND, THIRD]) await tf.apply(vars);
      });

      it('three applies give three versions, newest first, with increasing serials and one lineage', () => {
        const history = json<HistoryJson>(sw('history', '-p', project.name, '--json'));
        assert.equal(history.version, 1);
        assert.equal(history.versions.length, 3);
        const [third, second, first] = history.versions;
        assert.ok(
          third!.serial > second!.serial && second!.serial > first!.serial,
          JSON.stringify(history.versions.map((v) => v.serial)),
        );
        assert.deepEqual(
          history.versions.map((v) => v.current),
          [true, false, false],
        );
        assert.equal(new Set(history.versions.map((v) => v.lineage)).size, 1);
        assert.match(first!.terraformVersion, /^1\.11\./);
        // message, static, item[a], item[b], guarded, copies.b[0]; then item[c] and copies.b[1] replace item[a].
        assert.deepEqual(
          history.versions.map((v) => v.resources),
          [7, 6, 6],
        );
        assert.equal(json<HistoryJson>(sw('history', '-p', project.name, '--limit', '1', '--json')).versions.length, 1);
        const text = sw('history', '-p', project.name);
        assert.equal(text.code, 0);
        for (const version of history.versions) assert.ok(text.stdout.includes(version.versionId));
      });

      it('diff of the first and third versions names exactly the changed resources, outputs too, and no secret', () => {
        const result = sw('diff', '-p', project.name, '-2', 'current', '--json');
        const diff = json<DiffJson>(result);
        assert.equal(diff.version, 1);
        assert.deepEqual(diff.added, ['module.copies.terraform_data.b[1]', 'terraform_data.item["c"]']);
        assert.deepEqual(diff.removed, ['terraform_data.item["a"]']);
        assert.deepEqual(
          diff.changed.map((c) => c.address),
          ['terraform_data.guarded', 'terraform_data.message'],
        );
        const guarded = diff.changed[0]!.changes.find((c) => c.path === 'triggers_replace[0]');
        assert.deepEqual(guarded, {
          path: 'triggers_replace[0]',
          before: '(sensitive)',
          after: '(sensitive)',
          sensitive: true,
        });
        assert.deepEqual(diff.outputs, [
          { name: 'message', action: 'changed', before: 'one', after: 'three', sensitive: false },
          { name: 'secret', action: 'changed', before: '(sensitive)', after: '(sensitive)', sensitive: true },
        ]);
        const text = sw('diff', '-p', project.name, '-2');
        assert.equal(text.code, 0, text.stderr);
        for (const shown of [result.stdout, text.stdout])
          assert.ok(!/first-secret-1|third-secret-3/.test(shown), shown);
        assert.match(text.stdout, /\+ terraform_data\.item\["c"\]/);
        assert.match(text.stdout, /- terraform_data\.item\["a"\]/);
        assert.doesNotMatch(text.stdout, /terraform_data\.static/);
      });

      it('restore without --yes and without a terminal refuses and writes nothing', () => {
        const refused = sw('restore', '-p', project.name, '--version', '-2');
        assert.equal(refused.code, 1);
        assert.match(refused.stderr, /RESTORE_NEEDS_APPROVAL/);
        assert.match(refused.stdout, /writes a new current version with serial \d+/);
        assert.equal(json<HistoryJson>(sw('history', '-p', project.name, '--json')).versions.length, 3);
      });

      it("restore of the first version takes terraform's lock, writes it as current with the serial bumped, and releases", async () => {
        const before = json<HistoryJson>(sw('history', '-p', project.name, '--json')).versions;
        const first = before[2]!;
        await moto.recorder.reset();
        await moto.recorder.start();
        const restored = sw('restore', '-p', project.name, '--version', first.versionId, '--yes');
        await moto.recorder.stop();
        assert.equal(restored.code, 0, restored.stderr);
        assert.match(restored.stdout, /Lock [0-9a-f-]{36} released/);

        const after = json<HistoryJson>(sw('history', '-p', project.name, '--json')).versions;
        assert.equal(after.length, 4, 'no version is deleted');
        assert.equal(after[0]!.serial, before[0]!.serial + 1);
        assert.equal(after[0]!.lineage, first.lineage);
        assert.equal(after[0]!.resources, first.resources);
        // Byte for byte the first version, but for the serial.
        const expected = (await body(project.name, first.versionId)).replace(
          `"serial": ${first.serial},`,
          `"serial": ${after[0]!.serial},`,
        );
        const current = await body(project.name);
        assert.equal(current, expected);
        const head = await aws.s3.send(
          new HeadObjectCommand({ Bucket: bucketOf(project.name), Key: keyOf(project.name) }),
        );
        assert.equal(head.ServerSideEncryption, 'AES256', 'sse-s3 projects get encrypt = true semantics');
        if (project.locking !== 'lockfile') {
          const digest = await aws.dynamodb.send(
            new GetItemCommand({
              TableName: 'terraform-locks',
              Key: { LockID: { S: `${bucketOf(project.name)}/${keyOf(project.name)}-md5` } },
            }),
          );
          assert.equal(digest.Item?.Digest?.S, createHash('md5').update(current).digest('hex'));
        }
        assertLockedLikeTerraform(await moto.recorder.download(), project);
        assert.deepEqual(json<LocksJson>(sw('locks', '--json')).locks, []);
      });

      it('terraform reads the restored state (no checksum error) and plans and applies on top of it', async () => {
        assert.equal(await tf.output('message'), 'one');
        const plan = await tf.plan(['-detailed-exitcode', ...Object.entries(FIRST).map(([k, v]) => `-var=${k}=${v}`)]);
        assert.equal(plan.code, 0, `the restored state matches the first configuration:\n${plan.stdout}`);
        assert.doesNotMatch(plan.stderr, /checksum/i);
        await tf.apply({ ...FIRST, message: 'four' });
        assert.equal(await tf.output('message'), 'four');
        const serials = json<HistoryJson>(sw('history', '-p', project.name, '--json')).versions.map((v) => v.serial);
        assert.deepEqual(
          serials,
          [...serials].sort((a, b) => b - a),
        );
        assert.equal(new Set(serials).size, serials.length);
      });

      it('restore refuses a version of another lineage unless --force-lineage', async () => {
        const current = await body(project.name);
        const foreign = current.replace(/"lineage": "[^"]+"/, '"lineage": "00000000-1111-2222-3333-444444444444"');
        await aws.s3.send(
          new PutObjectCommand({ Bucket: bucketOf(project.name), Key: keyOf(project.name), Body: foreign }),
        );
        const refused = sw('restore', '-p', project.name, '--version', '-1', '--yes');
        assert.equal(refused.code, 1);
        assert.match(refused.stderr, /RESTORE_LINEAGE_MISMATCH/);
        assert.match(refused.stderr, /--force-lineage/);
        assert.equal(await body(project.name), foreign, 'nothing was written');
        const forced = sw('restore', '-p', project.name, '--version', '-1', '--yes', '--force-lineage');
        assert.equal(forced.code, 0, forced.stderr);
        assert.match(await body(project.name), /"lineage": "(?!00000000-1111)/);
      });
    });
  }
});

/** The writes of a restore, in order: the lock as terraform takes it, the state, the digest, the release. */
function assertLockedLikeTerraform(recorded: RecordedRequest[], project: Day2Project): void {
  const bucket = bucketOf(project.name);
  const key = keyOf(project.name);
  const lockId = `${bucket}/${key}`;
  const header = (r: RecordedRequest, name: string) =>
    Object.entries(r.headers).find(([k]) => k.toLowerCase() === name)?.[1];
  const itemId = (r: RecordedRequest) => {
    const request = JSON.parse(r.body) as { Key?: { LockID: { S: string } }; Item?: { LockID: { S: string } } };
    return (request.Key ?? request.Item)?.LockID.S;
  };
  const writes = recorded.flatMap((r) => {
    if (r.call.startsWith('DynamoDB') && !r.call.endsWith('GetItem')) return [{ what: `${r.call} ${itemId(r)}`, r }];
    const path = decodeURIComponent(r.url.pathname);
    if ((r.method === 'PUT' || r.method === 'DELETE') && path.startsWith(`/${bucket}/`))
      return [{ what: `S3 ${r.method} ${path.slice(bucket.length + 2)}`, r }];
    return [];
  });
  const usesFile = project.locking !== 'dynamodb';
  const usesTable = project.locking !== 'lockfile';
  assert.deepEqual(
    writes.map((w) => w.what),
    [
      ...(usesFile ? [`S3 PUT ${key}.tflock`] : []),
      ...(usesTable ? [`DynamoDB PutItem ${lockId}`] : []),
      `S3 PUT ${key}`,
      ...(usesTable ? [`DynamoDB PutItem ${lockId}-md5`] : []),
      ...(usesFile ? [`S3 DELETE ${key}.tflock`] : []),
      ...(usesTable ? [`DynamoDB DeleteItem ${lockId}`] : []),
    ],
  );
  const lockBodies: string[] = [];
  for (const { what, r } of writes) {
    if (what === `S3 PUT ${key}.tflock`) {
      assert.equal(header(r, 'if-none-match'), '*');
      assert.equal(header(r, 'x-amz-server-side-encryption'), 'AES256');
      lockBodies.push(r.body);
    }
    if (what === `DynamoDB PutItem ${lockId}`) {
      const request = JSON.parse(r.body) as { ConditionExpression: string; Item: { Info: { S: string } } };
      assert.equal(request.ConditionExpression, 'attribute_not_exists(LockID)');
      lockBodies.push(request.Item.Info.S);
    }
    if (what === `S3 PUT ${key}`) assert.equal(header(r, 'x-amz-server-side-encryption'), 'AES256');
  }
  for (const text of lockBodies) {
    const info = JSON.parse(text) as Record<string, string>;
    assert.deepEqual(Object.keys(info), ['ID', 'Operation', 'Info', 'Who', 'Version', 'Created', 'Path']);
    assert.match(info.ID ?? '', /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(info.Operation, 'stateward restore');
    assert.equal(info.Path, lockId);
    assert.match(info.Who ?? '', /@/);
    assert.ok(!Number.isNaN(Date.parse(info.Created ?? '')));
  }
  // In both mode one lock, one ID, in both stores.
  assert.equal(new Set(lockBodies.map((b) => (JSON.parse(b) as { ID: string }).ID)).size, 1);
}
