// Fix texts for the lock-table fence: `stateward apply` when the config covers the project, else the exact
// statements to add to the table's resource policy (or the exemption to remove), in the form stateward writes.
import type { Statement } from '../iam/document.ts';
import { BOOTSTRAP_PREFIX, BUCKET_PREFIX, LOCK_TABLE } from '../names/naming.ts';
import { LOCK_FENCE_SIDS, projectLockFenceSid, readersLockFenceSid } from '../policy/sids.ts';
import { single } from '../policy/statement.ts';
import type { AuditContext } from './context.ts';
import { shellJson } from './fixes.ts';
import type { LockFenceAnalysis, LockFenceParties } from './lock-fence.ts';
import type { AuditBucket } from './snapshot.ts';

export const BOOTSTRAP_LOCK_SID = LOCK_FENCE_SIDS.bootstrap;

const editing = (table: string) =>
  `aws dynamodb get-resource-policy --resource-arn ${table}, edit, aws dynamodb put-resource-policy --resource-arn ${table} --policy file://policy.json`;

/** A bucket outside the config is named by its bucket name, cut to what a Sid may hold. */
export const projectLockSid = (bucket: AuditBucket): string =>
  projectLockFenceSid(bucket.project ?? bucket.name.replace(/[^a-z0-9-]/g, '-'));
const readersLockSid = (bucket: AuditBucket): string =>
  readersLockFenceSid(bucket.project ?? bucket.name.replace(/[^a-z0-9-]/g, '-'));

/** The project's fence as stateward writes it: a Deny of everything but the parties, and the readers' read-only Deny. */
export function projectLockStatements(table: string, bucket: AuditBucket, parties: LockFenceParties): Statement[] {
  const sid = projectLockSid(bucket);
  const items = { 'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': `${bucket.name}/*` } };
  const exempt = [...parties.writers, ...parties.readers];
  const statements: Statement[] = [
    {
      Sid: sid,
      Effect: 'Deny',
      Principal: '*',
      Action: 'dynamodb:*',
      Resource: table,
      Condition: {
        ...items,
        ArnNotLike: { 'aws:PrincipalArn': exempt.length > 0 ? single(exempt) : '<the project role ARN>' },
      },
    },
  ];
  if (parties.readers.length > 0) {
    statements.push({
      Sid: readersLockSid(bucket),
      Effect: 'Deny',
      Principal: '*',
      NotAction: 'dynamodb:GetItem',
      Resource: table,
      Condition: { ...items, ArnLike: { 'aws:PrincipalArn': single(parties.readers) } },
    });
  }
  return statements;
}

export function projectLockFenceFix(
  context: AuditContext,
  table: string,
  bucket: AuditBucket,
  parties: LockFenceParties,
  analysis: LockFenceAnalysis,
): string {
  const configured = context.configProject(bucket.project);
  const sid = projectLockSid(bucket);
  if (configured && !configured.fence) {
    return `Set \`fence: true\` for project ${configured.name} in ${context.snapshot.config!.file} (it is the default) and run \`stateward apply\`: it writes ${sid} into the resource policy of ${LOCK_TABLE}.`;
  }
  if (configured)
    return `Run \`stateward apply\` (project ${configured.name} is in the config): it writes ${sid} into the resource policy of ${LOCK_TABLE} and keeps the other statements.`;
  if (analysis.unfenced.length === 0) {
    const principals = [...new Set(analysis.extra.map((e) => e.principal))].join(', ');
    const statements = [...new Set(analysis.extra.map((e) => e.statement))].join(', ');
    return `Remove ${principals} from the ArnNotLike aws:PrincipalArn of ${statements} (${editing(table)}).`;
  }
  const admins = parties.adminsKnown ? '' : '; list the admins in the ArnNotLike too';
  return `Add to the resource policy of ${LOCK_TABLE}, replacing any statement with the same Sid (${editing(table)}${admins}): ${shellJson(projectLockStatements(table, bucket, parties))}`;
}

export function bootstrapLockStatement(table: string, account: string, admins: readonly string[]): Statement {
  return {
    Sid: BOOTSTRAP_LOCK_SID,
    Effect: 'Deny',
    Principal: '*',
    Action: 'dynamodb:*',
    Resource: table,
    Condition: {
      'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': `${BUCKET_PREFIX}*-${account}/${BOOTSTRAP_PREFIX}*` },
      ArnNotLike: { 'aws:PrincipalArn': single([...admins]) },
    },
  };
}

export function bootstrapLockFenceFix(context: AuditContext, table: string): string {
  const config = context.snapshot.config;
  const dynamodb = config?.projects.filter((p) => p.locking !== 'lockfile') ?? [];
  if (dynamodb.some((p) => p.fence))
    return `Run \`stateward apply\`: it writes ${BOOTSTRAP_LOCK_SID} into the resource policy of ${LOCK_TABLE} and keeps the other statements.`;
  if (config && dynamodb.length > 0)
    return `Set \`fence: true\` (the default) for ${dynamodb.map((p) => p.name).join(', ')} in ${config.file} and run \`stateward apply\`: it writes ${BOOTSTRAP_LOCK_SID} into the resource policy of ${LOCK_TABLE}.`;
  const account = context.snapshot.account;
  const admins = config && config.admins.length > 0 ? config.admins : [`arn:aws:iam::${account}:root`];
  const note = config && config.admins.length > 0 ? '' : '; put your admins in place of the account root';
  return `Add to the resource policy of ${LOCK_TABLE}, replacing any statement with the same Sid (${editing(table)}${note}): ${shellJson([bootstrapLockStatement(table, account, admins)])}`;
}
