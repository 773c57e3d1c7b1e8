// The audit's view of the environment accounts (seed 002): each account's tf-* roles, read through its management
// role, so the deploy roles are judged where they live. Unreadable roles land in `errors` like the admin account's.
import type { AuditEnvironment } from '../../audit/snapshot.ts';
import type { Config } from '../../config/types.ts';
import type { AwsClients } from '../clients.ts';
import { openConfigEnvironments } from '../environments.ts';
import { createReader } from '../observe/read.ts';
import { serviceLimiters } from '../service-limits.ts';
import type { ErrorSink } from './capture.ts';
import { discoverRoles } from './roles.ts';

export async function discoverEnvironments(
  config: Config,
  admin: AwsClients,
  errors: ErrorSink,
): Promise<AuditEnvironment[]> {
  const environments = config.environments ?? [];
  if (environments.length === 0) return [];
  const opened = await openConfigEnvironments(config, admin);
  return Promise.all(
    environments.map(async (e) => {
      const reader = createReader(opened.get(e.account)!, serviceLimiters());
      return { name: e.name, account: e.account, roles: (await discoverRoles(reader, errors)).roles };
    }),
  );
}
