// Finds test files and runs them with node's test runner (Node 20 has no glob support in --test).
// Usage: node scripts/test.mjs [--unit] [path-prefix ...]   e.g. `npm test -- test/config`
//        --unit runs only the files that start no moto (CI runs them on a second Node version).
//
// Two phases: pure tests two files at a time, then the files that start their own moto and real
// terraform one at a time. Under contention for the 2 cores, terraform's SDK may retry a lock PutItem
// whose first attempt succeeded and then find its own lock held; running those files alone keeps the
// suite deterministic. A last line totals both phases.
//
// The TAP reporter is forced: it is node's default only up to Node 22 (23+ print spec), and its closing
// `# pass N` / `# fail N` lines are what the total is read from. A phase without them counts as failed.

import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

function findTests(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return findTests(path);
    return name.endsWith('.test.ts') ? [relative(root, path)] : [];
  });
}

const unitOnly = process.argv.includes('--unit');
const filters = process.argv.slice(2).filter((arg) => arg !== '--unit');
const files = findTests(join(root, 'test'))
  .filter((file) => filters.length === 0 || filters.some((f) => file.startsWith(f.replace(/^\.\//, ''))))
  .sort();
if (files.length === 0) {
  console.error(`no test files match ${filters.join(' ') || 'test/'}`);
  process.exit(1);
}
const startsMoto = (file) =>
  file.startsWith('test/e2e/') || /\bstartMoto\(/.test(readFileSync(join(root, file), 'utf8'));
const phases = [
  { files: files.filter((f) => !startsMoto(f)), concurrency: process.env.STATEWARD_TEST_CONCURRENCY ?? '2' },
  { files: unitOnly ? [] : files.filter(startsMoto), concurrency: '1' },
].filter((phase) => phase.files.length > 0);

const totals = { pass: 0, fail: 0 };
let failed = false;
for (const phase of phases) {
  const code = await run(phase.files, phase.concurrency);
  failed ||= code !== 0;
}
console.log(`\ntests: ${totals.pass} passed, ${totals.fail} failed`);
process.exit(failed ? 1 : 0);

/** Runs one phase, streaming its output and reading its closing summary. */
function run(list, concurrency) {
  const args = ['--import', 'tsx', '--test', '--test-reporter=tap', `--test-concurrency=${concurrency}`, ...list];
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  let tail = '';
  child.stdout.on('data', (chunk) => {
    process.stdout.write(chunk);
    tail = (tail + chunk.toString()).slice(-4000);
  });
  return new Promise((resolve) => {
    child.on('close', (code) => {
      const pass = /^# pass (\d+)$/m.exec(tail)?.[1];
      const fail = /^# fail (\d+)$/m.exec(tail)?.[1];
      if (pass === undefined || fail === undefined) {
        console.error(
          `test.mjs: the test runner printed no TAP summary (# pass / # fail); counting the phase as failed`,
        );
        return resolve(1);
      }
      totals.pass += Number(pass);
      totals.fail += Number(fail);
      resolve(code ?? 1);
    });
  });
}
