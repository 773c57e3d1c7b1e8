// Issue 12 §3: statement ids carry project names; two names must never give one Sid, or IAM rejects the
// reader's inline policy and the merge by Sid drops fence statements.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { parseConfig } from '../../src/config/load.ts';
import { buildDesired } from '../../src/desired/build.ts';
import { StatewardError } from '../../src/errors.ts';
import type { PolicyDocument } from '../../src/iam/document.ts';
import type { Desired } from '../../src/model/types.ts';
import { mergeBucketPolicy } from '../../src/plan/bucket-policy-merge.ts';
import { projectOfSidPart, sidPart } from '../../src/policy/sids.ts';
import { repeatedSids } from '../../src/policy/unique-sids.ts';

const runs = { numRuns: 120, seed: Number(process.env.FC_SEED ?? 20261203) };

/** Kebab-case names over a small alphabet, so hyphen-only differences (x-1 / x1) come up often. */
const kebabName = fc
  .array(fc.stringMatching(/^[abrz1][a-z0-9]{0,3}$/), { minLength: 1, maxLength: 3 })
  .map((segments) => segments.join('-'))
  .filter((name) => name.length <= 36);

const names: fc.Arbitrary<string[]> = fc.oneof(
  fc.uniqueArray(kebabName, { minLength: 1, maxLength: 6 }),
  fc.constant<string[]>(['x-1', 'x1', 'a', 'a-readers', 'bootstrap', 'readers-a', 'table-management']),
);

function desiredFor(projects: string[]): Desired {
  const yaml = stringify({
    version: 1,
    account: '111122223333',
    region: 'eu-west-1',
    github: { org: 'acme' },
    admins: ['arn:aws:iam::111122223333:role/platform-admin'],
    // Every project reads every other and uses the lock table: the most Sids that carry names.
    projects: projects.map((name) => ({
      name,
      locking: 'both',
      encryption: { type: 'sse-kms', kmsKeyArn: 'arn:aws:kms:eu-west-1:111122223333:key/k1' },
      reads: projects.filter((other) => other !== name),
    })),
  });
  return buildDesired(parseConfig(yaml, 'names.yaml'));
}

function documentsOf(desired: Desired): Array<[string, PolicyDocument]> {
  return [
    ...desired.projects.flatMap(
      (p): Array<[string, PolicyDocument]> => [
        [`${p.name} trust`, p.role.trust],
        [`${p.name} permissions`, p.role.inlinePolicies['stateward-state-access']!],
        [`${p.name} bucket`, p.bucket.policy],
      ],
    ),
    ['lock table', desired.shared.lockTable!.policy!],
  ];
}

test('the Sid part of a name decodes back to the name, so no two names share one', () => {
  fc.assert(
    fc.property(kebabName, (name) => {
      assert.match(sidPart(name), /^[A-Za-z0-9]+$/);
      assert.equal(projectOfSidPart(sidPart(name)), name);
    }),
    runs,
  );
  assert.notEqual(sidPart('x-1'), sidPart('x1'));
  assert.equal(sidPart('network-prod'), 'NetworkProd');
});

test('for any set of project names, every document holds unique Sids and the lock fence one statement per party', () => {
  fc.assert(
    fc.property(names, (projects) => {
      const desired = desiredFor(projects);
      for (const [what, document] of documentsOf(desired)) assert.deepEqual(repeatedSids(document), [], what);
      const lock = desired.shared.lockTable!.policy!.Statement;
      const perProject = lock.filter((s) => s.Sid!.startsWith('StatewardFenceLocks'));
      assert.equal(perProject.length, projects.length);
      // Each reader statement names the project it protects, whatever the names are.
      const readers = lock.filter((s) => s.Sid!.startsWith('StatewardFenceLockReaders'));
      assert.equal(readers.length, projects.length > 1 ? projects.length : 0);
    }),
    runs,
  );
});

test('adding a project keeps every statement of the merged bucket and lock-table policies', () => {
  fc.assert(
    fc.property(names, kebabName, (projects, added) => {
      fc.pre(!projects.includes(added));
      const before = desiredFor(projects);
      const after = desiredFor([...projects, added]);
      const lockMerged = mergeBucketPolicy(before.shared.lockTable!.policy, after.shared.lockTable!.policy!);
      assert.equal(lockMerged.Statement.length, after.shared.lockTable!.policy!.Statement.length);
      for (const project of after.projects) {
        const previous = before.projects.find((p) => p.name === project.name)?.bucket.policy;
        const merged = mergeBucketPolicy(previous, project.bucket.policy);
        const bySid = (doc: PolicyDocument) => [...doc.Statement].sort((a, b) => a.Sid!.localeCompare(b.Sid!));
        assert.deepEqual(bySid(merged), bySid(project.bucket.policy));
      }
    }),
    { ...runs, numRuns: 60 },
  );
});

test('the merge refuses stateward statements that repeat a Sid instead of dropping one', () => {
  const statement = { Sid: 'StatewardFenceLocksX1', Effect: 'Deny' as const, Action: 'dynamodb:*', Resource: '*' };
  assert.throws(
    () => mergeBucketPolicy(null, { Version: '2012-10-17', Statement: [statement, { ...statement, Resource: 'x' }] }),
    (error: unknown) => error instanceof StatewardError && error.code === 'POLICY_DUPLICATE_SID',
  );
});
