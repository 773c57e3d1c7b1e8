import { loadConfigFile } from '../config/load.ts';
import { buildDesired } from '../model/desired.ts';
import { worldFromDesired } from '../verify/world.ts';
import { verifyWorld } from '../verify/matrix.ts';
import { renderVerifyText } from '../verify/render.ts';
import { StatewardError } from '../errors.ts';
import { printJson, printLine } from './print.ts';
import { EXIT_FINDINGS, useColor } from './output.ts';
import type { GlobalOptions } from './commands.ts';

export interface VerifyOptions extends GlobalOptions {
  json?: boolean;
  explain?: boolean;
  project?: string;
}

export async function runVerify(options: VerifyOptions): Promise<void> {
  const config = loadConfigFile(options.config);
  if (options.project && !config.projects.some((p) => p.name === options.project)) {
    throw new StatewardError('cli.unknown-project', `no project "${options.project}" in ${config.file}`, `use one of: ${config.projects.map((p) => p.name).join(', ')}`);
  }
  const world = worldFromDesired(buildDesired(config), config);
  const report = verifyWorld(world, options.project ? { project: options.project } : {});
  if (options.json) printJson(report);
  else printLine(renderVerifyText(report, { color: useColor(), explain: options.explain ?? false }));
  if (report.violations.length > 0) process.exitCode = EXIT_FINDINGS;
}
