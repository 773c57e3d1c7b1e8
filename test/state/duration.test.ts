import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { StatewardError } from '../../src/errors.ts';
import { formatAge, parseDuration } from '../../src/state/duration.ts';

describe('parseDuration', () => {
  const table: Array<[string, number]> = [
    ['2h', 7_200_000],
    ['30m', 1_800_000],
    ['1d', 86_400_000],
    ['45s', 45_000],
    ['1w', 604_800_000],
    ['1h30m', 5_400_000],
    [' 2H ', 7_200_000],
  ];
  for (const [text, ms] of table)
    it(`reads ${JSON.stringify(text)} as ${ms} ms`, () => assert.equal(parseDuration(text), ms));

  for (const bad of ['', '2', 'h', '2x', '-2h', '1.5h', '0m', '2 h', 'two hours', '2h-']) {
    it(`refuses ${JSON.stringify(bad)} with the option name and an example`, () => {
      assert.throws(
        () => parseDuration(bad, '--stale'),
        (error: unknown) => {
          assert.ok(error instanceof StatewardError);
          assert.equal(error.code, 'CLI_BAD_DURATION');
          assert.match(error.message, /--stale takes a duration such as 2h/);
          assert.match(error.fix, /--stale 2h/);
          return true;
        },
      );
    });
  }

  it('sums any sequence of positive parts', () => {
    const units = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;
    const part = fc.tuple(
      fc.integer({ min: 1, max: 500 }),
      fc.constantFrom(...(Object.keys(units) as Array<keyof typeof units>)),
    );
    fc.assert(
      fc.property(fc.array(part, { minLength: 1, maxLength: 4 }), (parts) => {
        const text = parts.map(([n, u]) => `${n}${u}`).join('');
        assert.equal(
          parseDuration(text),
          parts.reduce((sum, [n, u]) => sum + n * units[u], 0),
        );
      }),
    );
  });
});

describe('formatAge', () => {
  const table: Array<[number, string]> = [
    [0, '0s'],
    [999, '0s'],
    [45_000, '45s'],
    [61_000, '1m 1s'],
    [3_600_000, '1h'],
    [3_600_000 + 5 * 60_000 + 7_000, '1h 5m'],
    [2 * 86_400_000 + 4 * 3_600_000, '2d 4h'],
    [-5_000, '0s'],
  ];
  for (const [ms, text] of table) it(`shows ${ms} ms as ${text}`, () => assert.equal(formatAge(ms), text));

  it('never overstates an age: the shown age parses back to at most the real one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1_000, max: 400 * 86_400_000 }), (ms) => {
        const shown = formatAge(ms).replace(' ', '');
        const back = parseDuration(shown);
        assert.ok(back <= ms, `${shown} > ${ms}`);
      }),
    );
  });
});
