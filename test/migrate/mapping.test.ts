// The mapping file: what discover writes, migrate reads back unchanged (property), and every mistake is
// reported at its line and column; the proposal's names are valid project names.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseConfig } from '../../src/config/load.ts';
import { StatewardErrors } from '../../src/errors.ts';
import { parseMapping, renderMapping } from '../../src/migrate/mapping.ts';
import { projectNameFor, propose } from '../../src/migrate/propose.ts';
import type { MigrationRequest } from '../../src/migrate/request.ts';

const segment = fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,12}$/);
const request: fc.Arbitrary<MigrationRequest> = fc.record({
  from: fc.record({
    kind: fc.constant('s3' as const),
    bucket: fc.stringMatching(/^[a-z0-9][a-z0-9-]{2,20}$/),
    key: fc.array(segment, { minLength: 1, maxLength: 4 }).map((parts) => `${parts.join('/')}/terraform.tfstate`),
  }),
  to: fc.stringMatching(/^[a-z][a-z0-9]{0,10}$/),
  workspaces: fc.boolean(),
});

test('renderMapping then parseMapping gives back the same requests', () => {
  fc.assert(
    fc.property(
      fc.array(request, { minLength: 1, maxLength: 5 }),
      fc.option(fc.stringMatching(/^[a-z-]{3,20}$/)),
      (requests, table) => {
        const withTable = requests.map((r) => (table ? { ...r, fromLockTable: table } : r));
        const parsed = parseMapping(renderMapping(withTable, ['header']), 'm.yaml').map(({ location: _l, ...r }) => r);
        assert.deepEqual(JSON.parse(JSON.stringify(parsed)), JSON.parse(JSON.stringify(withTable)));
      },
    ),
  );
});

test('mistakes in a mapping are reported with file:line:col', () => {
  const text = 'version: 1\nmigrations:\n  - from: s3://b/k.tfstate\n    too: app\n';
  try {
    parseMapping(text, 'm.yaml');
    assert.fail('expected errors');
  } catch (error) {
    assert.ok(error instanceof StatewardErrors);
    const codes = error.errors.map((e) => `${e.code}@${e.location?.line}`);
    assert.ok(codes.includes('MIGRATE_BAD_MAPPING@4'), codes.join(', '));
  }
  assert.throws(
    () => parseMapping('version: 1\nmigrations:\n  - from: s3://bucket\n    to: app\n', 'm.yaml'),
    /MIGRATE_BAD_SOURCE|cannot be used/,
  );
});

test('project names from keys are kebab-case, at most 42 characters, and unique in a proposal', () => {
  assert.equal(projectNameFor({ bucket: 'b', key: 'envs/network/terraform.tfstate' }), 'envs-network');
  assert.equal(projectNameFor({ bucket: 'Shared.State', key: 'terraform.tfstate' }), 'shared-state');
  assert.equal(projectNameFor({ bucket: 'b', key: 'App_One.tfstate' }), 'app-one');
  fc.assert(
    fc.property(
      fc.array(fc.record({ bucket: fc.constantFrom('b1', 'b2'), key: fc.string().map((k) => `${k}.tfstate`) }), {
        maxLength: 8,
      }),
      (keys) => {
        const proposal = propose(
          keys.map((k) => ({ ...k, hasDefault: true, workspaces: [] })),
          { account: '111122223333', region: 'eu-west-1', githubOrg: 'acme', generatedAt: 'now' },
        );
        const names = proposal.projects.map((p) => p.name);
        assert.equal(new Set(names).size, names.length);
        if (names.length > 0) parseConfig(proposal.config, 'proposed.yaml');
        if (names.length > 0) assert.equal(parseMapping(proposal.mapping, 'm.yaml').length, names.length);
      },
    ),
  );
});
