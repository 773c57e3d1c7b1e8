// The s3 backend arguments for a target, shared by backend.tf and Terragrunt's remote_state config.
// No credentials, profile or role_arn: the backend takes the role's session from the environment
// (aws-vault exec locally, configure-aws-credentials in CI).
import { LOCK_TABLE } from '../names/naming.ts';
import { attr, type HclItem, type HclValue } from './hcl.ts';
import type { BackendTarget } from './target.ts';

export function backendAttributes(target: BackendTarget, key: HclValue = target.key): HclItem[] {
  const items: HclItem[] = [
    attr('bucket', target.bucket),
    attr('key', key),
    attr('region', target.region),
    attr('encrypt', true),
  ];
  if (target.encryption.type === 'sse-kms') items.push(attr('kms_key_id', target.encryption.kmsKeyArn));
  if (target.workspaceKeyPrefix !== undefined) items.push(attr('workspace_key_prefix', target.workspaceKeyPrefix));
  if (target.locking !== 'dynamodb') items.push(attr('use_lockfile', true));
  if (target.locking !== 'lockfile') items.push(attr('dynamodb_table', LOCK_TABLE));
  return items;
}
