// The planner's promise: applying its plan makes the account match, so planning again finds
// nothing; from an empty account, and after any mix of hand-made drift.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { diff } from '../../src/plan/diff.ts';
import { emptyObserved } from '../../src/plan/empty-observed.ts';
import { applyAll } from './apply-to-observed.ts';
import { DRIFTS, desiredArb, driftsArb } from './arbitraries.ts';
import { essence } from './essence.ts';
import { converged } from './fixtures.ts';

test('for any valid config, applying the offline plan converges: the next plan is empty', () => {
  fc.assert(
    fc.property(desiredArb, (desired) => {
      const empty = emptyObserved(desired);
      const plan = diff(desired, empty);
      assert.ok(plan.changes.length > 0);
      assert.deepEqual(diff(desired, applyAll(empty, plan.changes)).changes, []);
    }),
    { numRuns: 150 },
  );
});

test('for any drift of a converged account, one round of plan and apply converges', () => {
  fc.assert(
    fc.property(desiredArb, driftsArb, (desired, drifts) => {
      const observed = structuredClone(converged(desired));
      for (const [name, at] of drifts) DRIFTS[name]!(observed, at);
      const before = structuredClone(observed);
      const plan = diff(desired, observed);
      assert.deepEqual(observed, before, 'diff does not touch its input');
      const after = applyAll(observed, plan.changes);
      assert.deepEqual(diff(desired, after).changes, []);
      assert.deepEqual(
        essence(after, desired),
        essence(converged(desired), desired),
        'what stateward owns is back as a first apply leaves it',
      );
    }),
    { numRuns: 300 },
  );
});

test('every planned change is complete: a unique id, a summary, dependencies inside the plan', () => {
  fc.assert(
    fc.property(desiredArb, driftsArb, (desired, drifts) => {
      const observed = structuredClone(converged(desired));
      for (const [name, at] of drifts) DRIFTS[name]!(observed, at);
      const { changes } = diff(desired, observed);
      const ids = new Set(changes.map((c) => c.id));
      assert.equal(ids.size, changes.length);
      for (const change of changes) {
        assert.ok(change.summary.length > 0 && change.dependsOn.every((id) => ids.has(id)), change.id);
        if (change.setting === 'tags') assert.equal(change.broadensAccess, false);
      }
    }),
    { numRuns: 100 },
  );
});
