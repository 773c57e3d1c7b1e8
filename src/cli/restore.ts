// `stateward restore --project P [--workspace W] --version V [--yes] [--force-lineage]`: makes an old state
// version the current one under terraform's own lock, with the serial raised; asks first unless --yes.
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline/promises';
import { lockItemId, stateObjectKey } from '../backend/keys.ts';
import { loadConfigFile } from '../config/load.ts';
import { StatewardError } from '../errors.ts';
import { STATEWARD, whoAmI } from '../lock-holder.ts';
import { restoreLockInfo } from '../state/lock-info.ts';
import { renderRestorePlan } from '../state/render-diff.ts';
import { findProject, projectTarget } from '../state/target.ts';
import { parseVersionRef } from '../state/version-ref.ts';
import { type AwsGlobalOptions, closeAws, openAws } from './aws-context.ts';
import { EXIT_ERROR } from './output.ts';
import { printLine, warn } from './print.ts';

export interface RestoreOptions extends AwsGlobalOptions {
  project: string;
  workspace?: string;
  key?: string;
  version: string;
  yes?: boolean;
  forceLineage?: boolean;
}

export async function runRestore(options: RestoreOptions): Promise<void> {
  const ref = parseVersionRef(options.version, '--version');
  const config = loadConfigFile(options.config);
  const project = findProject(config, options.project);
  const target = projectTarget(config, project, {
    ...(options.workspace ? { workspace: options.workspace } : {}),
    ...(options.key ? { key: options.key } : {}),
  });
  const where = `s3://${target.bucket}/${stateObjectKey(target)}`;
  const clients = await openAws(options, config);
  try {
    const { prepareRestore, executeRestore } = await import('../aws/state/index.ts');
    const context = { command: 'restore' as const, project: project.name };
    const prepared = await prepareRestore(clients, context, target, ref, options.forceLineage ?? false);
    if (prepared.isCurrent) {
      printLine(`Version ${prepared.plan.from.versionId} is already the current state of ${where}; nothing to do.`);
      return;
    }
    printLine(renderRestorePlan(prepared.plan, where));
    await confirm(options.yes ?? false);
    const lock = restoreLockInfo({
      id: randomUUID(),
      who: whoAmI(),
      version: STATEWARD,
      now: new Date(),
      path: lockItemId(target),
      info: `restore of version ${prepared.plan.from.versionId}`,
    });
    const result = await executeRestore(clients, context, prepared, lock, warn);
    printLine(
      `Restored version ${prepared.plan.from.versionId} as the new current version${result.versionId ? ` ${result.versionId}` : ''} (serial ${result.serial}).`,
    );
    if (result.lockReleased) printLine(`Lock ${lock.ID} released.`);
    else process.exitCode = EXIT_ERROR;
  } finally {
    closeAws(clients);
  }
}

async function confirm(yes: boolean): Promise<void> {
  if (yes) return;
  if (!process.stdin.isTTY) {
    throw new StatewardError(
      'RESTORE_NEEDS_APPROVAL',
      'stdin is not a terminal, so stateward cannot ask before restoring; nothing was changed.',
      'Review the restore above, then run the same command with --yes.',
    );
  }
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  const answer = await prompt.question('\nRestore this version? Only "yes" restores: ');
  prompt.close();
  if (answer.trim().toLowerCase() !== 'yes') {
    throw new StatewardError(
      'RESTORE_CANCELLED',
      'Restore cancelled; nothing was changed.',
      'Run the command again and answer "yes", or pass --yes.',
    );
  }
}
