// Changes to a project role. CreateRole carries trust, session length, boundary and tags at once, so a
// new role is never without its boundary; when another apply created it first, the same settings are
// written onto the existing role instead.
import * as IAM from '@aws-sdk/client-iam';
import { StatewardError } from '../../errors.ts';
import type { PolicyDocument } from '../../iam/document.ts';
import type { Tags } from '../../model/types.ts';
import type { Change, RoleCreate } from '../../plan/change.ts';
import type { AwsClients } from '../clients.ts';
import { unknownSetting } from './bucket.ts';
import { ENTITY_EXISTS, NO_SUCH_ENTITY, send, waitUntilTrue, wasTolerated } from './send.ts';
import { removedTagKeys, tagList } from './tags.ts';

/** IAM is eventually consistent: a new role can take seconds to be readable everywhere. */
const ROLE_VISIBLE_MS = 30_000;

export async function executeRoleChange(change: Change, clients: AwsClients): Promise<void> {
  const RoleName = change.resourceName;
  const write = async (call: (c: AwsClients) => Promise<unknown>) => void (await send(clients, call));
  switch (change.setting) {
    case 'resource':
      return createRole(change.new as RoleCreate, clients);
    case 'trust':
      return write((c) =>
        c.iam.send(
          new IAM.UpdateAssumeRolePolicyCommand({
            RoleName,
            PolicyDocument: JSON.stringify(change.new as PolicyDocument),
          }),
        ),
      );
    case 'inlinePolicy':
      if (change.action === 'delete')
        return void (await send(
          clients,
          (c) => c.iam.send(new IAM.DeleteRolePolicyCommand({ RoleName, PolicyName: change.key })),
          NO_SUCH_ENTITY,
        ));
      return write((c) =>
        c.iam.send(
          new IAM.PutRolePolicyCommand({
            RoleName,
            PolicyName: change.key,
            PolicyDocument: JSON.stringify(change.new as PolicyDocument),
          }),
        ),
      );
    case 'managedPolicy':
      return change.action === 'attach'
        ? write((c) => c.iam.send(new IAM.AttachRolePolicyCommand({ RoleName, PolicyArn: change.new as string })))
        : void (await send(
            clients,
            (c) => c.iam.send(new IAM.DetachRolePolicyCommand({ RoleName, PolicyArn: change.old as string })),
            NO_SUCH_ENTITY,
          ));
    case 'permissionsBoundary':
      return setBoundary(RoleName, change.new as string | null, clients);
    case 'maxSessionDuration':
      return write((c) =>
        c.iam.send(new IAM.UpdateRoleCommand({ RoleName, MaxSessionDuration: change.new as number })),
      );
    case 'tags':
      return writeTags(RoleName, change.old, change.new as Tags, clients);
    default:
      throw unknownSetting(change);
  }
}

async function createRole(role: RoleCreate, clients: AwsClients): Promise<void> {
  const created = await send(
    clients,
    (c) =>
      c.iam.send(
        new IAM.CreateRoleCommand({
          RoleName: role.name,
          AssumeRolePolicyDocument: JSON.stringify(role.trust),
          MaxSessionDuration: role.maxSessionDuration,
          ...(role.permissionsBoundary ? { PermissionsBoundary: role.permissionsBoundary } : {}),
          Tags: tagList(role.tags),
        }),
      ),
    ENTITY_EXISTS,
  );
  if (wasTolerated(created)) await convergeExistingRole(role, clients);
  await waitForRole(role.name, clients);
}

async function convergeExistingRole(role: RoleCreate, clients: AwsClients): Promise<void> {
  const RoleName = role.name;
  await send(clients, (c) =>
    c.iam.send(new IAM.UpdateAssumeRolePolicyCommand({ RoleName, PolicyDocument: JSON.stringify(role.trust) })),
  );
  await send(clients, (c) =>
    c.iam.send(new IAM.UpdateRoleCommand({ RoleName, MaxSessionDuration: role.maxSessionDuration })),
  );
  await setBoundary(RoleName, role.permissionsBoundary, clients);
  await writeTags(RoleName, {}, role.tags, clients);
}

async function waitForRole(RoleName: string, clients: AwsClients): Promise<void> {
  await waitUntilTrue(
    async () =>
      !wasTolerated(await send(clients, (c) => c.iam.send(new IAM.GetRoleCommand({ RoleName })), NO_SUCH_ENTITY)),
    ROLE_VISIBLE_MS,
    () =>
      new StatewardError(
        'AWS_ROLE_NOT_VISIBLE',
        `IAM created role ${RoleName} but did not return it within ${ROLE_VISIBLE_MS / 1000} s.`,
        "Run `stateward apply` again in a minute; it continues with the role's policies.",
      ),
  );
}

async function setBoundary(RoleName: string, boundary: string | null, clients: AwsClients): Promise<void> {
  if (boundary)
    await send(clients, (c) =>
      c.iam.send(new IAM.PutRolePermissionsBoundaryCommand({ RoleName, PermissionsBoundary: boundary })),
    );
  else
    await send(clients, (c) => c.iam.send(new IAM.DeleteRolePermissionsBoundaryCommand({ RoleName })), NO_SUCH_ENTITY);
}

async function writeTags(RoleName: string, old: unknown, next: Tags, clients: AwsClients): Promise<void> {
  const removed = removedTagKeys(old, next);
  if (removed.length > 0)
    await send(clients, (c) => c.iam.send(new IAM.UntagRoleCommand({ RoleName, TagKeys: removed })));
  const Tags = tagList(next);
  if (Tags.length > 0) await send(clients, (c) => c.iam.send(new IAM.TagRoleCommand({ RoleName, Tags })));
}
