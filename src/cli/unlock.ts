// `stateward unlock --project P [--workspace W] --id ID`: removes a stale terraform lock, only when its ID
// matches, from every store of the project's lock mode (like `terraform force-unlock`, without a checkout);
// asks first, like force-unlock, unless --auto-approve (--yes).
import { loadConfigFile } from '../config/load.ts';
import { describeHolder } from '../state/lock-info.ts';
import { findProject, projectTarget } from '../state/target.ts';
import { type ApprovalOptions, requireApproval } from './approval.ts';
import { type AwsGlobalOptions, closeAws, openAws } from './aws-context.ts';
import { printLine, warn } from './print.ts';

export interface UnlockOptions extends AwsGlobalOptions, ApprovalOptions {
  project: string;
  workspace?: string;
  key?: string;
  id: string;
  quiet?: boolean;
}

export async function runUnlock(options: UnlockOptions): Promise<void> {
  const config = loadConfigFile(options.config);
  const project = findProject(config, options.project);
  const target = projectTarget(config, project, {
    ...(options.workspace ? { workspace: options.workspace } : {}),
    ...(options.key ? { key: options.key } : {}),
  });
  const clients = await openAws(options, config);
  try {
    const { unlockState } = await import('../aws/state/index.ts');
    const result = await unlockState(clients, target, options.id, project.name, async (holder) => {
      printLine(`Lock ${holder.ID} is held by ${describeHolder(holder)}.`);
      await requireApproval(options, {
        command: 'UNLOCK',
        what: `unlock removes lock ${holder.ID} of project ${project.name}`,
        question:
          'Remove it? Only if that run is dead: a live run would then write the state unlocked. Only "yes" removes it:',
        expected: 'yes',
        rerun: `stateward unlock --project ${project.name}${options.workspace ? ` -w ${options.workspace}` : ''}${options.key ? ` --key ${options.key}` : ''} --id ${holder.ID} --auto-approve`,
      });
    });
    const stores = result.removed
      .map((store) => (store === 's3' ? 'the S3 lock object' : 'the DynamoDB lock item'))
      .join(' and ');
    printLine(`Removed lock ${result.holder.ID} held by ${describeHolder(result.holder)} from ${stores}.`);
    for (const store of result.absent)
      warn(
        `note: there was no ${store === 's3' ? 'S3 lock object' : 'DynamoDB lock item'} for this state (lock mode ${target.locking}).`,
      );
  } finally {
    closeAws(clients);
  }
}
