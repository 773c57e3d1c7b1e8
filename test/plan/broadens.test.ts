// Which changes let anyone do more (apply asks before them), and how they rank.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PolicyDocument, Statement } from '../../src/iam/document.ts';
import type { Change } from '../../src/plan/change.ts';
import { diff } from '../../src/plan/diff.ts';
import { emptyObserved } from '../../src/plan/empty-observed.ts';
import { assess } from '../../src/plan/impact.ts';
import { documentBroadens, statementCovers } from '../../src/plan/statement-cover.ts';
import { converged, desiredFromYaml, drifted, exampleDesired, project, SMALL_CONFIG } from './fixtures.ts';

const desired = exampleDesired();
const only = (changes: Change[]): Change => {
  assert.equal(changes.length, 1, changes.map((c) => c.id).join(', '));
  return changes[0]!;
};

test('on an empty account, creating roles, their policies, the provider, members and the attachment broaden access; the rest does not', () => {
  const plan = diff(desired, emptyObserved(desired));
  const broadening = new Set(plan.changes.filter((c) => c.broadensAccess).map((c) => c.id));
  for (const p of desired.projects) {
    assert.ok(broadening.has(`role/${p.role.name}/resource`));
    assert.ok(broadening.has(`role/${p.role.name}/inlinePolicy/stateward-state-access`));
    assert.ok(!broadening.has(`bucket/${p.bucket.name}/policy`), 'a bucket policy of denies only restricts');
    assert.ok(!broadening.has(`bucket/${p.bucket.name}/resource`));
  }
  assert.ok(broadening.has('role/tf-network/managedPolicy/arn:aws:iam::aws:policy/PowerUserAccess'));
  assert.ok(broadening.has('group/tf-operators/member/alice'));
  assert.ok(broadening.has('group-policy/tf-assume-roles/attachment/tf-operators'));
  assert.ok(broadening.has('oidc-provider/token.actions.githubusercontent.com/resource'));
  assert.ok(!broadening.has('group/tf-operators/resource'));
  assert.ok(!broadening.has('group-policy/tf-assume-roles/resource'));
});

test('adding a trusted OIDC subject or a human broadens the trust (critical); removing one does not', () => {
  const wider = desiredFromYaml(
    SMALL_CONFIG.replace(
      '  - name: app',
      '  - name: app\n    allowPullRequestApply: true\n    oidcSubjects: ["repo:acme/terraform-app:*", "repo:acme/terraform-app:environment:prod"]',
    ),
  );
  const narrower = desiredFromYaml(
    SMALL_CONFIG.replace(
      '  - name: app',
      '  - name: app\n    oidcSubjects: ["repo:acme/terraform-app:ref:refs/heads/main"]',
    ),
  );
  const base = desiredFromYaml(SMALL_CONFIG);
  const optedOut = desiredFromYaml(
    SMALL_CONFIG.replace('  - name: app', '  - name: app\n    allowPullRequestApply: true'),
  );
  const broaden = only(diff(wider, converged(narrower)).changes.filter((c) => c.resourceName === 'tf-app'));
  assert.equal(broaden.id, 'role/tf-app/trust');
  assert.deepEqual([broaden.broadensAccess, broaden.impact], [true, 'critical']);
  const narrow = diff(narrower, converged(wider)).changes.find((c) => c.id === 'role/tf-app/trust')!;
  assert.deepEqual([narrow.broadensAccess, narrow.impact], [false, 'high']);
  // repo:acme/terraform-app:* (the opt-out) already matches every subject of the narrower config
  assert.equal(
    diff(narrower, converged(optedOut)).changes.find((c) => c.id === 'role/tf-app/trust')?.broadensAccess,
    false,
  );
  const withBob = desiredFromYaml(SMALL_CONFIG.replace('humans: [alice]', 'humans: [alice, bob]'));
  assert.ok(
    diff(withBob, converged(base))
      .changes.filter((c) => c.setting === 'trust')
      .every((c) => c.broadensAccess),
  );
});

test("granting read access to another project loosens that bucket's fence and widens the reader's policy", () => {
  const base = desiredFromYaml(SMALL_CONFIG);
  const reading = desiredFromYaml(SMALL_CONFIG.replace('  - name: app\n', '  - name: app\n    reads: [net]\n'));
  const grant = diff(reading, converged(base)).changes;
  assert.deepEqual(
    grant.map((c) => [c.id, c.broadensAccess]),
    [
      ['role/tf-app/inlinePolicy/stateward-state-access', true],
      // The plan role reads the remote state too, as `terraform plan` of app does.
      ['role/tf-app.plan/inlinePolicy/stateward-state-access', true],
      ['bucket/tfstate-net-111122223333/policy', true],
    ],
  );
  assert.equal(grant.find((c) => c.setting === 'policy')!.impact, 'critical');
  const revoke = diff(base, converged(reading)).changes;
  assert.ok(revoke.length === 3 && revoke.every((c) => !c.broadensAccess), 'taking the read grant away narrows');
});

test('turning the fence off broadens; restoring a deleted TLS or fence statement does not', () => {
  const fenced = desiredFromYaml(SMALL_CONFIG);
  const unfenced = desiredFromYaml(SMALL_CONFIG.replace('projects:', 'defaults: { fence: false }\nprojects:'));
  assert.ok(
    diff(unfenced, converged(fenced)).changes.every(
      (c) => c.setting === 'policy' && c.broadensAccess && c.impact === 'critical',
    ),
  );
  const repaired = only(
    diff(
      fenced,
      drifted(fenced, (o) => {
        project(o, 'app').bucket.policy!.Statement.shift();
      }),
    ).changes,
  );
  assert.deepEqual([repaired.setting, repaired.broadensAccess], ['policy', false]);
});

