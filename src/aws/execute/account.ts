// Changes to the account's shared resources: the GitHub OIDC provider, the operators' group and its
// policy. "Already exists" on a create means another apply was first; the desired settings are then
// written onto what is there.
import * as IAM from '@aws-sdk/client-iam';
import type { PolicyDocument } from '../../iam/document.ts';
import type { Tags } from '../../model/types.ts';
import { oidcProviderArn } from '../../names/naming.ts';
import type { Change, GroupPolicyAttachment, GroupPolicyCreate, OidcProviderCreate } from '../../plan/change.ts';
import type { AwsClients } from '../clients.ts';
import { unknownSetting } from './bucket.ts';
import { writePolicyVersion } from './policy-version.ts';
import { ENTITY_EXISTS, NO_SUCH_ENTITY, send, wasTolerated } from './send.ts';
import { removedTagKeys, tagList } from './tags.ts';

export async function executeOidcProviderChange(change: Change, clients: AwsClients): Promise<void> {
  const arn = oidcProviderArn(clients.account);
  if (change.setting === 'resource') return createOidcProvider(change.new as OidcProviderCreate, clients);
  if (change.setting === 'clientIds')
    return addClientIds(arn, (change.old ?? []) as string[], change.new as string[], clients);
  if (change.setting === 'tags') {
    const removed = removedTagKeys(change.old, change.new as Tags);
    if (removed.length > 0)
      await send(clients, (c) =>
        c.iam.send(new IAM.UntagOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, TagKeys: removed })),
      );
    const Tags = tagList(change.new as Tags);
    if (Tags.length > 0)
      await send(clients, (c) =>
        c.iam.send(new IAM.TagOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, Tags })),
      );
    return;
  }
  throw unknownSetting(change);
}

async function createOidcProvider(provider: OidcProviderCreate, clients: AwsClients): Promise<void> {
  const created = await send(
    clients,
    (c) =>
      c.iam.send(
        new IAM.CreateOpenIDConnectProviderCommand({
          Url: provider.url,
          ClientIDList: provider.clientIds,
          Tags: tagList(provider.tags),
        }),
      ),
    ENTITY_EXISTS,
  );
  if (!wasTolerated(created)) return;
  const live = await send(clients, (c) =>
    c.iam.send(new IAM.GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: provider.arn })),
  );
  await addClientIds(provider.arn, wasTolerated(live) ? [] : (live.ClientIDList ?? []), provider.clientIds, clients);
  const Tags = tagList(provider.tags);
  if (Tags.length > 0)
    await send(clients, (c) =>
      c.iam.send(new IAM.TagOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: provider.arn, Tags })),
    );
}

/** Client ids are only ever added: other teams' audiences on the shared provider stay. */
async function addClientIds(
  OpenIDConnectProviderArn: string,
  old: string[],
  next: string[],
  clients: AwsClients,
): Promise<void> {
  for (const ClientID of next.filter((id) => !old.includes(id))) {
    await send(clients, (c) =>
      c.iam.send(new IAM.AddClientIDToOpenIDConnectProviderCommand({ OpenIDConnectProviderArn, ClientID })),
    );
  }
}

export async function executeGroupChange(change: Change, clients: AwsClients): Promise<void> {
  const GroupName = change.resourceName;
  if (change.setting === 'resource') {
    await send(clients, (c) => c.iam.send(new IAM.CreateGroupCommand({ GroupName })), ENTITY_EXISTS);
    return;
  }
  if (change.setting === 'member' && change.action === 'add-member') {
    await send(clients, (c) =>
      c.iam.send(new IAM.AddUserToGroupCommand({ GroupName, UserName: change.new as string })),
    );
    return;
  }
  if (change.setting === 'member' && change.action === 'remove-member') {
    await send(
      clients,
      (c) => c.iam.send(new IAM.RemoveUserFromGroupCommand({ GroupName, UserName: change.old as string })),
      NO_SUCH_ENTITY,
    );
    return;
  }
  if (change.setting === 'inlinePolicy' && change.action === 'delete') {
    await send(
      clients,
      (c) => c.iam.send(new IAM.DeleteGroupPolicyCommand({ GroupName, PolicyName: change.key })),
      NO_SUCH_ENTITY,
    );
    return;
  }
  if (change.setting === 'managedPolicy' && change.action === 'detach') {
    await send(
      clients,
      (c) => c.iam.send(new IAM.DetachGroupPolicyCommand({ GroupName, PolicyArn: change.old as string })),
      NO_SUCH_ENTITY,
    );
    return;
  }
  throw unknownSetting(change);
}

export async function executeGroupPolicyChange(change: Change, clients: AwsClients): Promise<void> {
  const arn = `arn:aws:iam::${clients.account}:policy/${change.resourceName}`;
  switch (change.setting) {
    case 'resource':
      return createGroupPolicy(change.new as GroupPolicyCreate, clients);
    case 'document':
      return writePolicyVersion(arn, change.new as PolicyDocument, clients);
    case 'attachment': {
      const { groupName, policyArn } = change.new as GroupPolicyAttachment;
      await send(clients, (c) =>
        c.iam.send(new IAM.AttachGroupPolicyCommand({ GroupName: groupName, PolicyArn: policyArn })),
      );
      return;
    }
    case 'tags': {
      const removed = removedTagKeys(change.old, change.new as Tags);
      if (removed.length > 0)
        await send(clients, (c) => c.iam.send(new IAM.UntagPolicyCommand({ PolicyArn: arn, TagKeys: removed })));
      const Tags = tagList(change.new as Tags);
      if (Tags.length > 0) await send(clients, (c) => c.iam.send(new IAM.TagPolicyCommand({ PolicyArn: arn, Tags })));
      return;
    }
    default:
      throw unknownSetting(change);
  }
}

async function createGroupPolicy(policy: GroupPolicyCreate, clients: AwsClients): Promise<void> {
  const created = await send(
    clients,
    (c) =>
      c.iam.send(
        new IAM.CreatePolicyCommand({
          PolicyName: policy.name,
          PolicyDocument: JSON.stringify(policy.document),
          Tags: tagList(policy.tags),
        }),
      ),
    ENTITY_EXISTS,
  );
  if (!wasTolerated(created)) return;
  await writePolicyVersion(policy.arn, policy.document, clients);
  const Tags = tagList(policy.tags);
  if (Tags.length > 0)
    await send(clients, (c) => c.iam.send(new IAM.TagPolicyCommand({ PolicyArn: policy.arn, Tags })));
}
