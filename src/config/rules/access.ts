// Access grants: keys stay inside the project's own prefix, never reach _bootstrap/, and never repeat.

import { BOOTSTRAP_PREFIX, DIGEST_SUFFIX, LOCKFILE_SUFFIX } from '../../names/naming.ts';
import type { AccessLevel, Grant, ProjectConfig } from '../types.ts';
import { WORKSPACE_PATTERN } from './formats.ts';
import { issue, type Rule, type RuleIssue } from './issue.ts';

const LEVELS: AccessLevel[] = ['apply', 'plan', 'read'];

export const accessRules: Rule[] = [
  (c) => c.projects.flatMap((p, i) => projectAccessIssues(p, ['projects', i, 'access'])),
];

function projectAccessIssues(p: ProjectConfig, path: ReadonlyArray<string | number>): RuleIssue[] {
  const grants = LEVELS.flatMap((level) => p.access[level].map((grant, index) => ({ level, index, grant })));
  const problems = grants.flatMap(({ level, index, grant }) => grantIssues(p.name, grant, [...path, level, index]));
  if (grants.length === 0)
    problems.push(
      issue(
        path,
        'CONFIG_ACCESS_EMPTY',
        `project "${p.name}" grants no access, so its role could not use any state`,
        `add e.g. apply: [{ key: "${p.name}/terraform.tfstate" }], or remove "access" for that default`,
      ),
    );
  grants.forEach((later, i) => {
    const earlier = grants.slice(0, i).find((g) => overlap(g.grant, later.grant));
    if (earlier) {
      problems.push(
        issue(
          [...path, later.level, later.index],
          'CONFIG_GRANT_DUPLICATE',
          `this grant repeats access.${earlier.level}[${earlier.index}] for key "${later.grant.key}" (${overlap(earlier.grant, later.grant)})`,
          'grant each state once: apply includes plan, and plan includes read',
        ),
      );
    }
  });
  return problems;
}

/** What two grants both cover: the default workspace or a named one; '' when they are disjoint. */
function overlap(a: Grant, b: Grant): string {
  if (a.key !== b.key || a.workspaceKeyPrefix !== b.workspaceKeyPrefix) return '';
  if (a.defaultWorkspace && b.defaultWorkspace) return 'the default workspace';
  if (a.workspaces.length === 0 || b.workspaces.length === 0) return '';
  const shared = a.workspaces.find((ws) => ws === '*' || b.workspaces.includes('*') || b.workspaces.includes(ws));
  return shared === undefined ? '' : `workspace "${shared}"`;
}

/** S3 keys are literal, but `.`/`..` segments, empty segments and `${` (a policy variable) make a policy's key mean another. */
function uncleanPath(path: string): string | undefined {
  if (path.includes('${')) return 'holds "${", which IAM reads as a policy variable';
  const segments = path.split('/');
  if (segments.some((s) => s === '.' || s === '..')) return 'holds a "." or ".." segment';
  if (path.length > 0 && segments.slice(1, -1).some((s) => s === '')) return 'holds an empty segment ("//")';
  return undefined;
}

function grantIssues(project: string, grant: Grant, path: ReadonlyArray<string | number>): RuleIssue[] {
  const problems: RuleIssue[] = [];
  const ownPrefix = `${project}/`;
  if (!grant.key.startsWith(ownPrefix) || grant.key.length === ownPrefix.length) {
    problems.push(
      issue(
        [...path, 'key'],
        'CONFIG_GRANT_KEY_PREFIX',
        `key "${grant.key}" is outside the project's own prefix "${ownPrefix}"`,
        `use a key under "${ownPrefix}", e.g. "${ownPrefix}terraform.tfstate"`,
      ),
    );
  } else if (uncleanPath(grant.key)) {
    problems.push(
      issue(
        [...path, 'key'],
        'CONFIG_GRANT_KEY_PREFIX',
        `key "${grant.key}" ${uncleanPath(grant.key)}`,
        `write the key as a plain path under "${ownPrefix}", e.g. "${ownPrefix}terraform.tfstate"`,
      ),
    );
  } else if (grant.key.endsWith(LOCKFILE_SUFFIX) || grant.key.endsWith(DIGEST_SUFFIX)) {
    problems.push(
      issue(
        [...path, 'key'],
        'CONFIG_GRANT_KEY_SUFFIX',
        `key "${grant.key}" names a lock or digest object, not a state`,
        'grant the state key; its lock and digest are granted with it',
      ),
    );
  } else if (/[*?]/.test(grant.key.slice(ownPrefix.length, ownPrefix.length + 1))) {
    problems.push(
      issue(
        [...path, 'key'],
        'CONFIG_GRANT_KEY_WILDCARD',
        `key "${grant.key}" starts with a wildcard right after "${ownPrefix}"`,
        `name at least one path segment first, e.g. "${ownPrefix}envs/*"`,
      ),
    );
  }
  const prefix = grant.workspaceKeyPrefix;
  const unclean = uncleanPath(prefix);
  if (unclean) {
    problems.push(
      issue(
        [...path, 'workspaceKeyPrefix'],
        'CONFIG_WORKSPACE_PREFIX',
        `workspaceKeyPrefix "${prefix}" ${unclean}, so the keys it makes are not the keys the policies name (and may reach ${BOOTSTRAP_PREFIX} or another prefix)`,
        'write a plain prefix such as "env:" or "<project>-workspaces"',
      ),
    );
  } else if (prefix.endsWith('/') || prefix.startsWith('/') || /[*?]/.test(prefix)) {
    problems.push(
      issue(
        [...path, 'workspaceKeyPrefix'],
        'CONFIG_WORKSPACE_PREFIX',
        `workspaceKeyPrefix "${prefix}" must not start or end with "/" or hold wildcards`,
        'write it exactly as the backend\'s workspace_key_prefix, e.g. "env:"',
      ),
    );
  } else if (
    prefix === BOOTSTRAP_PREFIX.slice(0, -1) ||
    prefix.startsWith(BOOTSTRAP_PREFIX) ||
    (prefix === '' && grant.workspaces.length > 0)
  ) {
    problems.push(
      issue(
        [...path, 'workspaceKeyPrefix'],
        'CONFIG_WORKSPACE_PREFIX',
        `workspaceKeyPrefix "${prefix}" would reach the reserved ${BOOTSTRAP_PREFIX} keys`,
        'use "env:" or a prefix under the project\'s name',
      ),
    );
  }
  grant.workspaces.forEach((ws, i) => {
    if (!WORKSPACE_PATTERN.test(ws) || ws === 'default')
      problems.push(
        issue(
          [...path, 'workspaces', i],
          'CONFIG_WORKSPACE_NAME',
          `workspace "${ws}" is not a valid named workspace`,
          'use letters, digits, _ . - and the wildcards * ?; the default workspace is controlled by defaultWorkspace',
        ),
      );
  });
  if (grant.workspaces.length === 0 && !grant.defaultWorkspace) {
    problems.push(
      issue(
        path,
        'CONFIG_GRANT_EMPTY',
        `grant for "${grant.key}" names no workspace and excludes the default one`,
        'list workspaces, or set defaultWorkspace: true',
      ),
    );
  }
  return problems;
}
