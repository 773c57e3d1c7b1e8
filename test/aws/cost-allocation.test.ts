// Cost allocation through Cost Explorer, which moto does not implement (docs/moto-notes.md): the SDK
// calls run against a fake transport answering with responses in the shape of the Cost Explorer API
// reference (ListCostAllocationTags, UpdateCostAllocationTagsStatus), so the request, the parsing and
// the refusal that arrives inside a 200 are all exercised.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { HttpRequest } from '@smithy/types';
import { auditSnapshot } from '../../src/audit/run.ts';
import { executeChange } from '../../src/aws/execute/index.ts';
import { createLimiter } from '../../src/aws/limit.ts';
import { observeCostAllocationTag } from '../../src/aws/observe/cost-allocation.ts';
import { createReader } from '../../src/aws/observe/read.ts';
import { parseConfig } from '../../src/config/load.ts';
import { buildDesired } from '../../src/desired/build.ts';
import { StatewardError } from '../../src/errors.ts';
import { diff } from '../../src/plan/diff.ts';
import { emptyObserved } from '../../src/plan/empty-observed.ts';
import { cleanSnapshot } from '../audit/fixtures.ts';
import { converged, SMALL_CONFIG } from '../plan/fixtures.ts';
import { type FakeResponse, fakeClients } from './fake-transport.ts';

const json = (body: unknown): FakeResponse => ({
  status: 200,
  headers: { 'content-type': 'application/x-amz-json-1.1' },
  body: JSON.stringify(body),
});
const LISTED_INACTIVE = json({
  CostAllocationTags: [
    {
      TagKey: 'Project',
      Type: 'UserDefined',
      Status: 'Inactive',
      LastUpdatedDate: '2026-11-30T08:00:00Z',
      LastUsedDate: '2026-12-01T00:00:00Z',
    },
  ],
});
const target = (request: HttpRequest) => request.headers['x-amz-target'];
const body = (request: HttpRequest) => JSON.parse(String(request.body));

const desired = buildDesired(parseConfig(`${SMALL_CONFIG}costAllocation: true\n`, 'stateward.yaml'));

test('the Project tag is read from Cost Explorer in us-east-1, whatever the config region', async () => {
  const { clients, requests } = fakeClients(() => LISTED_INACTIVE);
  const reader = createReader(clients, createLimiter(1));
  assert.deepEqual(await observeCostAllocationTag(reader, desired.shared.costAllocationTag!), {
    key: 'Project',
    status: 'Inactive',
  });
  assert.equal(target(requests[0]!), 'AWSInsightsIndexService.ListCostAllocationTags');
  assert.deepEqual(body(requests[0]!), { TagKeys: ['Project'], Type: 'UserDefined' });
  assert.match(String(requests[0]!.headers.authorization), /\/us-east-1\/ce\/aws4_request/);
});

test('a key Cost Explorer has not listed yet is "unknown", and the plan says apply waits for it', async () => {
  const { clients } = fakeClients(() => json({ CostAllocationTags: [] }));
  const status = await observeCostAllocationTag(createReader(clients, createLimiter(1)), {
    key: 'Project',
    status: 'Active',
  });
  assert.equal(status.status, 'unknown');
  const observed = converged(desired);
  observed.shared.costAllocationTag = status;
  const [change] = diff(desired, observed).changes;
  assert.match(change!.summary, /activate tag Project for cost allocation in Cost Explorer \(Cost Explorer lists/);
});

test('off by default: no change, and no Cost Explorer read is needed', () => {
  const off = buildDesired(parseConfig(SMALL_CONFIG, 'stateward.yaml'));
  assert.equal(off.shared.costAllocationTag, undefined);
  assert.ok(!diff(off, emptyObserved(off)).changes.some((c) => c.resourceType === 'cost-allocation-tag'));
});

test('when on, plan shows the activation; once active, the plan is empty', () => {
  const observed = converged(desired);
  observed.shared.costAllocationTag = { key: 'Project', status: 'Inactive' };
  const changes = diff(desired, observed).changes;
  assert.deepEqual(
    changes.map((c) => [c.id, c.old, c.new, c.impact, c.broadensAccess]),
    [['cost-allocation-tag/Project/status', 'Inactive', 'Active', 'low', false]],
  );
  observed.shared.costAllocationTag = { key: 'Project', status: 'Active' };
  assert.deepEqual(diff(desired, observed).changes, []);
});

test('apply activates the tag with UpdateCostAllocationTagsStatus', async () => {
  const { clients, requests } = fakeClients(() => json({ Errors: [] }));
  const observed = converged(desired);
  observed.shared.costAllocationTag = { key: 'Project', status: 'Inactive' };
  const [change] = diff(desired, observed).changes;
  await executeChange(change!, clients);
  assert.equal(target(requests[0]!), 'AWSInsightsIndexService.UpdateCostAllocationTagsStatus');
  assert.deepEqual(body(requests[0]!), { CostAllocationTagsStatus: [{ TagKey: 'Project', Status: 'Active' }] });
});

test('a refusal inside the 200 answer is an error with the fix, not a silent success', async () => {
  const { clients } = fakeClients(() =>
    json({ Errors: [{ TagKey: 'Project', Code: 'TagKeysNotFoundException', Message: 'The tag key does not exist.' }] }),
  );
  const observed = converged(desired);
  observed.shared.costAllocationTag = { key: 'Project', status: 'unknown' };
  const [change] = diff(desired, observed).changes;
  await assert.rejects(
    () => executeChange(change!, clients),
    (error: unknown) =>
      error instanceof StatewardError &&
      error.code === 'APPLY_COST_TAG_REFUSED' &&
      /TagKeysNotFoundException/.test(error.message) &&
      /management account/.test(error.fix),
  );
});

test('audit reports the tag off when the config turns cost allocation on, and only then', () => {
  const snapshot = cleanSnapshot({ withConfig: true });
  const on = { ...snapshot, config: { ...snapshot.config!, costAllocation: true } };
  const rule = (s: typeof snapshot) => auditSnapshot(s).findings.filter((f) => f.rule === 'SW-COST-001');
  assert.equal(rule({ ...on, costAllocationTag: { key: 'Project', status: 'Inactive' } }).length, 1);
  assert.equal(rule({ ...on, costAllocationTag: { key: 'Project', status: 'unknown' } }).length, 1);
  assert.equal(rule({ ...on, costAllocationTag: { key: 'Project', status: 'Active' } }).length, 0);
  assert.equal(rule({ ...snapshot, costAllocationTag: { key: 'Project', status: 'Inactive' } }).length, 0);
});
