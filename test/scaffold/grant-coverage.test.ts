// The coverage check behind the Terragrunt warning: does a grant's key pattern match every unit key
// prefix + x + suffix? Checked against the policy code's own glob matcher, on examples and on random globs.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { wildcardMatch } from '../../src/policy/state-keys.ts';
import { globCoversFamily, uncoveredExample } from '../../src/scaffold/grant-coverage.ts';

const UNITS = { prefix: 'app/terragrunt/', suffix: '/terraform.tfstate' };

describe('scaffold grant coverage', () => {
  it('decides the grants a user would write', () => {
    const cases: Array<[string, boolean]> = [
      ['app/terragrunt/*', true],
      ['app/*', true],
      ['app/terr*', true],
      ['app/terragrunt/*/terraform.tfstate', true],
      ['app/terragrunt/?*', true],
      ['app/terragrunt/*/*', true],
      ['app/terraform.tfstate', false],
      ['app/terragrunt/prod/*', false],
      ['app/terragrunt/?/terraform.tfstate', false],
      ['app/terragrunt/*/state.tfstate', false],
      ['app/terragrunt/*/terraform.tfstate.tflock', false],
      ['other/terragrunt/*', false],
    ];
    for (const [glob, covers] of cases) assert.equal(globCoversFamily(glob, UNITS), covers, glob);
  });

  it('a witness it reports is a unit key the glob really misses', () => {
    for (const glob of ['app/terragrunt/prod/*', 'app/terragrunt/?/terraform.tfstate', 'app/terraform.tfstate']) {
      const x = uncoveredExample(glob, UNITS);
      assert.notEqual(x, undefined, glob);
      assert.equal(wildcardMatch(glob, `${UNITS.prefix}${x}${UNITS.suffix}`), false, `${glob} vs ${x}`);
    }
  });

  it('agrees with the policy matcher on random globs: witnesses are misses, and "covered" holds for any unit path', () => {
    const text = (chars: string[], max: number) =>
      fc.array(fc.constantFrom(...chars), { maxLength: max }).map((a) => a.join(''));
    fc.assert(
      fc.property(
        text(['a', 'b', '/', '*', '?'], 7),
        text(['a', 'b', '/'], 4),
        text(['a', 'b', '/'], 4),
        text(['a', 'b', '/', 'c'], 8),
        (glob, prefix, suffix, unit) => {
          const family = { prefix, suffix };
          const witness = uncoveredExample(glob, family);
          if (witness !== undefined) return !wildcardMatch(glob, `${prefix}${witness}${suffix}`);
          return wildcardMatch(glob, `${prefix}${unit}${suffix}`);
        },
      ),
      { numRuns: 3000 },
    );
  });
});
