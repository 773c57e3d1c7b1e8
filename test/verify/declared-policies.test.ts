// Infrastructure permissions the config declares (managedPolicies, inlinePolicies) are intended: the
// fence must hold against them, and on the role's own bucket what they add is expected. The same
// statement, added behind our back, is a violation.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseConfig } from '../../src/config/load.ts';
import { buildDesired } from '../../src/desired/build.ts';
import type { PolicyDocument } from '../../src/iam/document.ts';
import { verifyWorld } from '../../src/verify/matrix.ts';
import { worldFromDesired } from '../../src/verify/world.ts';
import { HEAD } from './world-fixtures.ts';

const S3_EVERYTHING: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Sid: 'Everything', Effect: 'Allow', Action: 's3:*', Resource: '*' }],
};

function worldWith(declare: boolean) {
  const yaml = `${HEAD}projects:\n  - name: web\n${declare ? '    inlinePolicies: { infra: infra.json }\n' : ''}  - name: data\n`;
  const config = parseConfig(yaml, 'verify.yaml', () => JSON.stringify(S3_EVERYTHING));
  return worldFromDesired(buildDesired(config), config);
}

test('a declared inline s3:* on * holds against the fence: no violation, and its own-bucket extras are expected', () => {
  const report = verifyWorld(worldWith(true));
  assert.deepEqual(report.violations, []);
  const ownDelete = report.projects[0]!.operations.find(
    (c) => c.layer === 'effective' && c.target.startsWith('web:') && c.operation === 'workspace-delete',
  );
  assert.ok(ownDelete);
  const dataFromWeb = report.projects
    .find((p) => p.name === 'data')!
    .operations.filter((c) => c.actor.endsWith('role/tf-web') && c.layer === 'effective');
  assert.ok(dataFromWeb.length > 0 && dataFromWeb.every((c) => !c.actual), 'the fence stops tf-web on data');
});

test('the same statement, not declared, is reported as masked by the fence', () => {
  const world = worldWith(false);
  world.roles.find((r) => r.project === 'web')!.inlinePolicies.push({ name: 'infra', document: S3_EVERYTHING });
  const report = verifyWorld(world);
  const stray = report.violations.filter(
    (v) => 'note' in v && v.note?.startsWith('masked by the fence: infra/Everything'),
  );
  assert.ok(stray.length > 0, JSON.stringify(report.violations.slice(0, 2)));
});
