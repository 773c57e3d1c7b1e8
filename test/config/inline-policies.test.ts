// `inlinePolicies: { name: file }`: declared infrastructure permissions, read relative to the config and
// checked as identity policies; every problem points at the line:column where it is, in the policy
// file when it is in the file.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadConfigFile, parseConfig } from '../../src/config/load.ts';
import { buildDesired } from '../../src/desired/build.ts';
import { StatewardErrors } from '../../src/errors.ts';

const yaml = (policies: string) => `version: 1
account: "111122223333"
region: eu-west-1
github: { org: acme }
projects:
  - name: web
    inlinePolicies: ${policies}
`;

const CDN = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'cloudfront:*', Resource: '*' }] };

function errorsOf(text: string, files: Record<string, string>) {
  try {
    parseConfig(text, 'conf/stateward.yaml', (path) => {
      if (!(path in files)) throw new Error(`ENOENT: no such file, open '${path}'`);
      return files[path]!;
    });
  } catch (error) {
    assert.ok(error instanceof StatewardErrors, String(error));
    return error.errors.map((e) => ({
      code: e.code,
      at: `${e.location?.file}:${e.location?.line}:${e.location?.column}`,
      message: e.message,
      fix: e.fix,
    }));
  }
  assert.fail('expected config errors');
}

test('a declared policy file, relative to the config, becomes an inline policy of the role beside stateward-state-access', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stateward-inline-'));
  mkdirSync(join(dir, 'policies'));
  writeFileSync(join(dir, 'policies', 'cdn.json'), JSON.stringify(CDN, null, 2));
  writeFileSync(join(dir, 'stateward.yaml'), yaml('{ cdn: policies/cdn.json }'));
  const config = loadConfigFile(join(dir, 'stateward.yaml'));
  assert.deepEqual(config.projects[0]!.inlinePolicies, { cdn: CDN });
  const role = buildDesired(config).projects[0]!.role;
  assert.deepEqual(Object.keys(role.inlinePolicies).sort(), ['cdn', 'stateward-state-access']);
  assert.deepEqual(role.inlinePolicies.cdn, CDN);
});

test('a missing file is reported at its entry in the config', () => {
  const [error, ...rest] = errorsOf(yaml('{ cdn: policies/cdn.json }'), {});
  assert.deepEqual(rest, []);
  assert.equal(error!.code, 'CONFIG_POLICY_FILE');
  assert.equal(error!.at, 'conf/stateward.yaml:7:28');
  assert.match(error!.message, /conf\/policies\/cdn\.json/);
});

test('invalid JSON is reported at its line and column in the policy file', () => {
  const [error] = errorsOf(yaml('{ cdn: cdn.json }'), {
    'conf/cdn.json': '{\n  "Version": "2012-10-17",\n  "Statement": [,]\n}\n',
  });
  assert.equal(error!.code, 'CONFIG_POLICY_JSON');
  assert.equal(error!.at, 'conf/cdn.json:3:17');
  assert.match(error!.message, /named at conf\/stateward\.yaml:7:/);
});

test('what IAM would refuse in an identity policy is reported where it is written', () => {
  const document = `{
  "Version": "2012-10-17",
  "Statement": [
    { "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*" },
    { "Effect": "Permit", "Action": "s3:GetObject" }
  ]
}
`;
  const errors = errorsOf(yaml('{ cdn: cdn.json }'), { 'conf/cdn.json': document });
  assert.deepEqual(
    errors.map((e) => `${e.code} ${e.at}`),
    [
      'CONFIG_POLICY_DOCUMENT conf/cdn.json:4:39',
      'CONFIG_POLICY_DOCUMENT conf/cdn.json:5:17',
      'CONFIG_POLICY_DOCUMENT conf/cdn.json:5:5',
    ],
  );
  assert.match(errors[0]!.fix, /identity policy applies to the role/);
  assert.match(errors[2]!.message, /neither Resource nor NotResource/);
});

test("stateward's own policy name and names IAM refuses are reported at the key", () => {
  const files = { 'conf/cdn.json': JSON.stringify(CDN) };
  const errors = errorsOf(yaml('{ stateward-state-access: cdn.json, "cdn policy": cdn.json }'), files);
  assert.deepEqual(
    errors.map((e) => `${e.code} ${e.at}`),
    ['CONFIG_INLINE_POLICY_NAME conf/stateward.yaml:7:23', 'CONFIG_INLINE_POLICY_NAME conf/stateward.yaml:7:57'],
  );
});

test("declared policies share the role's 10,240-character inline quota with stateward-state-access", () => {
  const big = {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: 'ec2:Describe*',
        Resource: Array.from(
          { length: 160 },
          (_, i) => `arn:aws:ec2:eu-west-1:111122223333:instance/i-${String(i).padStart(17, '0')}`,
        ),
      },
    ],
  };
  const config = parseConfig(yaml('{ big: big.json }'), 'conf/stateward.yaml', () => JSON.stringify(big));
  assert.throws(
    () => buildDesired(config),
    (error: Error & { code?: string; fix?: string }) => {
      assert.equal(error.code, 'POLICY_OVER_QUOTA');
      assert.match(error.message, /plus \d+ of the declared inlinePolicies/);
      assert.match(error.fix!, /managedPolicies/);
      return true;
    },
  );
});
