// The plan role's name: never another project's role, inside the tf-* pattern, and read back to its project.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { matchesGlob } from '../../src/iam/wildcard.ts';
import { planRoleArn, planRoleName, ROLE_PREFIX, roleName, roleOfName } from '../../src/names/naming.ts';

const kebab = fc
  .array(fc.stringMatching(/^[a-z0-9]{1,6}$/), { minLength: 1, maxLength: 4 })
  .map((segments) => segments.join('-'));

test('plan role names: table', () => {
  const cases: Array<[string, string, ReturnType<typeof roleOfName>]> = [
    ['network', 'tf-network.plan', { project: 'network', kind: 'plan' }],
    ['a', 'tf-a.plan', { project: 'a', kind: 'plan' }],
    ['plan', 'tf-plan.plan', { project: 'plan', kind: 'plan' }],
    ['x-plan', 'tf-x-plan.plan', { project: 'x-plan', kind: 'plan' }],
  ];
  for (const [project, name, parsed] of cases) {
    assert.equal(planRoleName(project), name);
    assert.deepEqual(roleOfName(name), parsed);
  }
  assert.equal(planRoleArn('111122223333', 'network'), 'arn:aws:iam::111122223333:role/tf-network.plan');
  assert.deepEqual(roleOfName('tf-plan'), { project: 'plan', kind: 'apply' });
  for (const foreign of ['tf-', 'tf-.plan', 'other-role', 'tf-A', 'tf-a.plan.plan', 'tf-a.apply', 'tf-a--b'])
    assert.equal(roleOfName(foreign), undefined, foreign);
});

test('property: apply and plan role names of any project names are all distinct, tf-*, and read back', () => {
  fc.assert(
    fc.property(fc.uniqueArray(kebab, { minLength: 1, maxLength: 8 }), (projects) => {
      const names = projects.flatMap((p) => [roleName(p), planRoleName(p)]);
      assert.equal(new Set(names).size, names.length, `two roles share a name among ${names.join(', ')}`);
      for (const p of projects) {
        assert.deepEqual(roleOfName(roleName(p)), { project: p, kind: 'apply' });
        assert.deepEqual(roleOfName(planRoleName(p)), { project: p, kind: 'plan' });
        assert.ok(matchesGlob(`arn:aws:iam::1:role/${ROLE_PREFIX}*`, planRoleArn('1', p)));
        assert.ok(planRoleName(p).length <= 64 || p.length > 42);
      }
    }),
    { numRuns: 500 },
  );
});
