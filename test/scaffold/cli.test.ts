// The command: writes the files under --out, never overwrites without --force (and then writes nothing),
// names the projects when the one asked for is unknown, and prints what it wrote and every warning.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runScaffold } from '../../src/cli/scaffold.ts';
import { StatewardError } from '../../src/errors.ts';
import { scaffoldProject } from '../../src/scaffold/index.ts';
import { config, configYaml } from './fixtures.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** tsx by URL: the child runs in a temporary directory, where a bare `--import tsx` would not resolve. */
const TSX = import.meta.resolve('tsx');

describe('stateward scaffold (command)', () => {
  let dir: string;
  let configFile: string;
  const out = (name: string) => join(dir, name);
  const expected = (options = {}) => scaffoldProject(config(), 'app', options).files;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'stateward-scaffold-cli-'));
    configFile = join(dir, 'stateward.yaml');
    writeFileSync(configFile, configYaml());
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('writes every file under --out, creating the directories', async () => {
    await runScaffold({ config: configFile, project: 'app', out: out('fresh'), terragrunt: true, quiet: true });
    for (const file of expected({ terragrunt: true }))
      assert.equal(readFileSync(join(out('fresh'), file.path), 'utf8'), file.content, file.path);
  });

  it('refuses when any file exists, lists them, and writes nothing; --force overwrites', async () => {
    const target = out('existing');
    await runScaffold({ config: configFile, project: 'app', out: target, quiet: true });
    writeFileSync(join(target, 'backend.tf'), '# my own backend\n');
    unlinkSync(join(target, 'aws-vault.config'));

    await assert.rejects(
      runScaffold({ config: configFile, project: 'app', out: target, quiet: true }),
      (error: unknown) => {
        assert.ok(error instanceof StatewardError);
        assert.equal(error.code, 'SCAFFOLD_FILES_EXIST');
        assert.match(error.message, /backend\.tf/);
        assert.match(error.message, /terraform\.yml/);
        assert.doesNotMatch(error.message, /aws-vault\.config/, 'only files that exist are listed');
        assert.match(error.fix, /--force/);
        return true;
      },
    );
    assert.equal(readFileSync(join(target, 'backend.tf'), 'utf8'), '# my own backend\n', 'the user file is untouched');
    assert.equal(existsSync(join(target, 'aws-vault.config')), false, 'nothing was written, not even the missing file');

    await runScaffold({ config: configFile, project: 'app', out: target, force: true, quiet: true });
    assert.equal(
      readFileSync(join(target, 'backend.tf'), 'utf8'),
      expected().find((f) => f.path === 'backend.tf')!.content,
    );
    assert.equal(existsSync(join(target, 'aws-vault.config')), true);
  });

  it('names the projects of the config when the project is unknown', async () => {
    await assert.rejects(
      runScaffold({ config: configFile, project: 'nope', out: out('unknown'), quiet: true }),
      (error: unknown) => {
        assert.ok(error instanceof StatewardError);
        assert.equal(error.code, 'CLI_UNKNOWN_PROJECT');
        assert.match(error.message, /has no project "nope"/);
        assert.match(error.fix, /Projects: app, other\./);
        return true;
      },
    );
    assert.equal(existsSync(out('unknown')), false);
  });

  describe('as a process', () => {
    const stateward = (...args: string[]) => {
      const result = spawnSync(process.execPath, ['--import', TSX, join(ROOT, 'src/cli/main.ts'), ...args], {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1' },
      });
      return { code: result.status, stdout: result.stdout, stderr: result.stderr };
    };

    it('prints each file it wrote, exits 1 on a second run, and 0 with --force', () => {
      const first = stateward('scaffold', '-c', configFile, '--project', 'app', '--out', 'repo', '--tool', 'tofu');
      assert.equal(first.code, 0, first.stderr);
      for (const file of expected({ tool: 'tofu' }))
        assert.match(first.stdout, new RegExp(`wrote ${join('repo', file.path).replace(/\./g, '\\.')}`));
      assert.match(readFileSync(join(dir, 'repo', 'backend.tf'), 'utf8'), /tofu plan/);

      const second = stateward('scaffold', '-c', configFile, '--project', 'app', '--out', 'repo');
      assert.equal(second.code, 1);
      assert.match(second.stderr, /\[SCAFFOLD_FILES_EXIST\]/);
      assert.match(second.stderr, /--force/);
      assert.equal(second.stdout, '');

      const forced = stateward('scaffold', '-c', configFile, '--project', 'app', '--out', 'repo', '--force');
      assert.equal(forced.code, 0, forced.stderr);
      assert.match(readFileSync(join(dir, 'repo', 'backend.tf'), 'utf8'), /terraform plan/);
    });

    it('prints the warnings with their fix on stderr, even with --quiet', () => {
      const run = stateward('scaffold', '-c', configFile, '--project', 'app', '--out', 'tg', '--terragrunt', '--quiet');
      assert.equal(run.code, 0, run.stderr);
      assert.equal(run.stdout, '');
      assert.match(run.stderr, /warning \[SCAFFOLD_TERRAGRUNT_KEYS_NOT_GRANTED\]/);
      assert.match(run.stderr, /- key: app\/terragrunt\/\*/);
    });

    it('rejects an unknown --tool', () => {
      const run = stateward('scaffold', '-c', configFile, '--project', 'app', '--out', 'bad', '--tool', 'pulumi');
      assert.notEqual(run.code, 0);
      assert.match(run.stderr, /terraform, tofu/);
      assert.equal(existsSync(join(dir, 'bad')), false);
    });
  });
});
