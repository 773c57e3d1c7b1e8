// scripts/test.mjs, the runner behind `npm test`, on a tiny suite of its own: the total line must count
// what really passed and failed on whichever Node runs it (node 23+ changed the default reporter, and the
// total once read 0 passed, 0 failed while a test failed). CI runs this file on Node 22 and 24.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'stateward-runner-'));
after(() => rmSync(dir, { recursive: true, force: true }));

mkdirSync(join(dir, 'scripts'));
mkdirSync(join(dir, 'test'));
cpSync(join(REPO, 'scripts/test.mjs'), join(dir, 'scripts/test.mjs'));
symlinkSync(join(REPO, 'node_modules'), join(dir, 'node_modules'));
const header = "import assert from 'node:assert/strict';\nimport { test } from 'node:test';\n";
writeFileSync(
  join(dir, 'test/passing.test.ts'),
  `${header}test('one', () => assert.equal(1, 1));\ntest('two', () => assert.equal(2, 2));\n`,
);
writeFileSync(
  join(dir, 'test/failing.test.ts'),
  `${header}test('fine', () => assert.ok(true));\ntest('broken', () => assert.equal(1, 2));\n`,
);

// A file that names startMoto( runs in the emulator phase, which --unit leaves out (it passes here).
mkdirSync(join(dir, 'test/e2e'));
writeFileSync(
  join(dir, 'test/e2e/emulated.test.ts'),
  `${header}// startMoto() is not called\ntest('e2e', () => {});\n`,
);

function runSuite(...filters: string[]) {
  // Without NODE_TEST_CONTEXT: set by the runner running this file, it would make the inner runner report to us.
  const { NODE_TEST_CONTEXT: _, ...env } = process.env;
  const run = spawnSync(process.execPath, ['scripts/test.mjs', ...filters], { cwd: dir, encoding: 'utf8', env });
  const total = run.stdout.trim().split('\n').at(-1);
  return { code: run.status, total };
}

test(`on node ${process.version}, a failing test is counted and fails the run`, () => {
  const { code, total } = runSuite();
  assert.equal(total, 'tests: 4 passed, 1 failed');
  assert.equal(code, 1);
});

test(`on node ${process.version}, --unit leaves out the emulator phase`, () => {
  const { code, total } = runSuite('--unit');
  assert.equal(total, 'tests: 3 passed, 1 failed');
  assert.equal(code, 1);
});

test(`on node ${process.version}, a passing suite totals its tests and exits 0`, () => {
  const { code, total } = runSuite('test/passing');
  assert.equal(total, 'tests: 2 passed, 0 failed');
  assert.equal(code, 0);
});
