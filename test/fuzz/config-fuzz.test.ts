// 5,000 seeded mutations of the example config: each gives typed config errors (with a place and a fix)
// or a valid offline plan. Never a crash. The pipeline is pure, so it cannot call AWS.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseConfig } from '../../src/config/load.ts';
import { buildDesired } from '../../src/desired/build.ts';
import { StatewardError, StatewardErrors } from '../../src/errors.ts';
import { diff, emptyObserved } from '../../src/plan/index.ts';
import { mutate } from './config-mutations.ts';

const EXAMPLE = readFileSync(new URL('../../examples/stateward.yaml', import.meta.url), 'utf8');
/** Beside the example, so the policy files it names resolve as they do for the example itself. */
const FILE = fileURLToPath(new URL('../../examples/fuzz.yaml', import.meta.url));
const MUTATIONS = Number(process.env.FUZZ_MUTATIONS ?? 5000);
const SEED = Number(process.env.FUZZ_SEED ?? 20261122);

test(`${MUTATIONS} mutated configs give typed errors or valid plans, never a crash`, (t) => {
  const outcomes = { valid: 0, configErrors: 0, otherTyped: 0 };
  for (let i = 0; i < MUTATIONS; i++) {
    const seed = SEED + i;
    const text = mutate(EXAMPLE, seed);
    try {
      const desired = buildDesired(parseConfig(text, FILE));
      const plan = diff(desired, emptyObserved(desired));
      assert.ok(plan.changes.length > 0);
      outcomes.valid++;
    } catch (err) {
      if (err instanceof StatewardErrors) {
        assert.ok(err.errors.length > 0, `seed ${seed}: empty error list`);
        for (const e of err.errors) {
          assert.ok(
            e.location && e.location.line >= 1 && e.location.column >= 1,
            `seed ${seed}: ${e.code} has no place`,
          );
          assert.ok(e.fix.length > 0 && e.message.length > 0, `seed ${seed}: ${e.code} has no message or fix`);
        }
        outcomes.configErrors++;
      } else if (err instanceof StatewardError) {
        assert.ok(err.fix.length > 0, `seed ${seed}: ${err.code} has no fix`);
        outcomes.otherTyped++;
      } else {
        assert.fail(
          `seed ${seed} crashed with ${err instanceof Error ? err.stack : String(err)}\n--- config ---\n${text}`,
        );
      }
    }
  }
  t.diagnostic(`outcomes: ${JSON.stringify(outcomes)}`);
  // The mutations must reach both sides, or the fuzz proves little.
  assert.ok(outcomes.valid > MUTATIONS * 0.05, JSON.stringify(outcomes));
  assert.ok(outcomes.configErrors > MUTATIONS * 0.3, JSON.stringify(outcomes));
});
