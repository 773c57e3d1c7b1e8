// Which config file a command reads: -c/--config, else $STATEWARD_CONFIG, else the nearest stateward.yaml
// in the working directory or one of its parents (as git finds .git), so a command run from a
// subdirectory of the infrastructure repo finds the repo's config.
import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

export const CONFIG_FILE_NAME = 'stateward.yaml';
export const CONFIG_ENV = 'STATEWARD_CONFIG';

export type ConfigSource = 'option' | 'env' | 'discovered' | 'default';

export interface ConfigPath {
  path: string;
  source: ConfigSource;
}

export function resolveConfigPath(
  given: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
  cwd: string = process.cwd(),
): ConfigPath {
  if (given !== undefined) return { path: given, source: 'option' };
  const fromEnv = env[CONFIG_ENV];
  if (fromEnv !== undefined && fromEnv !== '') return { path: fromEnv, source: 'env' };
  for (let dir = cwd; ; dir = dirname(dir)) {
    const candidate = join(dir, CONFIG_FILE_NAME);
    // Shown relative to where the user is, e.g. ../stateward.yaml, as they would type it.
    if (existsSync(candidate)) return { path: relative(cwd, candidate), source: 'discovered' };
    if (dirname(dir) === dir) break;
  }
  // Nothing found: the default name, so the error says which file is missing and how to point at one.
  return { path: CONFIG_FILE_NAME, source: 'default' };
}
