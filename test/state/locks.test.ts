import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lockItemId, lockObjectKey, stateObjectKey } from '../../src/backend/keys.ts';
import type { Config, ProjectConfig } from '../../src/config/types.ts';
import { type FoundLock, locksDocument, mergeLocks, staleLocks } from '../../src/state/locks.ts';
import { renderLocks } from '../../src/state/render.ts';
import { locateStateKey, projectTarget } from '../../src/state/target.ts';

const NOW = new Date('2026-03-01T12:00:00Z');

function lock(overrides: Partial<FoundLock> & { id: string; created: string }): FoundLock {
  return {
    project: 'web',
    workspace: 'default',
    key: 'web/terraform.tfstate',
    stateKey: 'web/terraform.tfstate',
    store: 's3',
    info: {
      ID: overrides.id,
      Operation: 'OperationTypeApply',
      Info: '',
      Who: 'ci@runner',
      Version: '1.11.4',
      Created: overrides.created,
      Path: 'tfstate-web-1/web/terraform.tfstate',
    },
    ...overrides,
  };
}

describe('mergeLocks', () => {
  it('shows a both-mode lock once, with both stores, and its age', () => {
    const merged = mergeLocks(
      [
        lock({ id: 'A', created: '2026-03-01T09:00:00Z' }),
        lock({ id: 'A', created: '2026-03-01T09:00:00Z', store: 'dynamodb' }),
      ],
      NOW,
    );
    assert.equal(merged.length, 1);
    assert.deepEqual(merged[0]?.stores, ['s3', 'dynamodb']);
    assert.equal(merged[0]?.ageMs, 3 * 3_600_000);
  });

  it('keeps two rows when the stores disagree on the ID (half-taken lock of another run)', () => {
    assert.equal(
      mergeLocks(
        [
          lock({ id: 'A', created: '2026-03-01T09:00:00Z' }),
          lock({ id: 'B', created: '2026-03-01T09:00:00Z', store: 'dynamodb' }),
        ],
        NOW,
      ).length,
      2,
    );
  });

  it('--stale keeps only locks at least that old', () => {
    const merged = mergeLocks(
      [
        lock({ id: 'old', created: '2026-03-01T09:00:00Z' }),
        lock({ id: 'new', created: '2026-03-01T11:45:00Z', stateKey: 'x' }),
      ],
      NOW,
    );
    assert.deepEqual(
      staleLocks(merged, 2 * 3_600_000).map((l) => l.info.ID),
      ['old'],
    );
    assert.deepEqual(
      staleLocks(merged, 10 * 60_000)
        .map((l) => l.info.ID)
        .sort(),
      ['new', 'old'],
    );
  });

  it('renders every column a user needs to decide, and a versioned JSON document', () => {
    const merged = mergeLocks([lock({ id: 'A', created: '2026-03-01T09:00:00Z' })], NOW);
    const text = renderLocks(merged);
    for (const cell of [
      'web',
      'default',
      'web/terraform.tfstate',
      'A',
      'OperationTypeApply',
      'ci@runner',
      '1.11.4',
      '2026-03-01T09:00:00Z',
      '3h',
      's3',
    ])
      assert.ok(text.includes(cell), cell);
    const doc = locksDocument(merged, []);
    assert.equal(doc.version, 1);
    assert.equal(doc.locks[0]?.ageSeconds, 10_800);
    assert.equal(renderLocks([], '2h'), 'No lock older than 2h is held.');
  });
});

const grant = (key: string, workspaceKeyPrefix = 'env:') => ({
  key,
  workspaces: ['*'],
  defaultWorkspace: true,
  workspaceKeyPrefix,
});
const project = (overrides: Partial<ProjectConfig> = {}): ProjectConfig => ({
  name: 'net',
  repo: 'acme/terraform-net',
  oidcSubjects: [],
  defaultBranch: 'main',
  githubEnvironments: [],
  allowPullRequestApply: false,
  planManagedPolicies: [],
  humans: [],
  managedPolicies: [],
  inlinePolicies: {},
  reads: [],
  access: {
    apply: [grant('net/terraform.tfstate')],
    plan: [grant('net/preview/terraform.tfstate', 'team/ws')],
    read: [],
  },
  locking: 'both',
  encryption: { type: 'sse-s3' },
  keepStateVersions: 100,
  noncurrentDays: 90,
  fence: true,
  ...overrides,
});

describe('locateStateKey', () => {
  const table: Array<[string, string, string]> = [
    ['net/terraform.tfstate', 'net/terraform.tfstate', 'default'],
    ['env:/staging/net/terraform.tfstate', 'net/terraform.tfstate', 'staging'],
    ['team/ws/pr-7/net/preview/terraform.tfstate', 'net/preview/terraform.tfstate', 'pr-7'],
    ['env:/dev/other/deep/terraform.tfstate', 'other/deep/terraform.tfstate', 'dev'],
    ['somewhere/else.tfstate', 'somewhere/else.tfstate', 'default'],
  ];
  for (const [stateKey, key, workspace] of table)
    it(`${stateKey} is key ${key} in workspace ${workspace}`, () =>
      assert.deepEqual(locateStateKey(project(), stateKey), { key, workspace }));

  it("is the inverse of terraform's key layout for every granted key and workspace", () => {
    const config = { account: '123456789012', region: 'eu-west-1' } as Config;
    for (const key of ['net/terraform.tfstate', 'net/preview/terraform.tfstate']) {
      for (const workspace of ['default', 'staging', 'pr-7']) {
        const target = projectTarget(config, project(), { key, workspace });
        assert.deepEqual(locateStateKey(project(), stateObjectKey(target)), { key, workspace });
      }
    }
  });
});

describe('projectTarget', () => {
  const config = { account: '123456789012', region: 'eu-west-1' } as Config;
  it("uses stateward's bucket, the project's lock mode and the conventional key by default", () => {
    const target = projectTarget(config, project());
    assert.equal(target.bucket, 'tfstate-net-123456789012');
    assert.equal(lockObjectKey(target), 'net/terraform.tfstate.tflock');
    assert.equal(lockItemId(target), 'tfstate-net-123456789012/net/terraform.tfstate');
    assert.equal(target.locking, 'both');
  });
  it('falls back to the first granted key when the conventional one is not granted', () => {
    const only = project({ access: { apply: [grant('net/app/terraform.tfstate')], plan: [], read: [] } });
    assert.equal(projectTarget(config, only).key, 'net/app/terraform.tfstate');
  });
  it("uses the grant's workspace_key_prefix for a workspace", () => {
    assert.equal(
      stateObjectKey(projectTarget(config, project(), { key: 'net/preview/terraform.tfstate', workspace: 'pr-1' })),
      'team/ws/pr-1/net/preview/terraform.tfstate',
    );
  });
});
