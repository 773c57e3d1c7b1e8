// The migration plan as text: one row per state (where from, where to, what it is, what happens), the
// refusals with their fixes, and what each consuming repo must change afterwards.

import { backendAttributes } from '../scaffold/backend-settings.ts';
import { block, renderHcl } from '../scaffold/hcl.ts';
import type { BackendTarget as ScaffoldTarget } from '../scaffold/target.ts';
import { textTable } from '../state/table.ts';
import { destinationLabel, type MigrationAction, type PlannedUnit } from './plan.ts';

const ACTION_TEXT: Record<MigrationAction, string> = {
  copy: 'copy',
  update: 'copy (newer than the destination)',
  digest: 'write -md5 digest only',
  done: 'already migrated',
};

export function renderMigrationPlan(planned: PlannedUnit[]): string {
  const rows = planned.map((p) => [
    p.unit.sourceLabel,
    destinationLabel(p.unit.destination),
    p.unit.workspace,
    p.state ? String(p.state.serial) : '-',
    p.state?.lineage ?? '-',
    p.state ? String(p.state.resources) : '-',
    p.state ? `${p.state.size} B` : '-',
    p.refusal ? `REFUSED [${p.refusal.code}]` : ACTION_TEXT[p.action ?? 'done'],
  ]);
  const lines = [
    'Migration plan (the source states are only read; nothing is deleted):',
    '',
    textTable(['source', 'destination', 'workspace', 'serial', 'lineage', 'resources', 'size', 'action'], rows),
  ];
  const toWrite = planned.filter((p) => p.action && p.action !== 'done' && !p.refusal).length;
  const refused = planned.filter((p) => p.refusal).length;
  lines.push('', `${toWrite} to write, ${planned.length - toWrite - refused} already migrated, ${refused} refused.`);
  return `${lines.join('\n')}\n`;
}

/** The backend block each project's repo switches to, then the re-initialisation that points terraform at it. */
export function renderNextSteps(targets: ScaffoldTarget[]): string {
  const lines = ['What each consuming repo must change:'];
  for (const target of targets) {
    lines.push(
      '',
      `Project ${target.project} (${target.repo}): replace the old backend block with this one (or run \`stateward scaffold -p ${target.project} -o <repo>\`, which writes backend.tf):`,
      '',
      renderHcl([block('terraform', [], [block('backend', ['s3'], backendAttributes(target))])]).trimEnd(),
      '',
      `then run \`terraform init -reconfigure\` (as ${target.roleName}): the state is already in place, so terraform must not copy it again, and \`terraform plan\` shows no changes.`,
    );
  }
  return `${lines.join('\n')}\n`;
}
