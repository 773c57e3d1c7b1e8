// Who may run each day-2 command. The bucket fence (bucket-policy statements whose Sid starts with
// StatewardFence) lets only tf-<project>, its readers and the config's `admins` touch state objects, and
// tf-<project>'s own policy holds only what terraform needs: no version listing or versioned reads.
import { LOCK_TABLE, roleName } from '../names/naming.ts';

export type StateCommand = 'locks' | 'unlock' | 'history' | 'diff' | 'restore' | 'migrate' | 'apply';

export const FENCE_SID_PREFIX = 'StatewardFence';

export interface CommandNeeds {
  /** Who passes the fence and holds the IAM actions. */
  principal: string;
  actions: string[];
  /** Whether tf-<project>'s own policy (terraform's needs) is enough. */
  projectRoleSuffices: boolean;
}

export function commandNeeds(command: StateCommand, project?: string): CommandNeeds {
  const role = project ? roleName(project) : 'tf-<project>';
  const admin = 'an IAM principal listed in `admins` of stateward.yaml';
  const versions = ['s3:ListBucketVersions (bucket)', 's3:GetObjectVersion (state key)'];
  switch (command) {
    case 'locks':
      return {
        principal: project ? `${role} or ${admin}` : `${admin} (every project's bucket)`,
        actions: [
          's3:ListBucket (bucket)',
          's3:GetObject (*.tflock)',
          `dynamodb:Scan on ${LOCK_TABLE}, else dynamodb:GetItem per lock item`,
        ],
        projectRoleSuffices: project !== undefined,
      };
    case 'unlock':
      return {
        principal: `${role} or ${admin}`,
        actions: [
          's3:GetObject + s3:DeleteObject (<key>.tflock)',
          'dynamodb:GetItem + dynamodb:DeleteItem (lock item)',
        ],
        projectRoleSuffices: true,
      };
    case 'history':
    case 'diff':
      return { principal: admin, actions: versions, projectRoleSuffices: false };
    case 'restore':
      return {
        principal: admin,
        actions: [
          ...versions,
          's3:PutObject (state key and <key>.tflock)',
          's3:GetObject + s3:DeleteObject (<key>.tflock)',
          'dynamodb:PutItem, GetItem, DeleteItem (lock and -md5 items)',
        ],
        projectRoleSuffices: false,
      };
    case 'apply':
      return {
        principal: admin,
        actions: [
          's3:ListBucket, s3:GetObject (states, <key>.tflock)',
          's3:PutObject + s3:DeleteObject (<key>.tflock)',
          `dynamodb:GetItem, PutItem, DeleteItem on ${LOCK_TABLE} (lock and -md5 items)`,
        ],
        projectRoleSuffices: false,
      };
    case 'migrate':
      return {
        principal: `${admin} (or ${role}), that can also read the source bucket and lock table`,
        actions: [
          's3:GetObject (source state, destination state)',
          's3:ListBucket (source bucket, for --workspaces)',
          's3:PutObject (destination state; <key>.tflock at source and destination)',
          's3:DeleteObject (<key>.tflock)',
          'dynamodb:GetItem, PutItem, DeleteItem (lock and -md5 items, source and destination tables)',
        ],
        projectRoleSuffices: true,
      };
  }
}

/** One line for help texts and messages. */
export function describeNeeds(command: StateCommand, project?: string): string {
  const needs = commandNeeds(command, project);
  return `needs ${needs.principal}, with ${needs.actions.join(', ')}`;
}
