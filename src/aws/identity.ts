// Who the credentials are. Plan (online), apply and destroy act only when that account is the config's:
// a profile of the wrong account must never create or change anything.
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
