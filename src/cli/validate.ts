import { loadConfigFile } from '../config/load.ts';
import { configRisks } from '../config/risks.ts';
import { buildDesired } from '../desired/build.ts';
import { StatewardError, StatewardErrors } from '../errors.ts';
import { EXIT_ERROR } from './output.ts';
import { printJson, printLine, warn } from './print.ts';

export interface ValidateOptions {
  config: string;
  quiet?: boolean;
  json?: boolean;
}

export async function runValidate(options: ValidateOptions): Promise<void> {
  if (options.json) return validateAsJson(options.config);
  const config = loadConfigFile(options.config);
  // Building the documents also checks them against their quotas.
  buildDesired(config);
  const count = config.projects.length;
  if (options.quiet) return;
  printLine(`${options.config}: valid (${count} project${count === 1 ? '' : 's'})`);
  for (const risk of configRisks(config)) warn(`warning: project "${risk.project}": ${risk.message}`);
}

/** Versioned JSON on stdout, valid or not, for editors and CI; exit 1 when invalid, as without --json. */
function validateAsJson(file: string): void {
  try {
    const config = loadConfigFile(file);
    buildDesired(config);
    const risks = configRisks(config);
    printJson({ version: 1, file, valid: true, projects: config.projects.map((p) => p.name), errors: [], risks });
  } catch (err) {
    const errors = err instanceof StatewardErrors ? err.errors : err instanceof StatewardError ? [err] : undefined;
    if (!errors) throw err;
    printJson({ version: 1, file, valid: false, projects: [], errors: errors.map(errorJson) });
    process.exitCode = EXIT_ERROR;
  }
}

function errorJson(err: StatewardError) {
  return { code: err.code, message: err.message, fix: err.fix, ...(err.location ? { location: err.location } : {}) };
}
