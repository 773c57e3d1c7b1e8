// The minimal permissions per operation class, read off the recorded Terraform traffic
// (test/backend/reference/, written by scripts/record-terraform-reference.ts): every request the class's
// commands sent, as one grant each, with the recorded names replaced by placeholders. A grant is what IAM
// must allow for that request: its action, its resource and the condition values it carries.
import { type Reference, type ReferenceRequest, reference } from '../backend/reference.ts';

type Condition = Record<string, Record<string, string | string[]>>;

export interface ReferencePermission {
  iamAction: string;
  resource: string;
  condition?: Condition;
}

export type ReferenceClass = 'read' | 'plan' | 'apply' | 'workspaceManagement' | 'forceUnlock';
export type ReferenceMode = 'lockfile' | 'dynamodb' | 'both';

const READ = ['init_fresh_empty', 'output', 'state_pull', 'state_list', 'plan_lock_false', 'remote_state_default'];
const PLAN = [...READ, 'plan_no_state', 'plan'];
const APPLY = [...PLAN, 'apply_create', 'apply_update', 'state_push'];
/** Commands of each class; each class includes the one before it (read ⊂ plan ⊂ apply). */
export const CLASS_COMMANDS: Record<ReferenceClass, string[]> = {
  read: READ,
  plan: PLAN,
  apply: APPLY,
  workspaceManagement: [
    'workspace_new',
    'workspace_new_Y',
    'plan_in_workspace_X',
    'apply_in_workspace_X',
    'workspace_delete_force',
    'workspace_delete_empty',
  ],
  forceUnlock: ['force_unlock'],
};

export function referenceMinimalPermissions(): Record<ReferenceMode, Record<ReferenceClass, ReferencePermission[]>> {
  const modes = ['lockfile', 'dynamodb', 'both'] as const;
  return Object.fromEntries(
    modes.map((mode) => [
      mode,
      Object.fromEntries(
        Object.entries(CLASS_COMMANDS).map(([name, commands]) => [name, permissionsOf(reference(), mode, commands)]),
      ),
    ]),
  ) as Record<ReferenceMode, Record<ReferenceClass, ReferencePermission[]>>;
}

function permissionsOf(ref: Reference, mode: ReferenceMode, commands: string[]): ReferencePermission[] {
  const seen = new Map<string, ReferencePermission>();
  for (const command of commands) {
    const recorded = ref.modes[mode]?.commands[command] ?? fail(`the reference has no ${mode}/${command}`);
    for (const request of recorded.requests) {
      const permission = permissionOf(ref, request);
      seen.set(JSON.stringify(permission), permission);
    }
  }
  return [...seen.values()];
}

function permissionOf(ref: Reference, request: ReferenceRequest): ReferencePermission {
  const { bucket, key, region, accountPlaceholder, dynamodbTable } = ref.meta;
  const tableArn = `arn:aws:dynamodb:${region}:${accountPlaceholder}:table/${dynamodbTable}`;
  // Workspace keys are `env:/<name>/<key>`; every workspace the commands used stands for all of them.
  const template = (text: string) =>
    text
      .replace(new RegExp(`env:/[^/]+/${escapeRegExp(key)}`), '${workspace_key_prefix}/*/${key}')
      .replace(key, '${key}')
      .replace(`arn:aws:s3:::${bucket}`, 'arn:aws:s3:::${bucket}')
      .replace(new RegExp(`^${escapeRegExp(bucket)}/`), '${bucket}/');
  const resource = request.resource === tableArn ? '${lock_table_arn}' : template(request.resource);
  const context = request.condition ?? {};
  const condition: Condition = {};
  // s3:max-keys is a page size, not a boundary of what may be read: no grant conditions on it.
  if (typeof context['s3:prefix'] === 'string')
    condition.StringEquals = { 's3:prefix': context['s3:prefix'].replace(/^env:\//, '${workspace_key_prefix}/') };
  if (typeof context['s3:if-none-match'] === 'string')
    condition.StringEquals = { ...condition.StringEquals, 's3:if-none-match': context['s3:if-none-match'] };
  const leadingKeys = context['dynamodb:LeadingKeys'];
  if (Array.isArray(leadingKeys)) {
    const keys: Record<string, string[]> = { 'dynamodb:LeadingKeys': leadingKeys.map(template) };
    const attributes = context['dynamodb:Attributes'];
    if (Array.isArray(attributes)) keys['dynamodb:Attributes'] = attributes;
    condition['ForAllValues:StringEquals'] = keys;
  }
  const permission: ReferencePermission = { iamAction: request.iamAction, resource };
  if (Object.keys(condition).length > 0) permission.condition = condition;
  return permission;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function fail(message: string): never {
  throw new Error(message);
}
