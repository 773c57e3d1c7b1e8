// `stateward restore --project P [--workspace W] --version V [--auto-approve] [--force-lineage]`: makes an old state
// version the current one under terraform's own lock, with the serial raised; asks first unless --auto-approve (--yes).
import { randomUUID } from 'node:crypto';
import { lockItemId, stateObjectKey } from '../backend/keys.ts';
import { loadConfigFile } from '../config/load.ts';
import { STATEWARD, whoAmI } from '../lock-holder.ts';
import { restoreLockInfo } from '../state/lock-info.ts';
import { renderRestorePlan } from '../state/render-diff.ts';
import { findProject, projectTarget } from '../state/target.ts';
import { parseVersionRef } from '../state/version-ref.ts';
import { type ApprovalOptions, requireApproval } from './approval.ts';
import { type AwsGlobalOptions, closeAws, openAws } from './aws-context.ts';
import { EXIT_ERROR } from './output.ts';
import { printLine, warn } from './print.ts';

export interface RestoreOptions extends AwsGlobalOptions, ApprovalOptions {
  project: string;
  workspace?: string;
  key?: string;
  version: string;
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
    await requireApproval(options, {
      command: 'RESTORE',
      what: `restore writes version ${prepared.plan.from.versionId} as the current state of ${where}`,
      question: 'Restore this version? Only "yes" restores:',
      expected: 'yes',
      rerun: 'stateward restore … --auto-approve',
    });
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
