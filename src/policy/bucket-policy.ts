// The statements stateward owns in a state bucket's policy (Sid prefix "Stateward"). Anyone else's
// statements in the live policy are kept; the planner merges by Sid.
import type { Config, ProjectConfig } from '../config/types.ts';
import type { PolicyDocument, Statement } from '../iam/document.ts';
import { BOOTSTRAP_PREFIX, bucketArn, bucketName, LOCKFILE_SUFFIX, roleArn } from '../names/naming.ts';
import { notManagers } from './managers.ts';
import { planRoleArnOf, projectRoleArns } from './roles.ts';
import { single } from './statement.ts';

export const STATEWARD_SID_PREFIX = 'Stateward';
export const BUCKET_SIDS = {
  tls: 'StatewardDenyInsecureTransport',
  fenceObjects: 'StatewardFenceStateObjects',
  fenceListing: 'StatewardFenceListing',
  fenceReaders: 'StatewardFenceReadersReadOnly',
  fenceManagement: 'StatewardFenceBucketManagement',
  fencePlanRole: 'StatewardFencePlanRoleObjects',
  fencePlanRoleWrites: 'StatewardFencePlanRoleLockFilesOnly',
  bootstrap: 'StatewardReserveBootstrap',
} as const;

const LIST_ACTIONS = ['s3:ListBucket', 's3:ListBucketMultipartUploads', 's3:ListBucketVersions'];
/** Reads of a bucket's settings; anything else on the bucket ARN changes or deletes the store. */
const BUCKET_READ_ACTIONS = ['s3:Get*', 's3:List*'];

export function buildBucketPolicy(project: ProjectConfig, config: Config): PolicyDocument {
  const bucket = bucketArn(bucketName(project.name, config.account));
  const statements: Statement[] = [
    deny(BUCKET_SIDS.tls, 's3:*', [bucket, `${bucket}/*`], { Bool: { 'aws:SecureTransport': 'false' } }),
  ];
  if (project.fence) statements.push(...fenceStatements(project, config, bucket));
  return { Version: '2012-10-17', Statement: statements };
}

/** Roles of the projects that list this one in `reads`: their plan roles read remote state as their plans do. */
export function readerRoleArns(project: ProjectConfig, config: Config): string[] {
  return config.projects.filter((p) => p.reads.includes(project.name)).flatMap((p) => projectRoleArns(p, config));
}

/**
 * The fence holds even when a project role carries broad infrastructure permissions (s3:* on *):
 * an explicit deny in the bucket policy beats any allow. Objects and listings are fenced per party;
 * every bucket-level action that is not a read (policy, lifecycle, versioning, encryption, deletion...)
 * is left to the managers, so no project role can weaken or destroy a state store.
 */
function fenceStatements(project: ProjectConfig, config: Config, bucket: string): Statement[] {
  const own = roleArn(config.account, project.name);
  const plan = planRoleArnOf(project, config);
  const readers = readerRoleArns(project, config);
  const admins = config.admins;
  const permitted = [own, ...(plan ? [plan] : []), ...readers, ...admins];
  const statements: Statement[] = [
    deny(BUCKET_SIDS.fenceObjects, 's3:*', [`${bucket}/*`], principalNotIn(permitted)),
    deny(BUCKET_SIDS.fenceListing, LIST_ACTIONS, [bucket], principalNotIn(permitted)),
    {
      Sid: BUCKET_SIDS.fenceManagement,
      Effect: 'Deny',
      Principal: '*',
      NotAction: single(BUCKET_READ_ACTIONS),
      Resource: bucket,
      Condition: notManagers(config),
    },
  ];
  if (readers.length > 0) {
    statements.push({
      Sid: BUCKET_SIDS.fenceReaders,
      Effect: 'Deny',
      Principal: '*',
      NotAction: 's3:GetObject',
      Resource: `${bucket}/*`,
      Condition: { ArnLike: { 'aws:PrincipalArn': single(readers) } },
    });
  }
  if (plan) statements.push(...planRoleStatements(project, bucket, plan));
  // With no admins configured, only the account root may touch _bootstrap/ (break-glass).
  const bootstrapAdmins = admins.length > 0 ? admins : [`arn:aws:iam::${config.account}:root`];
  statements.push(
    deny(BUCKET_SIDS.bootstrap, 's3:*', [`${bucket}/${BOOTSTRAP_PREFIX}*`], principalNotIn(bootstrapAdmins)),
  );
  return statements;
}

/**
 * The plan role is inside the fence at plan level only: it reads objects and, with S3 locking, writes and
 * deletes lock files (`terraform plan` takes the lock), and nothing else, whatever its identity policies say.
 */
function planRoleStatements(project: ProjectConfig, bucket: string, plan: string): Statement[] {
  const lockFiles = project.locking !== 'dynamodb';
  const isPlan = { ArnLike: { 'aws:PrincipalArn': plan } };
  const statements: Statement[] = [
    {
      Sid: BUCKET_SIDS.fencePlanRole,
      Effect: 'Deny',
      Principal: '*',
      NotAction: single(lockFiles ? ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'] : ['s3:GetObject']),
      Resource: `${bucket}/*`,
      Condition: isPlan,
    },
  ];
  if (lockFiles)
    statements.push({
      Sid: BUCKET_SIDS.fencePlanRoleWrites,
      Effect: 'Deny',
      Principal: '*',
      Action: ['s3:DeleteObject', 's3:PutObject'],
      NotResource: `${bucket}/*${LOCKFILE_SUFFIX}`,
      Condition: isPlan,
    });
  return statements;
}

function deny(
  sid: string,
  actions: string | string[],
  resources: string[],
  condition: Statement['Condition'],
): Statement {
  return {
    Sid: sid,
    Effect: 'Deny',
    Principal: '*',
    Action: typeof actions === 'string' ? actions : single(actions),
    Resource: single(resources),
    Condition: condition,
  };
}

const principalNotIn = (arns: string[]) => ({ ArnNotLike: { 'aws:PrincipalArn': single(arns) } });
