import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type ApplyProgress, applyPlan } from '../../src/aws/execute/index.ts';
import type { Change, Plan } from '../../src/plan/change.ts';
import { FAKE_ACCOUNT, fakeClients, s3Error } from './fake-transport.ts';

function change(id: string, setting: string, fields: Partial<Change> = {}): Change {
  const [resourceType, resourceName] = id.split('/') as [Change['resourceType'], string];
  return {
    id,
    resourceType,
    resourceName,
    setting,
    action: 'update',
    old: null,
    new: null,
    impact: 'medium',
    broadensAccess: false,
    dependsOn: [],
    summary: id,
    ...fields,
  };
}

const plan = (changes: Change[]): Plan => ({
  version: 1,
  account: FAKE_ACCOUNT,
  changes,
  orphans: { buckets: [], roles: [] },
  notices: [],
  blocked: [],
});
const bucketOfPath = (path: string) => path.split('/')[1] ?? '';

describe('applyPlan', () => {
  it('a failed change skips what depends on it; other resources still change, one call at a time per resource', async () => {
    const inFlight = new Map<string, number>();
    let most = 0;
    let mostOnOneBucket = 0;
    const { clients, requests } = fakeClients((request) => {
      if (
        request.method === 'PUT' &&
        request.path.replace(/\/$/, '') === '/taken' &&
        Object.keys(request.query ?? {}).length === 0
      )
        return s3Error(409, 'BucketAlreadyExists');
      return { status: 200 };
    });
    // Count overlapping calls: each call holds its slot for a moment.
    const transport = clients.s3.config.requestHandler as { handle: (r: { path: string }) => Promise<unknown> };
    const handle = transport.handle.bind(transport);
    transport.handle = async (request) => {
      const bucket = bucketOfPath(request.path);
      inFlight.set(bucket, (inFlight.get(bucket) ?? 0) + 1);
      most = Math.max(
        most,
        [...inFlight.values()].reduce((a, b) => a + b, 0),
      );
      mostOnOneBucket = Math.max(mostOnOneBucket, inFlight.get(bucket)!);
      await new Promise((resolve) => setTimeout(resolve, 30));
      inFlight.set(bucket, inFlight.get(bucket)! - 1);
      return handle(request);
    };
    const create = change('bucket/taken/resource', 'resource', {
      action: 'create',
      new: { name: 'taken', region: 'eu-west-1' },
    });
    const takenVersioning = change('bucket/taken/versioning', 'versioning', { new: 'Enabled', dependsOn: [create.id] });
    const freeVersioning = change('bucket/free/versioning', 'versioning', { new: 'Enabled' });
    const freeTags = change('bucket/free/tags', 'tags', { new: { Project: 'free' }, old: {} });
    const progress: ApplyProgress[] = [];

    const result = await applyPlan(plan([create, takenVersioning, freeVersioning, freeTags]), clients, {
      concurrency: 4,
      onProgress: (p) => progress.push(p),
    });

    assert.deepEqual(
      result.failed.map((f) => [f.change.id, f.error.code]),
      [[create.id, 'AWS_BUCKET_NAME_TAKEN']],
    );
    assert.deepEqual(
      result.skipped.map((c) => c.id),
      [takenVersioning.id],
    );
    assert.deepEqual(result.applied.map((c) => c.id).sort(), [freeTags.id, freeVersioning.id]);
    assert.ok(
      !requests.some((r) => r.path.startsWith('/taken') && r.query?.versioning !== undefined),
      'no write on a bucket that was never created',
    );
    assert.equal(mostOnOneBucket, 1);
    assert.ok(most >= 2, 'different resources change in parallel');
    assert.deepEqual(
      progress
        .filter((p) => p.state !== 'started')
        .map((p) => `${p.change.id}:${p.state}`)
        .sort(),
      [
        `${create.id}:failed`,
        `${freeTags.id}:done`,
        `${freeVersioning.id}:done`,
        `${takenVersioning.id}:skipped`,
      ].sort(),
    );
  });

  it('once the signal aborts, nothing new starts; the calls in flight settle and count as applied', async () => {
    const stop = new AbortController();
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const { clients, requests } = fakeClients(() => ({ status: 200 }));
    const transport = clients.s3.config.requestHandler as { handle: (r: { path: string }) => Promise<unknown> };
    const handle = transport.handle.bind(transport);
    transport.handle = async (request) => {
      // The first call is in flight when the interrupt comes; it finishes after it.
      if (bucketOfPath(request.path) === 'first') {
        stop.abort();
        await held;
      }
      return handle(request);
    };
    const first = change('bucket/first/versioning', 'versioning', { new: 'Enabled' });
    const after = change('bucket/first/tags', 'tags', { new: { Project: 'x' }, old: {} });
    const others = ['a', 'b', 'c'].map((name) => change(`bucket/${name}/versioning`, 'versioning', { new: 'Enabled' }));
    const running = applyPlan(plan([first, after, ...others]), clients, { concurrency: 1, signal: stop.signal });
    await new Promise((resolve) => setTimeout(resolve, 20));
    release();
    const result = await running;
    assert.deepEqual(
      result.applied.map((c) => c.id),
      [first.id],
    );
    assert.deepEqual(result.failed, []);
    assert.deepEqual(result.skipped, []);
    assert.deepEqual(result.notStarted.map((c) => c.id).sort(), [after.id, ...others.map((c) => c.id)].sort());
    assert.ok(
      requests.every((r) => bucketOfPath(r.path) === 'first' && r.query?.tagging === undefined),
      'no call after the interrupt',
    );
  });

  it('without --concurrency, bucket changes run many at once while IAM changes stay at 4', async () => {
    const inFlight = { s3: 0, iam: 0 };
    const most = { s3: 0, iam: 0 };
    const { clients } = fakeClients(() => ({ status: 200 }));
    // Both clients share the fake transport: IAM's requests are the query-protocol POSTs with an Action.
    const transport = clients.s3.config.requestHandler as { handle: (r: { body?: unknown }) => Promise<unknown> };
    const handle = transport.handle.bind(transport);
    transport.handle = async (request) => {
      const service = /Action=/.test(String(request.body ?? '')) ? 'iam' : 's3';
      inFlight[service] += 1;
      most[service] = Math.max(most[service], inFlight[service]);
      await new Promise((resolve) => setTimeout(resolve, 20));
      inFlight[service] -= 1;
      return handle(request);
    };
    const buckets = Array.from({ length: 20 }, (_, i) =>
      change(`bucket/b${i}/versioning`, 'versioning', { new: 'Enabled' }),
    );
    const roles = Array.from({ length: 10 }, (_, i) =>
      change(`role/tf-r${i}/maxSessionDuration`, 'maxSessionDuration', { new: 3600 }),
    );
    const result = await applyPlan(plan([...roles, ...buckets]), clients);
    assert.equal(result.applied.length, 30);
    assert.equal(most.iam, 8);
    assert.equal(most.s3, 16);
  });

  it("writes each setting from the change's `new` value: the lifecycle keeps the other rules, then adds stateward's", async () => {
    const { clients, requests } = fakeClients();
    const other = { ID: 'logs', Status: 'Enabled', Filter: { Prefix: 'logs/' }, Expiration: { Days: 30 } };
    const lifecycle = change('bucket/b/lifecycle', 'lifecycle', {
      new: {
        stateward: { noncurrentDays: 90, newerNoncurrentVersions: 100, abortIncompleteMultipartUploadDays: 7 },
        otherRules: [other],
      },
    });
    await applyPlan(plan([lifecycle]), clients);
    const body = String(requests[0]!.body);
    assert.ok(body.indexOf('<ID>logs</ID>') < body.indexOf('<ID>stateward-state-versions</ID>'));
    assert.match(body, /<NewerNoncurrentVersions>100<\/NewerNoncurrentVersions>/);
    assert.match(body, /<Prefix>logs\/<\/Prefix>/);
  });
});
