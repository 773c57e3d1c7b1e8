// Does a project's role reach every state key of a family such as `proxmox/terragrunt/<unit>/terraform.tfstate`?
// A grant key is an IAM-style glob (`*` any run, `?` one character). The family is prefix + anything + suffix.
import type { Grant, ProjectConfig } from '../config/types.ts';
import { DEFAULT_WORKSPACE_KEY_PREFIX } from '../model/naming.ts';

export interface KeyFamily {
  prefix: string;
  suffix: string;
}

/** A character no S3 key in a family stands for: it marks "anything" in the probe string. */
const ANYTHING = '\u0000';

/**
 * True when `glob` matches prefix + x + suffix for every x. The probe prefix + ANYTHING + suffix matches
 * only if a `*` absorbs the marker, and then that `*` absorbs any x as well. For globs of literals and `*`
 * the converse holds too (a long run of a fresh character can only be absorbed by one `*`), so the answer
 * is exact; a glob with `?` that covers the family only thanks to the `?` is reported as not covering.
 */
export function globCoversFamily(glob: string, family: KeyFamily): boolean {
  const source = [...glob].map((ch) => (ch === '*' ? '[\\s\\S]*' : ch === '?' ? '[^\\u0000]' : escapeRegExp(ch))).join('');
  return new RegExp(`^${source}$`).test(`${family.prefix}${ANYTHING}${family.suffix}`);
}

function escapeRegExp(ch: string): string {
  return ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** An apply grant covering the family in the default workspace (Terragrunt units use it), if any. */
export function coveringApplyGrant(project: ProjectConfig, family: KeyFamily): Grant | undefined {
  return project.access.apply.find((g) => g.defaultWorkspace && globCoversFamily(g.key, family));
}

/**
 * The directory D of a grant `<project>/D/*`: a family `<project>/D/...` that the grant already covers.
 * Lets the Terragrunt keys follow a grant the config already has instead of asking for a new one.
 */
export function grantedDirectory(project: ProjectConfig): string | undefined {
  const own = `${project.name}/`;
  for (const grant of project.access.apply) {
    const match = /^([^*?]*)\/\*$/.exec(grant.key);
    if (grant.defaultWorkspace && match && match[1]!.startsWith(own) && match[1]!.length > own.length) return match[1]!.slice(own.length);
  }
  return undefined;
}

/** A grant as written in stateward.yaml, leaving out what equals the defaults. */
export function writtenGrant(grant: Grant): Record<string, unknown> {
  const written: Record<string, unknown> = { key: grant.key };
  if (grant.workspaces.length !== 1 || grant.workspaces[0] !== '*') written.workspaces = grant.workspaces;
  if (!grant.defaultWorkspace) written.defaultWorkspace = false;
  if (grant.workspaceKeyPrefix !== DEFAULT_WORKSPACE_KEY_PREFIX) written.workspaceKeyPrefix = grant.workspaceKeyPrefix;
  return written;
}
