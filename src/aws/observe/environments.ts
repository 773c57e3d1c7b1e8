// The environment accounts' part of the snapshot (seed 002): per account, through its management role, each
// project's deploy role and, when a deploy role trusts GitHub there, the account's OIDC provider.
import type { ObservedEnvironment } from '../../model/observed.ts';
import type { DesiredEnvironment } from '../../model/types.ts';
import type { AwsClients } from '../clients.ts';
import { createLimiter } from '../limit.ts';
import { serviceLimiters } from '../service-limits.ts';
import { observeOidcProvider } from './oidc-provider.ts';
import { createReader } from './read.ts';
import { listRoles, observeRoles } from './roles.ts';

/** `clients`: the account's own (src/aws/environments.ts), whose account was checked when they were opened. */
export async function observeEnvironment(
  environment: DesiredEnvironment,
  clients: AwsClients,
  concurrency: number | undefined,
): Promise<ObservedEnvironment> {
  const reader = createReader(clients, concurrency ? createLimiter(concurrency) : serviceLimiters());
  // As in the administrative account: ListRoles, then the roles per role or from one account-level read.
  const readRoles = async () => {
    const names = environment.roles.map((r) => r.role.name);
    const observed = await observeRoles(reader, names, await listRoles(reader));
    return environment.roles.map((r) => ({ project: r.project, role: observed.roles.get(r.role.name)! }));
  };
  const [roles, oidcProvider] = await Promise.all([
    readRoles(),
    environment.oidcProvider ? observeOidcProvider(reader, environment.oidcProvider) : Promise.resolve(undefined),
  ]);
  return {
    name: environment.name,
    account: clients.account,
    roles,
    ...(oidcProvider ? { oidcProvider } : {}),
  };
}
