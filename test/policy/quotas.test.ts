// Documents over an IAM quota are compacted without changing what they allow, or refused with the
// grant to simplify.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseConfig } from '../../src/config/load.ts';
import { buildDesired } from '../../src/desired/build.ts';
import { StatewardError } from '../../src/errors.ts';
import { compactPolicy } from '../../src/policy/compact.ts';
import { wildcardMatch } from '../../src/policy/state-keys.ts';
import { configYaml } from './config-arbitrary.ts';
import { type AtomicGrant, atomicGrants } from './grants.ts';

const HEAD = 'version: 1\naccount: "111122223333"\nregion: eu-west-1\ngithub: { org: acme }\n';

function buildWith(projects: string): unknown {
  try {
    return buildDesired(parseConfig(`${HEAD}projects:\n${projects}`, 'quota.yaml'));
  } catch (err) {
    return err;
  }
}

/** Grants of `a` that no grant of `b` (same action and condition, resource pattern covering it) allows. */
function uncovered(a: AtomicGrant[], b: AtomicGrant[]): AtomicGrant[] {
  return a.filter(
    (g) =>
      !b.some((h) => h.action === g.action && h.condition === g.condition && wildcardMatch(h.resource, g.resource)),
  );
}

test('compaction never changes what a document allows', () => {
  fc.assert(
    fc.property(configYaml, (yaml) => {
      for (const p of buildDesired(parseConfig(yaml, 'random.yaml')).projects) {
        const document = p.role.inlinePolicies['stateward-state-access']!;
        const compacted = compactPolicy(document);
        assert.ok(compacted.Statement.length <= document.Statement.length);
        assert.deepEqual(uncovered(atomicGrants(compacted), atomicGrants(document)), []);
        assert.deepEqual(uncovered(atomicGrants(document), atomicGrants(compacted)), []);
      }
    }),
    { numRuns: 100, seed: 7 },
  );
});

test('compaction merges statements that differ only in their resources, and keeps the input intact', () => {
  const document = {
    Version: '2012-10-17' as const,
    Statement: [
      { Sid: 'A', Effect: 'Allow' as const, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/x' },
      { Sid: 'B', Effect: 'Allow' as const, Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::c/y'] },
      { Sid: 'C', Effect: 'Allow' as const, Action: 's3:PutObject', Resource: 'arn:aws:s3:::b/x' },
    ],
  };
  const before = JSON.stringify(document);
  const compacted = compactPolicy(document);
  assert.deepEqual(
    compacted.Statement.map((s) => s.Sid),
    ['AB', 'C'],
  );
  assert.deepEqual(compacted.Statement[0]!.Resource, ['arn:aws:s3:::b/x', 'arn:aws:s3:::c/y']);
  assert.equal(JSON.stringify(document), before);
});

test('a trust policy over 2,048 characters is refused, naming the project and what to simplify', () => {
  const subjects = Array.from({ length: 40 }, (_, i) => `"repo:acme/terraform-big:environment:env-number-${i}"`).join(
    ', ',
  );
  const err = buildWith(`  - name: big\n    oidcSubjects: [${subjects}]\n`);
  assert.ok(err instanceof StatewardError, String(err));
  assert.equal(err.code, 'POLICY_OVER_QUOTA');
  assert.match(
    err.message,
    /^the trust policy of project "big" is \d+ characters even compacted; the role trust policy limit is 2048 \(a quota increase can raise it to 4,096\)$/,
  );
  assert.match(err.fix, /fewer oidcSubjects/);
});

test('a permissions policy over 10,240 characters is refused, saying to combine grants', () => {
  const grants = Array.from(
    { length: 60 },
    (_, i) => `{ key: "big/stacks/component-number-${i}/terraform.tfstate", workspaces: ["dev", "staging"] }`,
  ).join(', ');
  const err = buildWith(`  - name: big\n    locking: both\n    access: { apply: [${grants}] }\n`);
  assert.ok(err instanceof StatewardError, String(err));
  assert.match(
    err.message,
    /the permissions policy of project "big" is \d+ characters even compacted; the inline role policies .* limit is 10240/,
  );
  assert.match(err.fix, /combine keys under one wildcard/);
});

test('a large but legal config fits: wildcard grants keep the policy small', () => {
  const desired = buildWith(
    `  - name: big\n    locking: both\n    access: { apply: [{ key: "big/stacks/*", workspaces: ["*"] }] }\n`,
  );
  assert.ok(!(desired instanceof Error));
});
