// destroy in the environment accounts (seed 002): the project's deploy role in every environment account of the
// config, found and removed through each account's management role. Every account is looked at, not only those
// the project lists, since a project removed from the config no longer says where it deployed.
import * as IAM from '@aws-sdk/client-iam';
import type { Config } from '../../config/types.ts';
import { planRoleName, roleName } from '../../names/naming.ts';
import type { AwsClients } from '../clients.ts';
import { openConfigEnvironments } from '../environments.ts';
import { createLimiter } from '../limit.ts';
import { createReader, NO_SUCH_ENTITY } from '../observe/read.ts';
import { removeRole } from './remove.ts';

export interface EnvironmentRoleFootprint {
  environment: string;
  account: string;
  role: string;
  present: boolean;
}

export async function inspectEnvironmentRoles(
  config: Config,
  project: string,
  admin: AwsClients,
): Promise<EnvironmentRoleFootprint[]> {
  const environments = config.environments ?? [];
  if (environments.length === 0) return [];
  const opened = await openConfigEnvironments(config, admin);
  // The deploy role and the plan role's counterpart, in every environment account.
  const names = [roleName(project), planRoleName(project)];
  const found = await Promise.all(
    environments.flatMap((e) =>
      names.map(async (RoleName) => {
        const reader = createReader(opened.get(e.account)!, createLimiter(1));
        const role = await reader.read((c) => c.iam.send(new IAM.GetRoleCommand({ RoleName })), NO_SUCH_ENTITY);
        return { environment: e.name, account: e.account, role: RoleName, present: role !== undefined };
      }),
    ),
  );
  return found;
}

/** Removes each deploy role found; the accounts in parallel. */
export async function removeEnvironmentRoles(roles: EnvironmentRoleFootprint[], admin: AwsClients): Promise<void> {
  await Promise.all(roles.filter((r) => r.present).map((r) => removeRole(r.role, admin.environments!.get(r.account)!)));
}
