// What plan, apply and destroy share: the config's Desired (optionally one project), the AWS clients
// from the global options, the account check, and the snapshot of the account.

import type { AwsClients } from '../aws/clients.ts';
import { findProject } from '../config/find-project.ts';
import { loadConfigFile } from '../config/load.ts';
import type { Config } from '../config/types.ts';
import { buildDesired } from '../desired/build.ts';
import { StatewardError } from '../errors.ts';
import type { Observed, ObservedEnvironment } from '../model/observed.ts';
import type { Desired } from '../model/types.ts';
import { BUCKET_PREFIX, ROLE_PREFIX } from '../names/naming.ts';

export interface AwsGlobalOptions {
  config: string;
  profile?: string;
  region?: string;
  endpointUrl?: string;
}

export interface Loaded {
  config: Config;
  /** The whole config's Desired, or one project's when --project is given (shared resources included). */
  desired: Desired;
  /** Every project name of the config, so a filtered snapshot does not call the others orphans. */
  projectNames: string[];
}

export function loadDesired(options: AwsGlobalOptions & { project?: string }): Loaded {
  const config = loadConfigFile(options.config);
  const full = buildDesired(config);
  const projectNames = full.projects.map((p) => p.name);
  if (!options.project) return { config, desired: full, projectNames };
  findProject(config, options.project);
  const desired: Desired = { ...full, projects: full.projects.filter((p) => p.name === options.project) };
  if (full.environments)
    desired.environments = full.environments.map((e) => ({
      ...e,
      roles: e.roles.filter((r) => r.project === options.project),
    }));
  return { config, desired, projectNames };
}

/** Builds the clients; the AWS SDK is imported only here, when a command really talks to AWS. */
export async function openAws(options: AwsGlobalOptions, config: Config): Promise<AwsClients> {
  // stateward supports Node 20; the SDK's notice about its future Node 22 requirement is for SDK users, not ours.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const { createAwsClients } = await import('../aws/clients.ts');
  return createAwsClients({
    account: config.account,
    region: configRegion(options.region, config),
    ...(options.profile ? { profile: options.profile } : {}),
    ...(options.endpointUrl ? { endpointUrl: options.endpointUrl } : {}),
  });
}

/**
 * --region may only repeat the config's region. Everything stateward reads and writes (the buckets'
 * location, the lock table, its ARNs) is in the config's region, so calls sent elsewhere would plan and
 * apply against the wrong place (or, on an emulator, fail on an answer that is not AWS's).
 */
export function configRegion(region: string | undefined, config: Config): string {
  if (region === undefined || region === config.region) return config.region;
  throw new StatewardError(
    'CLI_REGION_MISMATCH',
    `--region ${region} differs from the region ${config.region} of ${config.file}; stateward's buckets, lock table and ARNs are all in the config's region.`,
    `Drop --region (the config's region ${config.region} is used), or change "region" in ${config.file} if the resources belong in ${region}.`,
  );
}

/** Closes the clients' sockets so the process exits as soon as the command is done. */
export function closeAws(clients: AwsClients): void {
  for (const environment of clients.environments?.values() ?? []) closeAws(environment);
  for (const client of [clients.s3, clients.iam, clients.sts, clients.dynamodb, clients.costExplorer]) client.destroy();
}

/** apply's check that its caller may manage the stores, so the fences it writes do not lock it out. */
export async function requireManager(loaded: Loaded, clients: AwsClients): Promise<void> {
  if (!loaded.config.projects.some((p) => p.fence)) return;
  const [{ callerIdentity, callerPrincipalArn }, { assertManager }] = await Promise.all([
    import('../aws/identity.ts'),
    import('../policy/managers.ts'),
  ]);
  assertManager(await callerPrincipalArn(clients, await callerIdentity(clients)), loaded.config);
}

/** The account check, then the snapshot; orphans exclude the config's other projects when filtered. */
export async function observeAccount(loaded: Loaded, clients: AwsClients, concurrency?: number): Promise<Observed> {
  const [{ requireConfigAccount }, { observe }] = await Promise.all([
    import('../aws/identity.ts'),
    import('../aws/observe/index.ts'),
  ]);
  const identity = await requireConfigAccount(clients, loaded.config.file);
  const [observed, environments] = await Promise.all([
    observe(loaded.desired, clients, { account: identity.account, ...(concurrency ? { concurrency } : {}) }),
    observeEnvironments(loaded, clients, concurrency),
  ]);
  const configured = new Set(loaded.projectNames);
  const ownOf = (prefix: string, name: string, suffix = '') =>
    configured.has(name.slice(prefix.length, name.length - suffix.length));
  return {
    ...observed,
    ...(environments ? { environments } : {}),
    orphans: {
      buckets: observed.orphans.buckets.filter((b) => !ownOf(BUCKET_PREFIX, b, `-${loaded.config.account}`)),
      roles: observed.orphans.roles.filter((r) => !ownOf(ROLE_PREFIX, r)),
    },
  };
}

/** Each environment account through its management role, all at once (seed 002); none for a single-account config. */
async function observeEnvironments(
  loaded: Loaded,
  clients: AwsClients,
  concurrency: number | undefined,
): Promise<ObservedEnvironment[] | undefined> {
  const environments = loaded.desired.environments;
  if (!environments) return undefined;
  const [{ openEnvironments }, { observeEnvironment }] = await Promise.all([
    import('../aws/environments.ts'),
    import('../aws/observe/environments.ts'),
  ]);
  const opened = await openEnvironments(environments, clients);
  return Promise.all(environments.map((e) => observeEnvironment(e, opened.get(e.account)!, concurrency)));
}

export function parseConcurrency(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64) {
    throw new StatewardError(
      'CLI_BAD_CONCURRENCY',
      `--concurrency must be a whole number from 1 to 64, not "${value}".`,
      'Pass e.g. --concurrency 4.',
    );
  }
  return n;
}
