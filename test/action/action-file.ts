// action.yml, parsed: shared by the static checks and the e2e run of its shell steps.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ROOT } from '../support/cli.ts';

export interface ActionStep {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  shell?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}
export interface ActionFile {
  inputs: Record<string, { required?: boolean; default?: string }>;
  runs: { using: string; steps: ActionStep[] };
}

export const action = parseYaml(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as ActionFile;
