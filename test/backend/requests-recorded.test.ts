// requestsFor against Terraform's own recorded traffic: for the reference's bucket, key, table and prefix,
// the templated requests must be the recorded ones (each distinct request once, in first-sent order).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { requestsFor } from '../../src/backend/index.ts';
import type { BackendOperation } from '../../src/backend/types.ts';
import { recordedProjection, referenceTarget } from './reference.ts';

interface Case {
  operation: BackendOperation;
  command: string;
  workspace?: string;
  stateExists?: boolean;
}

const CASES: Case[] = [
  { operation: 'read', command: 'output' },
  { operation: 'read', command: 'state_pull' },
  { operation: 'read', command: 'remote_state_default' },
  { operation: 'read', command: 'remote_state_workspace_X', workspace: 'X' },
  { operation: 'read', command: 'init_fresh_empty', stateExists: false },
  // terraform_remote_state of a missing workspace creates it before reading it.
  { operation: 'read', command: 'remote_state_missing_workspace', workspace: 'ghost', stateExists: false },
  { operation: 'plan', command: 'plan' },
  { operation: 'plan', command: 'plan_in_workspace_X', workspace: 'X' },
  { operation: 'plan', command: 'plan_no_state', stateExists: false },
  { operation: 'apply', command: 'apply_update' },
  { operation: 'apply', command: 'state_push' },
  { operation: 'apply', command: 'apply_in_workspace_X', workspace: 'X' },
  { operation: 'apply', command: 'apply_create', stateExists: false },
  { operation: 'workspace-new', command: 'workspace_new', workspace: 'X' },
  { operation: 'workspace-new', command: 'workspace_new_Y', workspace: 'Y' },
  { operation: 'workspace-delete', command: 'workspace_delete_force', workspace: 'X' },
  { operation: 'workspace-delete', command: 'workspace_delete_empty', workspace: 'Y' },
  { operation: 'force-unlock', command: 'force_unlock' },
];

// The three lock modes, plus the reference's runs with a custom prefix, an empty prefix, SSE-S3 and SSE-KMS.
const MODES = [
  'lockfile',
  'dynamodb',
  'both',
  'lockfile_prefix',
  'lockfile_emptyprefix',
  'both_encrypt',
  'lockfile_kms',
];

for (const mode of MODES) {
  for (const c of CASES) {
    const name = `${mode}: ${c.operation}${c.workspace ? ` in ${c.workspace}` : ''}${c.stateExists === false ? ' (no state yet)' : ''} = recorded ${c.command}`;
    test(name, () => {
      const target = referenceTarget(mode, c.workspace);
      const computed = requestsFor(
        c.operation,
        target,
        c.stateExists === undefined ? {} : { stateExists: c.stateExists },
      )
        // KMS calls are made by S3, not by Terraform, so the recording cannot show them (checked in rules tests).
        .filter((r) => !r.action.startsWith('kms:'))
        .map(({ api, action, resource, context }) => ({ api, action, resource, context }));
      assert.deepEqual(computed, recordedProjection(mode, c.command));
    });
  }
}
