// CLI conventions users expect from a tool in CI and in a repo: machine-readable validate, FORCE_COLOR,
// the config named by $STATEWARD_CONFIG or found in a parent directory, and a help text that says it once.
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ROOT, runCli } from '../support/cli.ts';

const EXAMPLE = 'examples/stateward.yaml';
const scratch = mkdtempSync(join(tmpdir(), 'stateward-conventions-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
const BAD = join(scratch, 'bad.yaml');
writeFileSync(BAD, 'version: 1\nbogus: 1\n');
const ESC = '\u001b[';

test('validate --json prints a versioned verdict with the project names, exit 0', () => {
  const { code, stdout } = runCli(['validate', '--json', '-c', EXAMPLE]);
  assert.equal(code, 0);
  const verdict = JSON.parse(stdout);
  assert.equal(verdict.version, 1);
  assert.equal(verdict.valid, true);
  assert.ok(verdict.projects.includes('unifi'));
  assert.deepEqual(verdict.errors, []);
});

test('validate --json on a broken config prints every error as data on stdout, exit 1', () => {
  const { code, stdout, stderr } = runCli(['validate', '--json', '-c', BAD]);
  assert.equal(code, 1);
  assert.equal(stderr, '');
  const verdict = JSON.parse(stdout);
  assert.equal(verdict.valid, false);
  const unknown = verdict.errors.find((e: { code: string }) => e.code === 'CONFIG_UNKNOWN_KEY');
  assert.deepEqual(unknown.location, { file: BAD, line: 2, column: 1 });
  assert.match(unknown.fix, /remove it/);
});

test('FORCE_COLOR colours errors even into a pipe; --no-color, NO_COLOR and FORCE_COLOR=0 do not', () => {
  const stderrWith = (env: Record<string, string>, ...extra: string[]) =>
    runCli(['validate', '-c', BAD, ...extra], { env: { NO_COLOR: '', ...env } }).stderr;
  assert.ok(stderrWith({ FORCE_COLOR: '1' }).includes(ESC));
  assert.ok(!stderrWith({ FORCE_COLOR: '1' }, '--no-color').includes(ESC));
  assert.ok(!stderrWith({ FORCE_COLOR: '1', NO_COLOR: '1' }).includes(ESC));
  assert.ok(!stderrWith({ FORCE_COLOR: '0' }).includes(ESC));
  assert.ok(!stderrWith({ FORCE_COLOR: '' }).includes(ESC));
});

test('STATEWARD_CONFIG names the config when -c does not; -c wins', () => {
  const fromEnv = runCli(['validate'], { env: { STATEWARD_CONFIG: EXAMPLE } });
  assert.equal(fromEnv.code, 0, fromEnv.stderr);
  assert.match(fromEnv.stdout, /^examples\/stateward\.yaml: valid/);
  const given = runCli(['validate', '-c', BAD], { env: { STATEWARD_CONFIG: EXAMPLE } });
  assert.equal(given.code, 1);
});

test('without -c or STATEWARD_CONFIG, the nearest stateward.yaml in a parent directory is used', () => {
  const repo = join(scratch, 'infra');
  mkdirSync(join(repo, 'modules/network'), { recursive: true });
  cpSync(join(ROOT, EXAMPLE), join(repo, 'stateward.yaml'));
  const { code, stdout, stderr } = runCli(['validate'], { cwd: join(repo, 'modules/network') });
  assert.equal(code, 0, stderr);
  assert.match(stdout, /^\.\.\/\.\.\/stateward\.yaml: valid/);
});

test('--help states the config default once', () => {
  const { stdout } = runCli(['--help']);
  const option = stdout.slice(stdout.indexOf('-c, --config'), stdout.indexOf('--profile'));
  assert.equal(option.match(/default/g)?.length, 1, option);
  assert.match(option, /STATEWARD_CONFIG/);
});
