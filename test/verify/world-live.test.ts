// verify --live evaluates what observe() read: a converged account holds, drift behind our back fails.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfigFile } from '../../src/config/load.ts';
import { buildDesired } from '../../src/desired/build.ts';
import type { Observed } from '../../src/model/observed.ts';
import { buildStateBoundary, stateBoundaryArn } from '../../src/policy/boundary.ts';
import { offlineManagedPolicy } from '../../src/verify/managed-policies.ts';
import { verifyWorld } from '../../src/verify/matrix.ts';
import { managedPolicyArns, worldFromObserved } from '../../src/verify/world-live.ts';
import { converged } from '../plan/fixtures.ts';

const config = loadConfigFile('examples/stateward.yaml');
const desired = buildDesired(config);

function liveReport(observed: Observed) {
  // The example's boundary is the policy `stateward policy --kind boundary` prints, created as README says.
  const documentOf = (arn: string) =>
    arn === stateBoundaryArn(config.account) ? buildStateBoundary(config) : offlineManagedPolicy(arn).document;
  const managed = new Map(managedPolicyArns(observed).map((arn) => [arn, documentOf(arn)]));
  return verifyWorld(worldFromObserved(observed, config, managed, desired.shared.lockTable?.arn));
}

test('an account stateward converged verifies clean, from the live snapshot', () => {
  const report = liveReport(converged(desired));
  assert.equal(report.source, 'live');
  assert.deepEqual(report.violations, []);
});

test('a role deleted behind our back: nobody can assume it, and every workflow cell says so', () => {
  const observed = structuredClone(converged(desired));
  observed.projects.find((p) => p.name === 'unifi')!.role = { name: 'tf-unifi', status: 'absent' };
  const report = liveReport(observed);
  const unifi = report.projects.find((p) => p.name === 'unifi')!;
  assert.ok(unifi.trust.filter((t) => t.expected).every((t) => !t.actual && t.detail === 'the role does not exist'));
  assert.ok(report.violations.length > 0);
});

test("an inline s3:PutObject on another project's state, added behind our back, is a violation masked by the fence", () => {
  const observed = structuredClone(converged(desired));
  const role = observed.projects.find((p) => p.name === 'dns')!.role;
  role.inlinePolicies = {
    ...role.inlinePolicies,
    'hand-made': {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'WriteProxmox',
          Effect: 'Allow',
          Action: 's3:PutObject',
          Resource: 'arn:aws:s3:::tfstate-proxmox-111122223333/*',
        },
      ],
    },
  };
  const report = liveReport(observed);
  const cells = report.projects
    .find((p) => p.name === 'proxmox')!
    .operations.filter((c) => c.actor.endsWith('role/tf-dns') && c.operation === 'apply');
  const effective = cells.find((c) => c.layer === 'effective')!;
  assert.equal(effective.actual, false, 'the fence still stops it');
  assert.deepEqual(effective.decidedBy, ['bucket tfstate-proxmox-111122223333/StatewardFenceStateObjects']);
  const masked = report.violations.find(
    (v) => 'layer' in v && v.actor.endsWith('role/tf-dns') && v.targetOwner === 'proxmox',
  );
  assert.ok(masked && 'layer' in masked, 'reported as a violation');
  assert.equal(masked.layer, 'stateward');
  assert.match(masked.note ?? '', /^masked by the fence: hand-made\/WriteProxmox grants it/);
});

test('a managed policy attached behind our back is judged like a foreign inline one; a configured one is not', () => {
  const observed = structuredClone(converged(desired));
  const dns = observed.projects.find((p) => p.name === 'dns')!.role;
  dns.managedPolicyArns = [...(dns.managedPolicyArns ?? []), 'arn:aws:iam::aws:policy/AdministratorAccess'];
  const report = liveReport(observed);
  const masked = report.violations.filter((v) => 'layer' in v && v.actor.endsWith('role/tf-dns'));
  assert.ok(masked.length > 0);
  assert.ok(
    masked.every((v) => 'note' in v && /^masked by the fence|which the config does not declare/.test(v.note ?? '')),
  );
  const configured = config.projects.filter((p) => p.managedPolicies.length > 0).map((p) => `role/tf-${p.name}`);
  assert.ok(configured.length > 0, 'the example declares managed policies');
  assert.deepEqual(
    report.violations.filter((v) => 'actor' in v && configured.some((r) => v.actor.endsWith(r))),
    [],
  );
});
