// Eight terraform applies of one state at once, as eight CI runners would start them, each waiting up to 60 s
// for the lock: none may overwrite another's update. Proof: the state's serial grew by exactly 8, its lineage
// is unchanged, and the bucket's versions hold serials +1..+8 once each, with every writer's value in exactly
// one of them. Run in lockfile mode (S3 conditional writes) and in DynamoDB mode.
//
// Terraform 1.11 does not promise that all eight succeed at the first try, and they do not: when the holder
// releases the lock between a waiter's failed conditional write and its read of the lock's info, the waiter
// gets a lock error without lock info, which -lock-timeout does not retry (statemgr.LockWithContext), and
// its back-off (1 s doubling to 16 s) can starve a waiter past 60 s. Such a writer must fail with terraform's
// lock error and write nothing; it is then run again, as CI would, until every writer has applied once.
//
// The buckets are made with the SDK, not by `stateward apply`: moto applies the conditioned Deny statements of
// stateward's bucket policy (TLS only, the fence) to every caller, terraform included (docs/moto-notes.md), so
// terraform cannot use a stateward-made bucket on moto without its policy being deleted first. A plain
// versioned bucket is what this test needs: the locking under test is terraform's own.
// (Two `stateward apply` runs of one config at once are tested in plan-apply.test.ts.)
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as S3 from '@aws-sdk/client-s3';
import { startMoto, type Moto } from '../support/moto.ts';
import { awsClients, createBucket, createLockTable, type AwsClients } from '../support/aws.ts';
import { terraformProject, type Locking, type TerraformProject } from '../support/terraform.ts';

const WRITERS = 8;
const MAX_ROUNDS = 4;
const KEY = 'shared/terraform.tfstate';

interface StateHead {
  serial: number;
  lineage: string;
  message: string;
}

async function stateVersions(aws: AwsClients, Bucket: string): Promise<StateHead[]> {
  const { Versions } = await aws.s3.send(new S3.ListObjectVersionsCommand({ Bucket, Prefix: KEY }));
  const heads = await Promise.all(
    (Versions ?? []).filter((v) => v.Key === KEY).map(async (v) => {
      const object = await aws.s3.send(new S3.GetObjectCommand({ Bucket, Key: KEY, VersionId: v.VersionId }));
      const state = JSON.parse(await object.Body!.transformToString()) as { serial: number; lineage: string; outputs: { message?: { value: string } } };
      return { serial: state.serial, lineage: state.lineage, message: state.outputs.message?.value ?? '' };
    }),
  );
  return heads.sort((a, b) => a.serial - b.serial);
}

for (const locking of ['lockfile', 'dynamodb'] as const satisfies readonly Locking[]) {
  describe(`${WRITERS} terraform applies of one state at once (${locking})`, () => {
    let moto: Moto;
    let aws: AwsClients;
    const bucket = `concurrency-${locking}`;
    const writers: TerraformProject[] = [];

    before(async () => {
      moto = await startMoto();
      aws = awsClients(moto);
      await createBucket(aws.s3, bucket, { versioned: true });
      if (locking === 'dynamodb') await createLockTable(aws.dynamodb);
      for (let i = 0; i < WRITERS; i++) writers.push(terraformProject({ moto, bucket, key: KEY, locking }));
    });
    after(async () => {
      for (const writer of writers) await writer.cleanup();
      await moto?.stop();
    });

    it('every writer applies once (lock errors are rerun), and no update is lost', async (t) => {
      await writers[0]!.init();
      await writers[0]!.apply({ message: 'initial' });
      const [initial] = (await stateVersions(aws, bucket)).slice(-1);
      assert.ok(initial, 'the first apply wrote no state');
      await Promise.all(writers.slice(1).map((writer) => writer.init()));

      let pending = writers.map((_, i) => i);
      const failuresPerRound: string[] = [];
      for (let round = 1; round <= MAX_ROUNDS && pending.length > 0; round++) {
        const results = await Promise.all(pending.map((i) => writers[i]!.run(['apply', '-auto-approve', '-lock-timeout=60s', `-var=message=writer-${i}`])));
        const failed = results.filter((result) => result.code !== 0);
        for (const result of failed) assert.match(result.stderr, /Error acquiring the state lock/, `a writer failed for another reason:\n${result.stderr}`);
        // With the holder's info in the error terraform waited and gave up; without it, the lock was released mid-check.
        const timedOut = failed.filter((result) => /Lock Info:\s+ID:\s+\S/.test(result.stderr)).length;
        failuresPerRound.push(`${failed.length} (${timedOut} timed out, ${failed.length - timedOut} lock released mid-check)`);
        pending = pending.filter((_, n) => results[n]!.code !== 0);
      }
      t.diagnostic(`${locking}: lock errors per round: ${failuresPerRound.join('; ')}`);
      assert.deepEqual(pending, [], `writers ${pending.join(', ')} never applied in ${MAX_ROUNDS} rounds`);

      const versions = await stateVersions(aws, bucket);
      const newer = versions.filter((v) => v.serial > initial.serial);
      assert.deepEqual(newer.map((v) => v.serial), Array.from({ length: WRITERS }, (_, i) => initial.serial + i + 1), 'each apply wrote one new serial');
      assert.ok(newer.every((v) => v.lineage === initial.lineage), 'the lineage changed');
      assert.deepEqual(newer.map((v) => v.message).sort(), writers.map((_, i) => `writer-${i}`).sort(), "a writer's update is missing");
      const current = await aws.s3.send(new S3.GetObjectCommand({ Bucket: bucket, Key: KEY }));
      const state = JSON.parse(await current.Body!.transformToString()) as { serial: number };
      assert.equal(state.serial, initial.serial + WRITERS);
    });
  });
}
