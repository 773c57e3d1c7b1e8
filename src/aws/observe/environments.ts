// The environment accounts' part of the snapshot (seed 002): per account, through its management role, each
// project's deploy role and, when a deploy role trusts GitHub there, the account's OIDC provider.
import type { ObservedEnvironment } from '../../model/observed.ts';
import type { DesiredEnvironment } from '../../model/types.ts';
import type { AwsClients } from '../clients.ts';
import { createLimiter } from '../limit.ts';
import { observeOidcProvider } from './oidc-provider.ts';
import { createReader } from './read.ts';
import { observeRole } from './role.ts';

/** `clients`: the account's own (src/aws/environments.ts), whose account was checked when they were opened. */
export async function observeEnvironment(
  environment: DesiredEnvironment,
  clients: AwsClients,
  concurrency: number,
): Promise<ObservedEnvironment> {
  const reader = createReader(clients, createLimiter(concurrency));
  const [roles, oidcProvider] = await Promise.all([
    Promise.all(
      environment.roles.map(async (r) => ({ project: r.project, role: await observeRole(reader, r.role.name) })),
    ),
    environment.oidcProvider ? observeOidcProvider(reader, environment.oidcProvider) : Promise.resolve(undefined),
  ]);
  return {
    name: environment.name,
    account: clients.account,
    roles,
    ...(oidcProvider ? { oidcProvider } : {}),
  };
}
