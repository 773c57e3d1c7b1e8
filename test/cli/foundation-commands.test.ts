// validate, schema, policy and --version as users see them: exit codes, messages, output shapes.

import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../support/cli.ts';
import { referenceMinimalPermissions } from '../support/reference.ts';

const EXAMPLE = 'examples/stateward.yaml';

test('--version prints the package version', () => {
  const { code, stdout } = runCli(['--version']);
  assert.equal(code, 0);
  assert.match(stdout.trim(), /^\d+\.\d+\.\d+$/);
});

test('validate accepts the example config', () => {
  const { code, stdout } = runCli(['validate', '-c', EXAMPLE]);
  assert.equal(code, 0);
  assert.match(stdout, /valid \(4 projects\)/);
});

test('validate says aloud the risk a project accepts with allowPullRequestApply, as text and as JSON', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sw-validate-'));
  const file = join(dir, 'stateward.yaml');
  writeFileSync(
    file,
    'version: 1\naccount: "111122223333"\nregion: eu-west-1\ngithub: { org: acme }\nprojects:\n  - name: net\n    allowPullRequestApply: true\n  - name: app\n',
  );
  const text = runCli(['validate', '-c', file]);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /valid \(2 projects\)/);
  assert.match(
    text.stderr,
    /^warning: project "net": allowPullRequestApply: .*anyone who can push a branch can apply/m,
  );
  assert.doesNotMatch(text.stderr, /project "app"/);
  const json = JSON.parse(runCli(['validate', '--json', '-c', file]).stdout);
  assert.deepEqual(
    json.risks.map((r: { project: string }) => r.project),
    ['net'],
  );
});

test('validate on a bad config exits 1 and prints file:line:col, the problem and the fix for every error', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sw-validate-'));
  const file = join(dir, 'stateward.yaml');
  writeFileSync(
    file,
    [
      'version: 1',
      'account: "12345"',
      'region: eu-west-1',
      'github: { org: acme }',
      'projects:',
      '  - name: Net',
      '    lockng: dynamodb',
      '  - name: app',
      '    reads: [nett]',
      '',
    ].join('\n'),
  );
  const { code, stderr } = runCli(['validate', '-c', file]);
  assert.equal(code, 1);
  const lines = stderr.split('\n');
  const schemaErrors = lines.filter((l) => l.startsWith(`${file}:`));
  // The schema stage stops at the unknown key; fixing it reveals the semantic errors.
  assert.deepEqual(
    schemaErrors.map((l) => l.split(': ')[0]),
    [`${file}:7:5`],
  );
  assert.match(stderr, /unknown key "lockng".*\n\s+fix: did you mean "locking"/);

  writeFileSync(
    file,
    [
      'version: 1',
      'account: "12345"',
      'region: eu-west-1',
      'github: { org: acme }',
      'projects:',
      '  - name: Net',
      '  - name: app',
      '    reads: [nett]',
      '',
    ].join('\n'),
  );
  const second = runCli(['validate', '-c', file]);
  assert.equal(second.code, 1);
  const located = second.stderr
    .split('\n')
    .filter((l) => l.startsWith(`${file}:`))
    .map((l) => l.split(': ')[0]);
  assert.deepEqual(located, [`${file}:2:10`, `${file}:6:11`, `${file}:8:13`]);
  assert.equal((second.stderr.match(/\n\s+fix: /g) ?? []).length, 3);
  assert.match(second.stderr, /3 errors/);
});

test('validate names a missing config file and how to fix it', () => {
  const { code, stderr } = runCli(['validate', '-c', 'nope.yaml']);
  assert.equal(code, 1);
  assert.match(stderr, /config file nope.yaml does not exist/);
  assert.match(stderr, /fix: pass the path with -c\/--config/);
});

test('policy --json for one project and kind prints the bare document, ready for the AWS CLI', () => {
  const { code, stdout } = runCli(['policy', '-c', EXAMPLE, '--project', 'unifi', '--kind', 'permissions', '--json']);
  assert.equal(code, 0);
  const document = JSON.parse(stdout);
  assert.equal(document.Version, '2012-10-17');
  const actions = new Set(document.Statement.flatMap((s: { Action: string | string[] }) => [s.Action].flat()));
  // unifi uses DynamoDB locking: the reference's dynamodb apply set, and no lock-file actions.
  const reference = referenceMinimalPermissions().dynamodb.apply.map((p) => p.iamAction);
  for (const action of reference) assert.ok(actions.has(action), `missing ${action}`);
  assert.ok(!JSON.stringify(document).includes('.tflock'), 'dynamodb mode grants no .tflock');
});

