// Regions outside the commercial partition are refused by validate, at the region's line, with a fix
// that works: every document stateward writes names arn:aws: and the commercial GitHub OIDC provider.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseConfig } from '../../src/config/load.ts';
import { StatewardErrors } from '../../src/errors.ts';
import { partitionOf } from '../../src/names/partition.ts';

const config = (region: string) => `version: 1
account: "111122223333"
region: ${region}
github: { org: acme }
humans: [alice]
projects: [{ name: a }]
`;

const PARTITIONS: Array<[string, string]> = [
  ['us-east-1', 'aws'],
  ['eu-west-1', 'aws'],
  ['ap-southeast-4', 'aws'],
  ['us-gov-west-1', 'aws-us-gov'],
  ['us-gov-east-1', 'aws-us-gov'],
  ['cn-north-1', 'aws-cn'],
  ['cn-northwest-1', 'aws-cn'],
  ['us-iso-east-1', 'aws-iso'],
  ['us-isob-east-1', 'aws-iso-b'],
  ['eu-isoe-west-1', 'aws-iso-e'],
  ['us-isof-south-1', 'aws-iso-f'],
];

for (const [region, partition] of PARTITIONS) {
  test(`${region} is in partition ${partition}`, () => assert.equal(partitionOf(region), partition));
}

for (const region of ['us-gov-west-1', 'cn-north-1', 'us-iso-east-1']) {
  test(`a config in ${region} is refused at its region, and the fix (a commercial region) validates`, () => {
    let thrown: unknown;
    try {
      parseConfig(config(region), 'stateward.yaml');
    } catch (error) {
      thrown = error;
    }
    assert.ok(thrown instanceof StatewardErrors, String(thrown));
    assert.deepEqual(
      thrown.errors.map((e) => [e.code, e.location?.line, e.location?.column]),
      [['CONFIG_PARTITION', 3, 9]],
    );
    assert.match(thrown.errors[0]!.message, new RegExp(`partition ${partitionOf(region)}`));
    assert.match(thrown.errors[0]!.fix, /e\.g\. us-east-1/);
    assert.equal(parseConfig(config('us-east-1'), 'stateward.yaml').region, 'us-east-1');
  });
}
