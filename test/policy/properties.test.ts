// Invariants of every generated document, for random valid configs.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseConfig } from '../../src/config/load.ts';
import { buildDesired } from '../../src/desired/build.ts';
import { asArray, type PolicyDocument } from '../../src/iam/document.ts';
import { policySize, QUOTAS } from '../../src/policy/quotas.ts';
import { wildcardMatch } from '../../src/policy/state-keys.ts';
import { configYaml } from './config-arbitrary.ts';

const runs = { numRuns: 150, seed: Number(process.env.FC_SEED ?? 20261122) };

function checkAll(check: (yaml: string) => void) {
  fc.assert(fc.property(configYaml, check), runs);
}

const allows = (doc: PolicyDocument) => doc.Statement.filter((s) => s.Effect === 'Allow');

test('every generated config is valid and every document parses and fits its quota', () => {
  checkAll((yaml) => {
    const desired = buildDesired(parseConfig(yaml, 'random.yaml'));
    for (const p of desired.projects) {
      const documents = {
        trust: p.role.trust,
        permissions: p.role.inlinePolicies['stateward-state-access']!,
        bucket: p.bucket.policy,
      };
      for (const [kind, document] of Object.entries(documents)) {
        assert.deepEqual(JSON.parse(JSON.stringify(document)), document);
        assert.ok(
          policySize(document) <= QUOTAS[kind as keyof typeof QUOTAS].limit,
          `${p.name} ${kind} ${policySize(document)}`,
        );
      }
    }
  });
});

test("a role's permissions name another project's bucket only through reads, and only to read", () => {
  checkAll((yaml) => {
    const desired = buildDesired(parseConfig(yaml, 'random.yaml'));
    for (const p of desired.projects) {
      for (const s of allows(p.role.inlinePolicies['stateward-state-access']!)) {
        for (const resource of asArray(s.Resource)) {
          const other = desired.projects.find(
            (q) =>
              q.name !== p.name &&
              resource.startsWith(`${q.bucket.arn}`) &&
              (resource === q.bucket.arn || resource.startsWith(`${q.bucket.arn}/`)),
          );
          if (!other) continue;
          assert.ok(p.config.reads.includes(other.name), `${p.name} reaches ${other.name} without reads`);
          assert.deepEqual(
            asArray(s.Action).filter((a) => a !== 's3:GetObject' && a !== 's3:ListBucket'),
            [],
            `${p.name} may do more than read ${other.name}`,
          );
        }
      }
    }
  });
});

test('no role permission reaches the reserved _bootstrap/ keys, and the fence reserves them', () => {
  checkAll((yaml) => {
    const desired = buildDesired(parseConfig(yaml, 'random.yaml'));
    for (const p of desired.projects) {
      for (const q of desired.projects) {
        const bootstrap = `${q.bucket.arn}/_bootstrap/terraform.tfstate`;
        for (const s of allows(p.role.inlinePolicies['stateward-state-access']!)) {
          for (const resource of asArray(s.Resource))
            assert.ok(!wildcardMatch(resource, bootstrap), `${p.name}: ${resource} matches ${bootstrap}`);
        }
      }
      if (p.config.fence) assert.ok(p.bucket.policy.Statement.some((s) => s.Sid === 'StatewardReserveBootstrap'));
    }
  });
});

test('every OIDC trust checks aud and pins sub to the repo; every human trust demands MFA', () => {
  checkAll((yaml) => {
    const desired = buildDesired(parseConfig(yaml, 'random.yaml'));
    for (const p of desired.projects) {
      const github = p.role.trust.Statement.find((s) => s.Action === 'sts:AssumeRoleWithWebIdentity')!;
      const conditions = Object.values(github.Condition ?? {});
      const aud = conditions.flatMap((c) => asArray(c['token.actions.githubusercontent.com:aud'] as string));
      const sub = conditions.flatMap((c) => asArray(c['token.actions.githubusercontent.com:sub'] as string));
      assert.deepEqual(aud, ['sts.amazonaws.com'], `${p.name} trust has no aud condition`);
      assert.ok(
        sub.length > 0 &&
          sub.every(
            (s) => s.startsWith(`repo:${p.config.repo}:`) || s.startsWith(`repo:acme@123456/terraform-${p.name}@`),
          ),
        `${p.name} sub ${sub}`,
      );
      const humans = p.role.trust.Statement.find((s) => s.Action === 'sts:AssumeRole');
      if (humans) assert.equal(humans.Condition?.Bool?.['aws:MultiFactorAuthPresent'], 'true');
    }
  });
});

test("every lock-table grant is limited to the project's own lock items", () => {
  checkAll((yaml) => {
    const desired = buildDesired(parseConfig(yaml, 'random.yaml'));
    for (const p of desired.projects) {
      for (const s of allows(p.role.inlinePolicies['stateward-state-access']!).filter((s) =>
        asArray(s.Action).some((a) => a.startsWith('dynamodb:')),
      )) {
        const keys = Object.entries(s.Condition ?? {}).flatMap(([op, c]) =>
          op.startsWith('ForAllValues:') ? asArray(c['dynamodb:LeadingKeys'] as string) : [],
        );
        assert.ok(keys.length > 0, `${p.name} ${s.Sid} has no LeadingKeys condition`);
        const readable = [
          p.bucket.name,
          ...p.config.reads.map((r) => desired.projects.find((q) => q.name === r)!.bucket.name),
        ];
        for (const key of keys)
          assert.ok(
            readable.some((b) => key.startsWith(`${b}/`)),
            `${p.name} ${s.Sid} names ${key}`,
          );
      }
    }
  });
});
