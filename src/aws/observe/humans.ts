// The config's humans as IAM users: each one GetUser, since a trust or group naming a user that does
// not exist is refused by IAM halfway through an apply. Data-shaped (name, status) so a batched read
// (e.g. GetAccountAuthorizationDetails) can produce the same answer.
import * as IAM from '@aws-sdk/client-iam';
import type { ObservedHuman } from '../../model/observed.ts';
import { NO_SUCH_ENTITY, type Reader } from './read.ts';

export async function observeHumans(reader: Reader, names: readonly string[]): Promise<ObservedHuman[]> {
  return Promise.all(
    names.map(async (UserName) => {
      const found = await reader.read((c) => c.iam.send(new IAM.GetUserCommand({ UserName })), NO_SUCH_ENTITY);
      return { name: UserName, status: found ? ('present' as const) : ('absent' as const) };
    }),
  );
}
