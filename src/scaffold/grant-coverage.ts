// Does a project's role reach every state key of a family such as `proxmox/terragrunt/<unit>/terraform.tfstate`?
// A grant key is an IAM-style glob (`*` any run, `?` one character). The family is prefix + anything + suffix.
import type { Grant, ProjectConfig } from '../config/types.ts';
import { DEFAULT_WORKSPACE_KEY_PREFIX } from '../names/naming.ts';

export interface KeyFamily {
  prefix: string;
  suffix: string;
}

/**
 * A unit path x for which prefix + x + suffix escapes `glob`, or undefined when the glob matches the whole
 * family. Exact: it runs the glob as an automaton over sets of glob positions, first over the prefix, then
 * explores every set reachable by any x (characters that appear in the glob, plus one that does not,
 * stand for every character), and checks the suffix from each set. The path to a failing set is the witness.
 */
export function uncoveredExample(glob: string, family: KeyFamily): string | undefined {
  const tokens = [...glob];
  const named = tokens.filter((t) => t !== '*' && t !== '?');
  const alphabet = [...new Set([...named, otherCharacter(named)])];
  const start = advance(tokens, closure(tokens, [0]), family.prefix);
  const seen = new Map<string, string>([[key(start), '']]);
  const queue: Array<{ states: number[]; path: string }> = [{ states: start, path: '' }];
  for (let item = queue.shift(); item; item = queue.shift()) {
    if (!advance(tokens, item.states, family.suffix).includes(tokens.length)) return item.path;
    for (const ch of alphabet) {
      const next = advance(tokens, item.states, ch);
      if (seen.has(key(next))) continue;
      seen.set(key(next), item.path + ch);
      queue.push({ states: next, path: item.path + ch });
    }
  }
  return undefined;
}

export function globCoversFamily(glob: string, family: KeyFamily): boolean {
  return uncoveredExample(glob, family) === undefined;
}

/** A character the glob does not name: it stands for all of them, since the glob treats them alike. */
function otherCharacter(named: string[]): string {
  const candidates = 'xyzqwkj0123456789abcdefghilmnoprstuv';
  const free = [...candidates].find((ch) => !named.includes(ch));
  if (free) return free;
  let code = 0x100;
  while (named.includes(String.fromCharCode(code))) code++;
  return String.fromCharCode(code);
}

const key = (states: number[]): string => states.join(',');

/** The positions reachable without reading: a `*` may match nothing. */
function closure(tokens: string[], states: number[]): number[] {
  const result = new Set(states);
  for (const state of states) for (let i = state; tokens[i] === '*'; i++) result.add(i + 1);
  return [...result].sort((a, b) => a - b);
}

function advance(tokens: string[], states: number[], text: string): number[] {
  let current = states;
  for (const ch of text) {
    const next = current.flatMap((i) =>
      tokens[i] === '*' ? [i] : tokens[i] === '?' || tokens[i] === ch ? [i + 1] : [],
    );
    current = closure(tokens, next);
  }
  return current;
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
    if (grant.defaultWorkspace && match && match[1]!.startsWith(own) && match[1]!.length > own.length)
      return match[1]!.slice(own.length);
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
