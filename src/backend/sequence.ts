// Which recorded Terraform commands make up one backend operation.
import { StatewardError } from '../errors.ts';
import { isDefaultWorkspace } from './keys.ts';
import type { RecordedCommand } from './recorded.ts';
import type { BackendOperation, BackendTarget } from './types.ts';

interface Variants {
  existing: RecordedCommand;
  /** The same command run against a key with no state object yet. */
  missing: RecordedCommand;
}

const STATE_COMMANDS: Record<'read' | 'plan' | 'apply', Variants> = {
  // `output`, `state pull` and terraform_remote_state send the same requests. A read of a missing state
  // was recorded as `init` on an empty bucket: the same List, Head (404) and digest check.
  read: { existing: 'output', missing: 'init_fresh_empty' },
  plan: { existing: 'plan', missing: 'plan_no_state' },
  apply: { existing: 'apply_update', missing: 'apply_create' },
};

export function recordedCommandsFor(
  operation: BackendOperation,
  target: BackendTarget,
  stateExists: boolean,
): RecordedCommand[] {
  switch (operation) {
    case 'read':
    case 'plan':
    case 'apply':
      return stateCommands(STATE_COMMANDS[operation], target, stateExists);
    case 'workspace-new':
      requireNamedWorkspace(operation, target);
      return ['workspace_new'];
    case 'workspace-delete':
      requireNamedWorkspace(operation, target);
      return ['workspace_delete_force'];
    case 'force-unlock':
      return ['force_unlock'];
  }
}

function stateCommands(variants: Variants, target: BackendTarget, stateExists: boolean): RecordedCommand[] {
  if (stateExists) return [variants.existing];
  if (isDefaultWorkspace(target)) return [variants.missing];
  // A named workspace exists only through its state object. When it is missing, Terraform's StateMgr
  // creates it first (lock, Head 404, write an empty state, unlock), then the command runs on it; the
  // reference recorded exactly this for terraform_remote_state of a missing workspace.
  return ['workspace_new', variants.existing];
}

function requireNamedWorkspace(operation: BackendOperation, target: BackendTarget): void {
  if (!isDefaultWorkspace(target)) return;
  throw new StatewardError(
    'BACKEND_DEFAULT_WORKSPACE',
    `${operation} needs a named workspace, but the target is in the default workspace`,
    'set `workspace` on the backend target: Terraform can neither create nor delete the default workspace',
  );
}
