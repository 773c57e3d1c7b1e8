import { loadConfigFile } from '../config/load.ts';
import { buildDesired } from '../model/desired.ts';
import { printLine } from './print.ts';

export interface ValidateOptions {
  config: string;
  quiet?: boolean;
}

export async function runValidate(options: ValidateOptions): Promise<void> {
  const config = loadConfigFile(options.config);
  // Building the documents also checks them against their quotas.
  buildDesired(config);
  const count = config.projects.length;
  if (!options.quiet) printLine(`${options.config}: valid (${count} project${count === 1 ? '' : 's'})`);
}
