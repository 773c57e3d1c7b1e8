// What destroy will delete, shown before it asks: the role, the bucket with its objects, versions and
// state files (serial, last modified), and the project's lock-table items. Text only; nothing is read here.
import type { EnvironmentRoleFootprint } from '../aws/destroy/environments.ts';
import type { ProjectFootprint } from '../aws/destroy/index.ts';

export function destroySummary(project: string, footprint: ProjectFootprint): string[] {
  const { bucket, role, planRole, lockItems } = footprint;
  const lines = [`destroy project ${project} deletes:`];
  lines.push(
    role.present
      ? `  role ${role.name}, with its inline policies and attachments`
      : `  (role ${role.name} does not exist)`,
  );
  if (planRole.present) lines.push(`  role ${planRole.name}, with its inline policies and attachments`);
  if (bucket.status === 'present') {
    const realVersions = bucket.versions.length - bucket.deleteMarkers;
    lines.push(
      `  bucket ${bucket.name}: ${count(bucket.objects, 'object')}, ${count(realVersions, 'object version')}, ${count(bucket.deleteMarkers, 'delete marker')}`,
    );
    for (const state of bucket.stateFiles) {
      const current =
        state.lastModified === undefined
          ? 'deleted (newest entry is a delete marker)'
          : `serial ${state.serial}, last modified ${state.lastModified.toISOString()}`;
      lines.push(`    state ${state.key}: ${current}; ${count(state.versions, 'version')}`);
    }
  } else lines.push(`  (bucket ${bucket.name} does not exist)`);
  const held = lockItems.filter((item) => !item.digest).length;
  if (lockItems.length > 0)
    lines.push(
      `  ${count(lockItems.length, 'lock table item')} (${count(held, 'held lock')}, ${count(lockItems.length - held, 'state digest')})`,
    );
  lines.push('Other projects and the shared resources stay.');
  return lines;
}

/** The deploy roles in the environment accounts (seed 002) that destroy removes too. */
export function environmentRolesSummary(roles: EnvironmentRoleFootprint[]): string[] {
  const present = roles.filter((r) => r.present);
  if (present.length === 0) return [];
  return [
    'and in the environment accounts:',
    ...present.map((r) => `  role ${r.role} in account ${r.account} (${r.environment}), with its attachments`),
  ];
}

function count(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`;
}
