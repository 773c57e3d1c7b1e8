// The account's GitHub OIDC provider, addressed by its ARN (one per URL per account).
import * as IAM from '@aws-sdk/client-iam';
import type { ObservedAccountResources } from '../../model/observed.ts';
import type { DesiredOidcProvider } from '../../model/types.ts';
import { NO_SUCH_ENTITY, type Reader } from './read.ts';
import { tagMap } from './role.ts';

export async function observeOidcProvider(
  reader: Reader,
  desired: DesiredOidcProvider,
): Promise<ObservedAccountResources['oidcProvider']> {
  const OpenIDConnectProviderArn = desired.arn;
  const found = await reader.read(
    (c) => c.iam.send(new IAM.GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn })),
    NO_SUCH_ENTITY,
  );
  if (!found) return { status: 'absent' };
  return { status: 'present', clientIds: found.ClientIDList ?? [], tags: tagMap(found.Tags) };
}
