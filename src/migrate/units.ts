// One unit per state to move: the request's default-workspace state, plus one per named workspace found
// under the source's `env:/`. The destination is the project's backend as `scaffold` writes it, so the block
// the repo switches to points exactly where the state was put.
import { DEFAULT_WORKSPACE, stateObjectKey } from '../backend/keys.ts';
import type { BackendTarget } from '../backend/types.ts';
import { findProject } from '../config/find-project.ts';
import type { Config } from '../config/types.ts';
import { DEFAULT_WORKSPACE_KEY_PREFIX } from '../names/naming.ts';
import { backendTarget } from '../scaffold/target.ts';
import { projectTarget } from '../state/target.ts';
import type { MigrationUnit } from './plan.ts';
import { describeSource, type MigrationRequest } from './request.ts';

/** The source backend of an S3 request: its lock file always, its DynamoDB item too when it has a table. */
export function sourceTarget(request: MigrationRequest, workspace: string): BackendTarget | undefined {
  if (request.from.kind !== 's3') return undefined;
  return {
    bucket: request.from.bucket,
    key: request.from.key,
    region: '',
    account: '',
    workspace,
    workspaceKeyPrefix: DEFAULT_WORKSPACE_KEY_PREFIX,
    locking: request.fromLockTable ? 'both' : 'lockfile',
    ...(request.fromLockTable ? { lockTable: request.fromLockTable } : {}),
  };
}

/** `workspaces` are the named workspaces found at the source (empty unless the request asks for them). */
export function unitsOf(request: MigrationRequest, config: Config, workspaces: string[]): MigrationUnit[] {
  const project = findProject(config, request.to);
  const { key } = backendTarget(config, project).target;
  return [DEFAULT_WORKSPACE, ...workspaces].map((workspace) => {
    const source = sourceTarget(request, workspace);
    return {
      request,
      workspace,
      sourceLabel: source ? `s3://${source.bucket}/${stateObjectKey(source)}` : describeSource(request.from),
      ...(source ? { source } : {}),
      destination: projectTarget(config, project, { key, workspace }),
    };
  });
}

/** The workspace of an object key under `env:/<workspace>/<key>`, or undefined for any other key. */
export function workspaceOfKey(objectKey: string, key: string): string | undefined {
  const prefix = `${DEFAULT_WORKSPACE_KEY_PREFIX}/`;
  const suffix = `/${key}`;
  if (!objectKey.startsWith(prefix) || !objectKey.endsWith(suffix)) return undefined;
  const workspace = objectKey.slice(prefix.length, objectKey.length - suffix.length);
  return workspace === '' || workspace.includes('/') ? undefined : workspace;
}
