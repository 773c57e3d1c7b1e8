// SW-FENCE-006: with `stateBoundary: true`, a role with infrastructure permissions that does not carry
// tf-state-boundary is reported; once it does (what apply sets), the audit is clean.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stateBoundaryOf } from '../../src/policy/boundary.ts';
import { cleanSnapshot, findings, ids } from './fixtures.ts';

const BOUNDARY = 'arn:aws:iam::111122223333:policy/tf-state-boundary';

test('each role the config caps and that lacks the boundary is reported; with it, nothing is', () => {
  const snapshot = cleanSnapshot({ withConfig: true });
  const config = snapshot.config!;
  config.stateBoundary = true;
  const capped = config.projects.filter((p) => stateBoundaryOf(p, config) !== undefined).map((p) => p.name);
  assert.ok(capped.length > 0, 'the example has a role with managed policies and no boundary of its own');
  assert.ok(capped.length < config.projects.length, 'and one without');
  const found = findings(snapshot);
  // The project's plan role carries the apply role's boundary too.
  assert.deepEqual(
    ids(found),
    capped
      .flatMap((name) => [`tf-${name}`, `tf-${name}.plan`])
      .map((role) => `SW-FENCE-006 arn:aws:iam::111122223333:role/${role}`)
      .sort(),
  );
  assert.match(
    found[0]!.fix,
    /^Run `stateward apply`.*aws iam put-role-permissions-boundary --role-name tf-\S+ --permissions-boundary arn:aws:iam::111122223333:policy\/tf-state-boundary$/,
  );
  for (const r of snapshot.roles.filter((r) => capped.includes(r.project))) r.observed!.permissionsBoundary = BOUNDARY;
  assert.deepEqual(findings(snapshot), []);
});

test('without stateBoundary in the config, a role without a boundary is not this rule’s concern', () => {
  assert.deepEqual(findings(cleanSnapshot({ withConfig: true })), []);
});
