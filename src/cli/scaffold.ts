// `stateward scaffold`: writes the consuming repo's files into --out. It never overwrites an existing
// file without --force: it checks every target first and writes nothing when one exists.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import pc from 'picocolors';
import { loadConfigFile } from '../config/load.ts';
import { StatewardError } from '../errors.ts';
import { type ScaffoldFile, type ScaffoldWarning, scaffoldProject, type Tool } from '../scaffold/index.ts';
import { useColor } from './output.ts';
import { printLine, warn } from './print.ts';

export interface ScaffoldCommandOptions {
  config: string;
  project: string;
  out: string;
  terragrunt?: boolean;
  tool?: Tool;
  branch?: string;
  force?: boolean;
  quiet?: boolean;
}

export async function runScaffold(options: ScaffoldCommandOptions): Promise<void> {
  const config = loadConfigFile(options.config);
  const { files, warnings } = scaffoldProject(config, options.project, {
    terragrunt: options.terragrunt ?? false,
    ...(options.tool ? { tool: options.tool } : {}),
    ...(options.branch ? { branch: options.branch } : {}),
  });
  if (!options.force) refuseExisting(files, options.out);
  for (const file of files) {
    const target = join(options.out, file.path);
    mkdirSync(dirname(target), { recursive: true });
    // 'wx' fails rather than overwrite a file that appeared since the check.
    writeFileSync(target, file.content, { flag: options.force ? 'w' : 'wx' });
    if (!options.quiet) printLine(`wrote ${target}`);
  }
  // Warnings predict a refusal at run time, so they are shown even with --quiet.
  for (const warning of warnings) warn(formatWarning(warning));
}

function refuseExisting(files: ScaffoldFile[], out: string): void {
  const existing = files.map((f) => join(out, f.path)).filter((path) => existsSync(path));
  if (existing.length === 0) return;
  throw new StatewardError(
    'SCAFFOLD_FILES_EXIST',
    `${existing.length} of the files to write already exist, so nothing was written: ${existing.join(', ')}`,
    'pass --force to overwrite them, or choose another --out directory',
  );
}

function formatWarning(warning: ScaffoldWarning, color = useColor(process.stderr)): string {
  const c = pc.createColors(color);
  const fix = warning.fix.split('\n').join('\n       ');
  return `${c.yellow('warning')} ${c.dim(`[${warning.code}]`)} ${warning.message}\n  ${c.cyan('fix:')} ${fix}`;
}