test('policy --json without a selection is a versioned list with sizes against quotas', () => {
  const { code, stdout } = runCli(['policy', '-c', EXAMPLE, '--json']);
  assert.equal(code, 0);
  const out = JSON.parse(stdout);
  assert.equal(out.version, 1);
  assert.equal(
    out.documents.length,
    4 * 5 + 4,
    'five per project (trust, permissions and bucket, the plan role trust and permissions), the humans policy, the boundary, the SCP and the lock-table fence',
  );
  for (const d of out.documents) assert.ok(d.size > 0 && d.size <= d.limit, `${d.project} ${d.kind}`);
});

test('policy names an unknown project and suggests the closest', () => {
  const { code, stderr } = runCli(['policy', '-c', EXAMPLE, '--project', 'unify']);
  assert.equal(code, 1);
  assert.match(
    stderr,
    /\[CLI_UNKNOWN_PROJECT\] examples\/stateward.yaml has no project "unify".*\n\s+fix: Did you mean "unifi"\?/,
  );
});

test('policy text output shows each document with its size against the quota', () => {
  const { code, stdout } = runCli(['policy', '-c', EXAMPLE, '--project', 'proxmox', '--kind', 'trust']);
  assert.equal(code, 0);
  assert.match(stdout, /^# trust: role tf-proxmox \(trust policy\) {2}\d+ \/ 2048 characters \(\d+%\)/);
  assert.doesNotMatch(stdout, /\u001b\[/, 'no colour codes when NO_COLOR is set');
});

test('schema prints a JSON Schema that rejects unknown keys', () => {
  const { code, stdout } = runCli(['schema']);
  assert.equal(code, 0);
  const schema = JSON.parse(stdout);
  assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
  assert.equal(schema.additionalProperties, false);
  assert.deepEqual(schema.required.sort(), ['account', 'github', 'projects', 'region', 'version']);
});

test('global options work before and after the command, and a command may own --version', () => {
  assert.equal(runCli(['-c', 'examples/stateward.yaml', 'validate']).code, 0);
  assert.equal(runCli(['validate', '-c', 'examples/stateward.yaml']).code, 0);
  assert.match(runCli(['--version']).stdout.trim(), /^\d+\.\d+\.\d+$/);
  // restore's --version names a state version: it must reach restore, not print stateward's version.
  const restore = runCli(['restore', '-c', 'examples/stateward.yaml', '--project', 'nope', '--version', 'v1']);
  assert.equal(restore.code, 1);
  assert.match(restore.stderr, /no project "nope"/);
});

test('audit with a -c that does not exist fails, whether -c comes before or after the command', () => {
  for (const args of [
    ['audit', '-c', 'missing.yaml'],
    ['-c', 'missing.yaml', 'audit'],
  ]) {
    const { code, stderr } = runCli([...args, '--region', 'eu-west-1']);
    assert.equal(code, 1, args.join(' '));
    assert.match(stderr, /\[CONFIG_NOT_FOUND\] config file missing.yaml does not exist/);
  }
});

test('plan -q prints only the summary line; --full prints every reason and whole documents', () => {
  const quiet = runCli(['plan', '--offline', '-q', '-c', EXAMPLE]);
  assert.equal(quiet.code, 0, quiet.stderr);
  assert.equal(quiet.stdout, 'Plan: 16 to create, 46 to change, 0 to remove. (26 broaden access)\n');
  const brief = runCli(['plan', '--offline', '-c', EXAMPLE]);
  const full = runCli(['plan', '--offline', '--full', '-c', EXAMPLE]);
  // The example's network role now names its permissions boundary, every bucket fences management too, and
  // every project has a plan role.
  assert.ok(brief.stdout.split('\n').length < 170, `${brief.stdout.split('\n').length} lines`);
  assert.doesNotMatch(brief.stdout, /"Statement"/);
  assert.match(full.stdout, /"Statement": \[/);
  assert.match(full.stdout, /# turn on versioning/);
});
