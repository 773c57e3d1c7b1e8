// `stateward discover`'s proposal, pure: the states found in an account (grouped by backend key, with their
// workspaces and the lock table that holds their lock or digest items) become one project each, a
// stateward.yaml that declares them, and the mapping `migrate --mapping` reads to move them there.
import { stringify } from 'yaml';
import { KEBAB_CASE } from '../config/rules/formats.ts';
import { renderMapping } from './mapping.ts';
import type { MigrationRequest } from './request.ts';

/** One backend key in a bucket: its default-workspace state and its `env:/<ws>/<key>` workspaces. */
export interface FoundState {
  bucket: string;
  key: string;
  /** The default workspace's object exists (a key may hold only named workspaces). */
  hasDefault: boolean;
  workspaces: string[];
  /** The DynamoDB table holding a lock or `-md5` item for the key, if any. */
  lockTable?: string;
}

export interface Proposal {
  projects: Array<{ name: string; from: FoundState }>;
  config: string;
  mapping: string;
  requests: MigrationRequest[];
  /** Keys with named workspaces but no default-workspace state: migrate copies per key, so they are listed for hand work. */
  skipped: FoundState[];
}

const MAX_PROJECT_NAME = 42;

/** `envs/network/terraform.tfstate` -> `envs-network`; a key with no directory takes the bucket's name. */
export function projectNameFor(state: Pick<FoundState, 'bucket' | 'key'>): string {
  const path = state.key.replace(/(^|\/)terraform\.tfstate$/, '').replace(/\.tfstate$/, '');
  const words = (path === '' ? state.bucket : path)
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  const name = words.join('-').slice(0, MAX_PROJECT_NAME).replace(/-+$/, '');
  return KEBAB_CASE.test(name) ? name : 'state';
}

export function propose(
  found: FoundState[],
  where: { account: string; region: string; githubOrg: string; generatedAt: string },
): Proposal {
  const taken = new Map<string, number>();
  const projects = [...found]
    .filter((state) => state.hasDefault)
    .sort((a, b) => `${a.bucket}/${a.key}`.localeCompare(`${b.bucket}/${b.key}`))
    .map((state) => {
      const base = projectNameFor(state);
      const seen = (taken.get(base) ?? 0) + 1;
      taken.set(base, seen);
      const name = seen === 1 ? base : `${base.slice(0, MAX_PROJECT_NAME - 3)}-${seen}`;
      return { name, from: state };
    });
  const requests: MigrationRequest[] = projects.map(({ name, from }) => ({
    from: { kind: 's3', bucket: from.bucket, key: from.key },
    ...(from.lockTable ? { fromLockTable: from.lockTable } : {}),
    to: name,
    workspaces: from.workspaces.length > 0,
  }));
  const header = [
    `Proposed by \`stateward discover\` for account ${where.account} (${where.region}) at ${where.generatedAt}.`,
    'Review it: project names, repos (default <org>/terraform-<name>), humans and admins, then `stateward apply`.',
  ];
  const config = {
    version: 1,
    account: where.account,
    region: where.region,
    github: { org: where.githubOrg },
    projects: projects.map(({ name, from }) => ({ name, ...(from.lockTable ? { locking: 'both' } : {}) })),
  };
  const configText = `${header.map((line) => `# ${line}`).join('\n')}\n${stringify(config, { defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN' })}`;
  const mapping = renderMapping(requests, [
    `Migration mapping proposed by \`stateward discover\` for account ${where.account}.`,
    'Run `stateward migrate --mapping <this file>` after `stateward apply` created the projects.',
  ]);
  return { projects, config: configText, mapping, requests, skipped: found.filter((state) => !state.hasDefault) };
}
