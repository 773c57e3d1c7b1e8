// The environment accounts (seed 002): the caller's credentials in the administrative account assume each
// account's management role; every client of that account uses the role's credentials, renewed before they
// expire. Each account is checked to be the configured one, and a refusal names the account and the role.
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import type { Config } from '../config/types.ts';
import { StatewardError } from '../errors.ts';
import type { DesiredEnvironment } from '../model/types.ts';
import { managementRoleArn } from '../names/environments.ts';
import { type AwsClients, createAwsClients } from './clients.ts';
import { isAwsError, translateAwsError } from './errors.ts';

const SESSION_NAME = 'stateward';
/** Renew a session this long before it expires, so no call runs on credentials about to lapse. */
const RENEW_BEFORE_MS = 5 * 60_000;

/** What opening an environment account takes: where it is and the role stateward manages it through. */
export type EnvironmentAccess = Pick<DesiredEnvironment, 'name' | 'account' | 'managementRoleArn'>;

/** Every environment account of the config, for commands that read them without a desired state (audit, destroy). */
export function openConfigEnvironments(config: Config, admin: AwsClients): Promise<Map<string, AwsClients>> {
  return openEnvironments(
    (config.environments ?? []).map((e) => ({
      name: e.name,
      account: e.account,
      managementRoleArn: managementRoleArn(e.account, e.managementRole),
    })),
    admin,
  );
}

/** Opens every environment account's clients (in parallel) and keeps them on `admin.environments`. */
export async function openEnvironments(
  environments: readonly EnvironmentAccess[],
  admin: AwsClients,
): Promise<Map<string, AwsClients>> {
  const opened = await Promise.all(
    environments.map(async (e) => [e.account, await openEnvironment(e, admin)] as const),
  );
  admin.environments = new Map(opened);
  return admin.environments;
}

async function openEnvironment(environment: EnvironmentAccess, admin: AwsClients): Promise<AwsClients> {
  const credentials = assumedCredentials(environment, admin);
  // The first AssumeRole happens here, so a refusal is reported before anything is read or written.
  await credentials();
  const clients = createAwsClients({
    account: environment.account,
    region: admin.region,
    ...(admin.endpoint ? { endpointUrl: admin.endpoint } : {}),
    credentials,
    stats: admin.stats,
  });
  let identity: string | undefined;
  try {
    identity = (await clients.sts.send(new GetCallerIdentityCommand({}))).Account;
  } catch (error) {
    throw translateAwsError(error, clients);
  }
  if (identity !== environment.account)
    throw new StatewardError(
      'AWS_WRONG_ACCOUNT',
      `The management role ${environment.managementRoleArn} of environment "${environment.name}" gave credentials for account ${identity}, not ${environment.account}; nothing was read or changed.`,
      `Correct the account of environment "${environment.name}" in the config, or its managementRole.`,
    );
  return clients;
}

function assumedCredentials(environment: EnvironmentAccess, admin: AwsClients): AwsCredentialIdentityProvider {
  let session: Promise<AwsCredentialIdentity> | undefined;
  const fresh = (c: AwsCredentialIdentity) => !c.expiration || c.expiration.getTime() - Date.now() > RENEW_BEFORE_MS;
  return async () => {
    const current = session ? await session.catch(() => undefined) : undefined;
    if (current && fresh(current)) return current;
    session = assume(environment, admin);
    return session;
  };
}

async function assume(environment: EnvironmentAccess, admin: AwsClients): Promise<AwsCredentialIdentity> {
  try {
    const { Credentials } = await admin.sts.send(
      new AssumeRoleCommand({ RoleArn: environment.managementRoleArn, RoleSessionName: SESSION_NAME }),
    );
    if (!Credentials?.AccessKeyId || !Credentials.SecretAccessKey)
      throw new Error('AssumeRole returned no credentials');
    return {
      accessKeyId: Credentials.AccessKeyId,
      secretAccessKey: Credentials.SecretAccessKey,
      ...(Credentials.SessionToken ? { sessionToken: Credentials.SessionToken } : {}),
      ...(Credentials.Expiration ? { expiration: Credentials.Expiration } : {}),
    };
  } catch (error) {
    if (!isAwsError(error, 'AccessDenied', 'AccessDeniedException', 'NoSuchEntity', 'ValidationError', 'Error'))
      throw translateAwsError(error, admin);
    const reason = (error as Error).message;
    throw new StatewardError(
      'AWS_ENVIRONMENT_ASSUME_FAILED',
      `Cannot assume ${environment.managementRoleArn} to manage environment "${environment.name}" (account ${environment.account}) from the administrative account ${admin.account}: ${reason}. Nothing was read or changed.`,
      `Make sure role ${environment.managementRoleArn.split('/').pop()} exists in account ${environment.account} and trusts account ${admin.account}, and that your credentials may call sts:AssumeRole on it; or set environments.${environment.name}.managementRole to the role that does.`,
      { cause: error },
    );
  }
}
