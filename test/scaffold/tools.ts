// Runs the real binaries that read the generated files (terraform), in throw-away directories.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { ScaffoldFile } from '../../src/scaffold/index.ts';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * terraform with an empty CLI config (no user plugin cache, mirrors or credentials) and no telemetry.
 * `env` replaces process.env as the base, e.g. an environment that reaches only the emulator.
 */
export function terraform(
  args: string[],
  cwd: string,
  options: { input?: string; env?: NodeJS.ProcessEnv } = {},
): RunResult {
  const cliConfig = join(cwd, '.terraformrc.test');
  writeFileSync(cliConfig, '');
  const result = spawnSync('terraform', args, {
    cwd,
    input: options.input,
    encoding: 'utf8',
    env: {
      ...(options.env ?? process.env),
      TF_CLI_CONFIG_FILE: cliConfig,
      CHECKPOINT_DISABLE: '1',
      TF_IN_AUTOMATION: '1',
    },
  });
  if (result.error) throw result.error;
  return { code: result.status ?? 1, stdout: result.stdout, stderr: result.stderr };
}

/** Writes the files into a fresh directory and returns it with a cleanup. */
export function workDir(files: ScaffoldFile[]): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'stateward-scaffold-'));
  for (const file of files) {
    mkdirSync(dirname(join(dir, file.path)), { recursive: true });
    writeFileSync(join(dir, file.path), file.content);
  }
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function fileNamed(files: ScaffoldFile[], path: string): ScaffoldFile {
  const file = files.find((f) => f.path === path);
  if (!file) throw new Error(`no generated file ${path}; got ${files.map((f) => f.path).join(', ')}`);
  return file;
}
