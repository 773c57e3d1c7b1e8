// The states verify tries: each grant's default and one named workspace, other projects' states,
// and the reserved _bootstrap/ key; with what the config says each access level may do.

import type { BackendTarget } from '../backend/index.ts';
import type { AccessLevel, Config, Grant, ProjectConfig } from '../config/types.ts';
import { BOOTSTRAP_PREFIX, bucketName, LOCK_TABLE } from '../names/naming.ts';
import { wildcardMatch } from '../policy/state-keys.ts';

export const OPERATIONS = [
  'read',
  'plan',
  'apply',
  'apply-new',
  'workspace-new',
  'workspace-delete',
  'force-unlock',
] as const;
export type VerifyOperation = (typeof OPERATIONS)[number];

export interface StateTarget {
  id: string;
  owner: string;
  key: string;
  workspace: string;
  workspaceKeyPrefix: string;
  reserved: boolean;
}

const LEVEL_RANK: Record<AccessLevel, number> = { read: 1, plan: 2, apply: 3 };
const NEEDS: Record<VerifyOperation, AccessLevel> = {
  read: 'read',
  plan: 'plan',
  'force-unlock': 'plan',
  apply: 'apply',
  'apply-new': 'apply',
  'workspace-new': 'apply',
  'workspace-delete': 'apply',
};

/** A concrete name for a pattern, so a wildcard grant can be tried. */
const sample = (pattern: string) => pattern.replaceAll('*', 'sample').replaceAll('?', 'x');

export function ownTargets(project: ProjectConfig): StateTarget[] {
  const grants = [...project.access.apply, ...project.access.plan, ...project.access.read];
  const targets = grants.flatMap((g) => {
    const key = sample(g.key);
    const list: StateTarget[] = [];
    if (g.defaultWorkspace) list.push(target(project.name, key, 'default', g.workspaceKeyPrefix));
    if (g.workspaces.length > 0) list.push(target(project.name, key, sample(g.workspaces[0]!), g.workspaceKeyPrefix));
    return list;
  });
  return [...new Map(targets.map((t) => [t.id, t])).values()];
}

export function bootstrapTarget(project: string): StateTarget {
  return { ...target(project, `${BOOTSTRAP_PREFIX}terraform.tfstate`, 'default', 'env:'), reserved: true };
}

function target(owner: string, key: string, workspace: string, workspaceKeyPrefix: string): StateTarget {
  const where = workspace === 'default' ? key : `${key} [workspace ${workspace}]`;
  return { id: `${owner}:${where}`, owner, key, workspace, workspaceKeyPrefix, reserved: false };
}

export function appliesTo(operation: VerifyOperation, t: StateTarget): boolean {
  const workspaceOperation = operation === 'workspace-new' || operation === 'workspace-delete';
  return workspaceOperation === (t.workspace !== 'default') || !workspaceOperation;
}

/** The highest level any of the owner's grants gives on this target ('none' if no grant covers it). */
export function grantedLevel(project: ProjectConfig, t: StateTarget): AccessLevel | 'none' {
  let best: AccessLevel | 'none' = 'none';
  for (const level of ['read', 'plan', 'apply'] as const) {
    if (project.access[level].some((g) => covers(g, t)) && (best === 'none' || LEVEL_RANK[level] > LEVEL_RANK[best]))
      best = level;
  }
  return best;
}

function covers(grant: Grant, t: StateTarget): boolean {
  if (grant.workspaceKeyPrefix !== t.workspaceKeyPrefix || !wildcardMatch(grant.key, t.key)) return false;
  return t.workspace === 'default'
    ? grant.defaultWorkspace
    : grant.workspaces.some((ws) => wildcardMatch(ws, t.workspace));
}

/** What the config says the role of `actor` may do: its own grants, and read where it `reads` the owner. */
export function configAllows(config: Config, actor: string, t: StateTarget, operation: VerifyOperation): boolean {
  if (t.reserved) return false;
  const owner = config.projects.find((p) => p.name === t.owner)!;
  if (actor === t.owner) {
    const level = grantedLevel(owner, t);
    return level !== 'none' && LEVEL_RANK[level] >= LEVEL_RANK[NEEDS[operation]];
  }
  const reader = config.projects.find((p) => p.name === actor);
  return operation === 'read' && Boolean(reader?.reads.includes(t.owner)) && grantedLevel(owner, t) !== 'none';
}

/**
 * What the config says the plan role of `actor` may do: what its apply role may, up to plan level (reading
 * and locking; never writing a state).
 */
export function planRoleAllows(config: Config, actor: string, t: StateTarget, operation: VerifyOperation): boolean {
  return LEVEL_RANK[NEEDS[operation]] <= LEVEL_RANK.plan && configAllows(config, actor, t, operation);
}

export function backendTarget(config: Config, t: StateTarget): BackendTarget {
  const owner = config.projects.find((p) => p.name === t.owner)!;
  return {
    bucket: bucketName(t.owner, config.account),
    key: t.key,
    region: config.region,
    account: config.account,
    workspace: t.workspace,
    workspaceKeyPrefix: t.workspaceKeyPrefix,
    locking: owner.locking,
    lockTable: LOCK_TABLE,
    encryption: owner.encryption,
  };
}
