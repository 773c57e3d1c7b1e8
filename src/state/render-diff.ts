// Text for `diff` and for the restore confirmation.
import type { StateDiff } from './diff.ts';
import type { RestorePlan } from './restore-body.ts';
import type { ValueChange } from './value-diff.ts';

const show = (value: unknown): string => (value === undefined ? '(absent)' : JSON.stringify(value));

function renderChange(change: ValueChange): string {
  const path = change.path === '' ? '(value)' : change.path;
  if (change.sensitive) return `      ~ ${path}: (sensitive value changed)`;
  return `      ~ ${path}: ${show(change.before)} -> ${show(change.after)}`;
}

export function renderDiff(diff: StateDiff, fromLabel: string, toLabel: string): string {
  const lines = [`Changes from ${fromLabel} to ${toLabel}:`];
  const total = diff.added.length + diff.removed.length + diff.changed.length;
  for (const address of diff.added) lines.push(`  + ${address}`);
  for (const address of diff.removed) lines.push(`  - ${address}`);
  for (const changed of diff.changed) {
    lines.push(`  ~ ${changed.address}`);
    lines.push(...changed.changes.map(renderChange));
  }
  if (diff.outputs.length > 0) lines.push('Outputs:');
  for (const output of diff.outputs) {
    const sign = output.action === 'added' ? '+' : output.action === 'removed' ? '-' : '~';
    const values =
      output.action === 'added'
        ? show(output.after)
        : output.action === 'removed'
          ? show(output.before)
          : `${show(output.before)} -> ${show(output.after)}`;
    lines.push(`  ${sign} ${output.name}: ${values}`);
  }
  lines.push(
    `Resources: ${diff.added.length} added, ${diff.removed.length} removed, ${diff.changed.length} changed; outputs: ${diff.outputs.length} changed.`,
  );
  if (total === 0 && diff.outputs.length === 0) lines.splice(1, 0, '  (no differences)');
  return lines.join('\n');
}

export function renderRestorePlan(plan: RestorePlan, where: string): string {
  const { from, current } = plan;
  const lines = [
    `Restore ${where}:`,
    `  current:    version ${current.versionId}, serial ${current.state.serial}, lineage ${current.state.lineage}, ${current.state.instances.length} resource instances`,
    `  restoring:  version ${from.versionId}, serial ${from.state.serial}, lineage ${from.state.lineage}, ${from.state.instances.length} resource instances`,
    `  writes a new current version with serial ${plan.newSerial} (terraform sees it as newer); no version is deleted.`,
  ];
  if (plan.lineageChanges) lines.push(`  WARNING: the lineage changes to ${from.state.lineage} (--force-lineage).`);
  return lines.join('\n');
}
