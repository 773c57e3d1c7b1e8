// One constructor for every Change, so ids, impact, access and summaries follow the same rules.
import type { Change } from './change.ts';
import { changeId } from './change.ts';
import { assess } from './impact.ts';

/** What a builder says about a change; makeChange derives the id, impact, access flag and summary. */
export interface ChangeSpec
  extends Pick<Change, 'project' | 'resourceType' | 'resourceName' | 'setting' | 'key' | 'action' | 'old' | 'new'> {
  /** What the change does, e.g. "turn on versioning"; the rule table adds why it matters. */
  what: string;
  /** Ids of changes that must come first; ids not in the final plan are dropped by the planner. */
  after?: string[];
}

export function makeChange(spec: ChangeSpec): Change {
  const { impact, broadensAccess, why } = assess(spec.resourceType, spec.setting, spec);
  const change: Change = {
    id: changeId(spec.resourceType, spec.resourceName, spec.setting, spec.key),
    resourceType: spec.resourceType,
    resourceName: spec.resourceName,
    setting: spec.setting,
    action: spec.action,
    old: spec.old,
    new: spec.new,
    impact,
    broadensAccess,
    dependsOn: spec.after ?? [],
    summary: `${spec.what} (${why})`,
  };
  if (spec.project !== undefined) change.project = spec.project;
  if (spec.key !== undefined) change.key = spec.key;
  return change;
}

/** A setting's update, or nothing when the resource already holds the desired value. */
export function updateIf(inSync: boolean, spec: Omit<ChangeSpec, 'action'>): Change[] {
  return inSync ? [] : [makeChange({ ...spec, action: 'update' })];
}
