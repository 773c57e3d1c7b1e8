// verify --live evaluates what observe() read: a converged account holds, drift behind our back fails.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfigFile } from '../../src/config/load.ts';
import { buildDesired } from '../../src/model/desired.ts';
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

test('an extra inline policy on a role is part of what verify evaluates', () => {
  const observed = structuredClone(converged(desired));
  const role = observed.projects.find((p) => p.name === 'dns')!.role;
  role.inlinePolicies = {
    ...role.inlinePolicies,
    'hand-made': {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::tfstate-proxmox-111122223333/*' }],
    },
  };
  const report = liveReport(observed);
  // The fence keeps the effective cell denied; the extra grant shows as what it is only in the
  // stateward layer when it is stateward's own policy, so a foreign inline policy is effective-only:
  const cellDns = report.projects
    .find((p) => p.name === 'proxmox')!
    .operations.find((c) => c.actor.endsWith('role/tf-dns') && c.operation === 'read' && c.layer === 'effective')!;
  assert.equal(cellDns.actual, false);
  assert.deepEqual(cellDns.decidedBy, ['bucket tfstate-proxmox-111122223333/StatewardFenceStateObjects']);
});
