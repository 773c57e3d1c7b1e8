// The documents generated for the bundled example config, byte for byte. A change to any policy
// shows up here as a reviewable diff. Regenerate deliberately with UPDATE_GOLDEN=1.

import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadConfigFile } from '../../src/config/load.ts';
import { policyCatalog } from '../../src/policy/catalog.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const goldenDir = `${root}test/policy/golden`;
const config = loadConfigFile(`${root}examples/stateward.yaml`);

for (const entry of policyCatalog(config)) {
  const name = `${entry.project ?? 'account'}-${entry.kind}.json`;
  test(`golden: ${name}`, () => {
    const actual = `${JSON.stringify(entry.document, null, 2)}\n`;
    const path = `${goldenDir}/${name}`;
    if (process.env.UPDATE_GOLDEN === '1') {
      mkdirSync(goldenDir, { recursive: true });
      writeFileSync(path, actual);
    }
    assert.ok(
      existsSync(path),
      `${path} is missing; run UPDATE_GOLDEN=1 npm test -- test/policy/golden.test.ts and review it`,
    );
    assert.equal(actual, readFileSync(path, 'utf8'));
  });
}
