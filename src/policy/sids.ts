// Statement ids that carry a project's name. IAM allows only [A-Za-z0-9] in a Sid, so the hyphens of a
// kebab-case name cannot survive as such; the encoding below is injective (each name has one Sid part and
// each Sid part decodes back to one name), so two projects never share a statement id and a merge by Sid
// never drops one of them.

/** Marks a hyphen followed by a digit or by `z`, the only boundaries capitalisation cannot show. */
const ESCAPE = 'Z';

/**
 * The Sid part of a project name: each segment capitalised (`network-prod` -> `NetworkProd`). A segment
 * after the first that starts with a digit or with `z` gets `Z` in front (`x-1` -> `XZ1`, `eu-zone` ->
 * `EuZZone`), so an upper-case letter always marks one hyphen and `x-1` and `x1` stay apart.
 */
export function sidPart(project: string): string {
  return project
    .split('-')
    .map((segment, index) => {
      const head = segment.charAt(0);
      const escaped = index > 0 && (/\d/.test(head) || head === 'z') ? ESCAPE : '';
      return `${escaped}${head.toUpperCase()}${segment.slice(1)}`;
    })
    .join('');
}

/** The inverse of sidPart, which is what makes it injective; used by the property test and audit messages. */
export function projectOfSidPart(part: string): string {
  let name = '';
  for (let i = 0; i < part.length; i++) {
    const char = part.charAt(i);
    if (i === 0) name += char.toLowerCase();
    else if (char === ESCAPE) name += `-${part.charAt(++i).toLowerCase()}`;
    else if (/[A-Z]/.test(char)) name += `-${char.toLowerCase()}`;
    else name += char;
  }
  return name;
}

// The lock table's fence. Every Sid starts with LOCK_FENCE_SID_PREFIX; a project's own statement adds
// `s` and the name part, which always starts with an upper-case letter or a digit, so no project name can
// produce the bootstrap, readers or table statement's Sid.
export const LOCK_FENCE_SID_PREFIX = 'StatewardFenceLock';
export const LOCK_FENCE_SIDS = {
  bootstrap: `${LOCK_FENCE_SID_PREFIX}Bootstrap`,
  table: `${LOCK_FENCE_SID_PREFIX}TableManagement`,
  planRoles: `${LOCK_FENCE_SID_PREFIX}PlanRolesItems`,
  planRoleDigests: `${LOCK_FENCE_SID_PREFIX}PlanRolesDigests`,
} as const;
export const projectLockFenceSid = (project: string): string => `${LOCK_FENCE_SID_PREFIX}s${sidPart(project)}`;
export const readersLockFenceSid = (project: string): string => `${LOCK_FENCE_SID_PREFIX}Readers${sidPart(project)}`;
