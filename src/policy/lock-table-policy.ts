// The fence for the shared DynamoDB lock table (its resource-based policy): a project's lock and
// digest items (LockID "<its bucket>/...") are reachable only by its role, the admins, and, to read
// the digest, the roles that `reads` it. Like the bucket fence, an explicit deny here beats a broad
// identity policy (e.g. PowerUserAccess) on another project's role.
import type { Config, ProjectConfig } from '../config/types.ts';
import { StatewardError } from '../errors.ts';
import type { PolicyDocument, Statement } from '../iam/document.ts';
import { bucketName, DIGEST_SUFFIX, lockTableArn, PLAN_ROLE_SUFFIX, ROLE_PREFIX, roleArn } from '../names/naming.ts';
import { readerRoleArns } from './bucket-policy.ts';
import { notManagers } from './managers.ts';
import { sizeReport } from './quotas.ts';
import { hasPlanRole, planRoleArnOf } from './roles.ts';
import { LOCK_FENCE_SIDS, projectLockFenceSid, readersLockFenceSid } from './sids.ts';
import { single } from './statement.ts';
import { assertUniqueSids } from './unique-sids.ts';

export { LOCK_FENCE_SID_PREFIX } from './sids.ts';
export const LOCK_FENCE_BOOTSTRAP_SID = LOCK_FENCE_SIDS.bootstrap;

export function buildLockTablePolicy(config: Config): PolicyDocument | undefined {
  const fenced = config.projects.filter((p) => p.locking !== 'lockfile' && p.fence);
  if (fenced.length === 0) return undefined;
  const policy: PolicyDocument = {
    Version: '2012-10-17',
    Statement: [
      ...fenced.flatMap((p) => projectStatements(p, config)),
      ...(fenced.some(hasPlanRole) ? planRoleStatements(config) : []),
      bootstrapStatement(config),
      tableManagementStatement(config),
    ],
  };
  assertUniqueSids(
    policy,
    "the lock table's policy",
    fenced.map((p) => p.name),
  );
  const size = sizeReport('lock-table', policy);
  if (!size.fits) {
    throw new StatewardError(
      'POLICY_OVER_QUOTA',
      `the lock table's fence for ${fenced.length} DynamoDB-locked projects is ${size.size} characters; DynamoDB allows ${size.limit}`,
      'move projects to `locking: lockfile` (S3-native locking, Terraform >= 1.10), which needs no shared table',
    );
  }
  return policy;
}

/** The reserved _bootstrap/ lock items of every bucket, like the objects, are for the admins alone. */
function bootstrapStatement(config: Config): Statement {
  const admins = config.admins.length > 0 ? config.admins : [`arn:aws:iam::${config.account}:root`];
  return {
    Sid: LOCK_FENCE_SIDS.bootstrap,
    Effect: 'Deny',
    Principal: '*',
    Action: 'dynamodb:*',
    Resource: lockTableArn(config.region, config.account),
    Condition: {
      'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': `tfstate-*-${config.account}/_bootstrap/*` },
      ArnNotLike: { 'aws:PrincipalArn': single(admins) },
    },
  };
}

/**
 * Item actions carry dynamodb:LeadingKeys and meet the per-project statements above. Everything else
 * works on the whole table: Scan and PartiQL read every project's lock info and digests without naming a
 * key, and DeleteTable, UpdateTable, exports, restores and the resource policy itself change the store.
 * Those are for the managers alone.
 */
const ITEM_ACTIONS = [
  'dynamodb:BatchGetItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:ConditionCheckItem',
  'dynamodb:DeleteItem',
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:Query',
  'dynamodb:UpdateItem',
];
const TABLE_READ_ACTIONS = ['dynamodb:Describe*', 'dynamodb:GetResourcePolicy', 'dynamodb:List*'];

function tableManagementStatement(config: Config): Statement {
  return {
    Sid: LOCK_FENCE_SIDS.table,
    Effect: 'Deny',
    Principal: '*',
    NotAction: single([...ITEM_ACTIONS, ...TABLE_READ_ACTIONS]),
    Resource: lockTableArn(config.region, config.account),
    Condition: notManagers(config),
  };
}

function projectStatements(project: ProjectConfig, config: Config): Statement[] {
  const table = lockTableArn(config.region, config.account);
  // ForAnyValue: one item of the project's in the request is enough for the deny to apply.
  const items = {
    'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': `${bucketName(project.name, config.account)}/*` },
  };
  const readers = readerRoleArns(project, config);
  const plan = planRoleArnOf(project, config);
  const statements: Statement[] = [
    {
      Sid: projectLockFenceSid(project.name),
      Effect: 'Deny',
      Principal: '*',
      Action: 'dynamodb:*',
      Resource: table,
      Condition: {
        ...items,
        ArnNotLike: {
          'aws:PrincipalArn': single([
            roleArn(config.account, project.name),
            ...(plan ? [plan] : []),
            ...readers,
            ...config.admins,
          ]),
        },
      },
    },
  ];
  if (readers.length > 0) {
    statements.push({
      Sid: readersLockFenceSid(project.name),
      Effect: 'Deny',
      Principal: '*',
      NotAction: 'dynamodb:GetItem',
      Resource: table,
      Condition: { ...items, ArnLike: { 'aws:PrincipalArn': single(readers) } },
    });
  }
  return statements;
}

/**
 * Every plan role (`tf-*.plan`: a project name holds no dot, so only plan roles match) takes and releases
 * locks and reads digests, as `terraform plan` does, and writes no digest. One pair of statements for all of
 * them, where one pair per project would take the table policy's room from the projects themselves.
 */
function planRoleStatements(config: Config): Statement[] {
  const table = lockTableArn(config.region, config.account);
  const isPlan = {
    ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${config.account}:role/${ROLE_PREFIX}*${PLAN_ROLE_SUFFIX}` },
  };
  const stateBuckets = `tfstate-*-${config.account}/*`;
  return [
    {
      Sid: LOCK_FENCE_SIDS.planRoles,
      Effect: 'Deny',
      Principal: '*',
      NotAction: ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem'],
      Resource: table,
      Condition: { 'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': stateBuckets }, ...isPlan },
    },
    {
      Sid: LOCK_FENCE_SIDS.planRoleDigests,
      Effect: 'Deny',
      Principal: '*',
      NotAction: 'dynamodb:GetItem',
      Resource: table,
      Condition: {
        'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': `${stateBuckets.slice(0, -1)}*${DIGEST_SUFFIX}` },
        ...isPlan,
      },
    },
  ];
}
