// Who the credentials are. Plan (online), apply and destroy act only when that account is the config's:
// a profile of the wrong account must never create or change anything.
import { GetRoleCommand } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { StatewardError } from '../errors.ts';
import type { AwsClients } from './clients.ts';
import { translateAwsError } from './errors.ts';

export interface CallerIdentity {
  account: string;
  arn: string;
  userId: string;
}

export async function callerIdentity(clients: AwsClients): Promise<CallerIdentity> {
  try {
    const result = await clients.sts.send(new GetCallerIdentityCommand({}));
    return { account: result.Account ?? '', arn: result.Arn ?? '', userId: result.UserId ?? '' };
  } catch (error) {
    throw translateAwsError(error, clients);
  }
}

export function assertConfigAccount(identity: CallerIdentity, configAccount: string, configFile: string): void {
  if (identity.account === configAccount) return;
  throw new StatewardError(
    'AWS_WRONG_ACCOUNT',
    `The credentials are for account ${identity.account} (${identity.arn}), but ${configFile} is for account ${configAccount}; nothing was read or changed.`,
    `Use credentials of account ${configAccount} (e.g. --profile NAME or AWS_PROFILE), or correct "account" in ${configFile} if it is wrong.`,
  );
}

/** The caller's identity, refused unless it is in the config's account. */
export async function requireConfigAccount(clients: AwsClients, configFile: string): Promise<CallerIdentity> {
  const identity = await callerIdentity(clients);
  assertConfigAccount(identity, clients.account, configFile);
  return identity;
}

/**
 * aws:PrincipalArn of the caller, as the fences match it: for a role session the role's ARN with its
 * path (SSO roles live under aws-reserved/sso.amazonaws.com/), which GetCallerIdentity does not show,
 * so the role is read; a user or the root as they are.
 */
export async function callerPrincipalArn(clients: AwsClients, identity: CallerIdentity): Promise<string> {
  const session = /^arn:(aws[\w-]*):sts::(\d{12}):assumed-role\/([^/]+)\//.exec(identity.arn);
  if (!session) return identity.arn.replace(/^arn:(aws[\w-]*):sts::(\d{12}):user\//, 'arn:$1:iam::$2:user/');
  try {
    const { Role } = await clients.iam.send(new GetRoleCommand({ RoleName: session[3] }));
    return Role?.Arn ?? `arn:${session[1]}:iam::${session[2]}:role/${session[3]}`;
  } catch (error) {
    throw translateAwsError(error, clients);
  }
}