test('attaching a managed policy or adding a member broadens; detaching or removing does not', () => {
  const detached = only(
    diff(
      desired,
      drifted(desired, (o) => {
        project(o, 'network').role.managedPolicyArns = [];
      }),
    ).changes,
  );
  assert.deepEqual([detached.action, detached.broadensAccess, detached.impact], ['attach', true, 'critical']);
  const extra = only(
    diff(
      desired,
      drifted(desired, (o) => {
        project(o, 'network').role.managedPolicyArns!.push('arn:aws:iam::aws:policy/IAMFullAccess');
      }),
    ).changes,
  );
  assert.deepEqual([extra.action, extra.broadensAccess], ['detach', false]);
  const removed = only(
    diff(
      desired,
      drifted(desired, (o) => {
        o.shared.operators.group.members!.push('mallory');
      }),
    ).changes,
  );
  assert.deepEqual([removed.action, removed.broadensAccess], ['remove-member', false]);
});

test('hardening bucket settings never broadens', () => {
  const hardened = diff(
    desired,
    drifted(desired, (o) => {
      const bucket = project(o, 'proxmox').bucket;
      Object.assign(bucket, {
        versioning: 'Suspended',
        encryption: null,
        publicAccessBlock: null,
        ownership: 'ObjectWriter',
      });
    }),
  ).changes;
  assert.equal(hardened.length, 4);
  assert.ok(hardened.every((c) => !c.broadensAccess));
});

test('per-setting rules: what loosens a control broadens, what tightens it does not', () => {
  const on = { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true };
  const cases: Array<[Parameters<typeof assess>, boolean]> = [
    [['bucket', 'publicAccessBlock', { action: 'update', old: on, new: { ...on, blockPublicPolicy: false } }], true],
    [
      [
        'bucket',
        'encryption',
        { action: 'update', old: { algorithm: 'aws:kms', kmsKeyArn: 'k1' }, new: { algorithm: 'AES256' } },
      ],
      true,
    ],
    [
      [
        'bucket',
        'encryption',
        {
          action: 'update',
          old: { algorithm: 'aws:kms', kmsKeyArn: 'k1' },
          new: { algorithm: 'aws:kms', kmsKeyArn: 'k2' },
        },
      ],
      true,
    ],
    [
      [
        'bucket',
        'encryption',
        { action: 'update', old: { algorithm: 'AES256' }, new: { algorithm: 'aws:kms', kmsKeyArn: 'k1' } },
      ],
      false,
    ],
    [['bucket', 'ownership', { action: 'update', old: 'BucketOwnerEnforced', new: 'ObjectWriter' }], true],
    [['role', 'permissionsBoundary', { action: 'update', old: 'arn:b', new: null }], true],
    [['role', 'permissionsBoundary', { action: 'update', old: null, new: 'arn:b' }], false],
    [['role', 'maxSessionDuration', { action: 'update', old: 3600, new: 43200 }], true],
    [['role', 'maxSessionDuration', { action: 'update', old: 43200, new: 3600 }], false],
    [['oidc-provider', 'clientIds', { action: 'update', old: [], new: ['sts.amazonaws.com'] }], true],
    [['bucket', 'tags', { action: 'update', old: {}, new: { Project: 'x' } }], false],
  ];
  for (const [args, expected] of cases) assert.equal(assess(...args).broadensAccess, expected, JSON.stringify(args));
});

test('statement coverage understands IAM wildcards in actions, resources and Like conditions', () => {
  const allow = (extra: Partial<Statement>): Statement => ({
    Effect: 'Allow',
    Action: 's3:GetObject',
    Resource: 'arn:aws:s3:::b/k',
    ...extra,
  });
  assert.ok(statementCovers(allow({ Action: 's3:Get*' }), allow({})));
  assert.ok(!statementCovers(allow({}), allow({ Action: 's3:Get*' })));
  assert.ok(statementCovers(allow({ Resource: 'arn:aws:s3:::b/*' }), allow({ Resource: 'arn:aws:s3:::b/k?' })));
  assert.ok(!statementCovers(allow({ Resource: 'arn:aws:s3:::b/k?' }), allow({ Resource: 'arn:aws:s3:::b/*' })));
  const sub = (values: string[]) => allow({ Condition: { StringLike: { 'x:sub': values } } });
  assert.ok(statementCovers(sub(['repo:a/b:*']), sub(['repo:a/b:ref:refs/heads/main'])));
  assert.ok(!statementCovers(sub(['repo:a/b:ref:refs/heads/main']), sub(['repo:a/b:*'])));
  assert.ok(statementCovers(allow({}), sub(['anything'])), 'an extra condition only narrows');
  const denyExcept = (arns: string[]): Statement => ({
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:*',
    Resource: 'arn:aws:s3:::b/*',
    Condition: { ArnNotLike: { 'aws:PrincipalArn': arns } },
  });
  const doc = (s: Statement): PolicyDocument => ({ Version: '2012-10-17', Statement: [s] });
  assert.ok(
    documentBroadens(doc(denyExcept(['r1'])), doc(denyExcept(['r1', 'r2']))),
    'exempting one more principal from a deny broadens',
  );
  assert.ok(!documentBroadens(doc(denyExcept(['r1', 'r2'])), doc(denyExcept(['r1']))));
});
