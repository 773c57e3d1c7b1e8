// `stateward destroy --project P [--force] [--auto-approve]`: removes one project's role and state bucket,
// nothing else (no other project, no shared resource). Refuses while the bucket holds any object version,
// unless --force. Shows what it will delete and asks for the project's name; without a terminal it refuses
// unless --auto-approve (--yes).
import { loadConfigFile } from '../config/load.ts';
import { KEBAB_CASE } from '../config/rules/formats.ts';
import { StatewardError } from '../errors.ts';
import { bucketName, MAX_PROJECT_NAME, planRoleName, roleName } from '../names/naming.ts';
import { type ApprovalOptions, requireApproval } from './approval.ts';
import { type AwsGlobalOptions, closeAws, openAws } from './aws-context.ts';
import { destroySummary, environmentRolesSummary } from './destroy-summary.ts';
import { printLine, warn } from './print.ts';
import { reportAwsStats, type StatsOptions } from './stats.ts';

export interface DestroyCommandOptions extends AwsGlobalOptions, StatsOptions, ApprovalOptions {
  project: string;
  force?: boolean;
  quiet?: boolean;
}

export async function runDestroy(options: DestroyCommandOptions): Promise<void> {
  const config = loadConfigFile(options.config);
  const project = checkedProjectName(options.project);
  const names = {
    bucket: bucketName(project, config.account),
    role: roleName(project),
    planRole: planRoleName(project),
  };
  const clients = await openAws(options, config);
  try {
    const [{ requireConfigAccount }, { checkDestroyable, destroyProject, inspectProject }] = await Promise.all([
      import('../aws/identity.ts'),
      import('../aws/destroy/index.ts'),
    ]);
    await requireConfigAccount(clients, config.file);
    const force = options.force ?? false;
    const footprint = await inspectProject(names, clients);
    checkDestroyable(project, footprint, force, clients.account);
    const { inspectEnvironmentRoles, removeEnvironmentRoles } = await import('../aws/destroy/environments.ts');
    const deployRoles = await inspectEnvironmentRoles(config, project, clients);
    // What is deleted is shown even with --quiet: it cannot be undone.
    for (const line of destroySummary(project, footprint)) printLine(line);
    for (const line of environmentRolesSummary(deployRoles)) printLine(line);
    await requireApproval(options, {
      command: 'DESTROY',
      what: `destroy deletes what is listed above for project "${project}"`,
      question: `Type the project's name, ${project}, to delete all of it:`,
      expected: project,
      rerun: `stateward destroy --project ${project}${force ? ' --force' : ''} --auto-approve`,
    });
    const say = options.quiet ? () => undefined : printLine;
    // The deploy roles first: with them gone, nothing reaches the environment accounts in the project's name.
    await removeEnvironmentRoles(deployRoles, clients);
    for (const r of deployRoles.filter((d) => d.present))
      say(`deleted role ${r.role} in account ${r.account} (${r.environment})`);
    const result = await destroyProject(project, footprint, clients, { force, onStep: say });
    const { bucket, role, planRole } = result;
    if (role.deleted)
      say(
        `deleted role ${role.name} (inline policies: ${role.inlinePolicies.join(', ') || 'none'}; detached: ${role.detached.join(', ') || 'none'})`,
      );
    else say(`role ${role.name} does not exist`);
    if (planRole.deleted)
      say(
        `deleted role ${planRole.name} (inline policies: ${planRole.inlinePolicies.join(', ') || 'none'}; detached: ${planRole.detached.join(', ') || 'none'})`,
      );
    if (bucket.deleted) {
      const emptied = bucket.versionsDeleted + bucket.deleteMarkersDeleted;
      say(
        `deleted bucket ${bucket.name}${emptied > 0 ? ` after deleting ${bucket.versionsDeleted} object versions and ${bucket.deleteMarkersDeleted} delete markers` : ''}`,
      );
    } else say(`bucket ${bucket.name} does not exist`);
    if (result.lockItemsDeleted > 0)
      say(`deleted ${result.lockItemsDeleted} of its items from the lock table (locks and state digests)`);
    // Shared resources stay: other projects use them.
    if (config.projects.some((p) => p.name === project)) {
      warn(
        `note: project "${project}" is still in ${config.file}; the next \`stateward apply\` creates its bucket and role again.`,
      );
    }
  } finally {
    reportAwsStats(options, clients.stats);
    closeAws(clients);
  }
}

/** Only a name that could be a project: the bucket and role names are derived from it, never given. */
function checkedProjectName(name: string): string {
  if (KEBAB_CASE.test(name) && name.length <= MAX_PROJECT_NAME) return name;
  throw new StatewardError(
    'CLI_BAD_PROJECT_NAME',
    `"${name}" is not a project name: projects are kebab-case and at most ${MAX_PROJECT_NAME} characters.`,
    'Pass the project name as written in the config, e.g. --project network.',
  );
}
