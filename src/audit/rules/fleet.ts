// The fleet as a whole: every state bucket has its role and every role its bucket, no lock is left
// behind for a day, and every project of the config exists.

import { bucketArn, bucketName, defaultStateKey, roleArn, roleName } from '../../names/naming.ts';
import type { AuditContext } from '../context.ts';
import type { Hit, Rule } from '../types.ts';

export const STALE_LOCK_HOURS = 24;

const inConfig = (context: AuditContext, project: string | null) => context.configProject(project) !== undefined;

export const bucketWithoutRole: Rule<AuditContext> = {
  meta: {
    id: 'SW-FLEET-001',
    severity: 'medium',
    title: 'State bucket without its role',
    rationale:
      "A bucket nobody's role may use is either abandoned state or state used through other, unaudited credentials.",
  },
  check: (context) =>
    context.snapshot.buckets.flatMap((bucket): Hit[] => {
      if (
        !bucket.project ||
        bucket.discoveredBy !== 'name' ||
        inConfig(context, bucket.project) ||
        context.roleOfProject(bucket.project)
      )
        return [];
      return [
        {
          project: bucket.project,
          resource: bucket.arn,
          message: `State bucket ${bucket.name} has no role ${roleName(bucket.project)}.`,
          evidence: `ListRoles: no role named ${roleName(bucket.project)}`,
          fix: `Add project ${bucket.project} to stateward.yaml and run \`stateward apply\` (it creates the role), or, if the project is gone, \`stateward destroy --project ${bucket.project}\` after saving its state.`,
        },
      ];
    }),
};

export const roleWithoutBucket: Rule<AuditContext> = {
  meta: {
    id: 'SW-FLEET-002',
    severity: 'low',
    title: 'Role without its state bucket',
    rationale: 'A tf-* role without a bucket is left over or was made by hand; its permissions still work.',
  },
  check: (context) =>
    context.snapshot.roles.flatMap((role): Hit[] => {
      if (inConfig(context, role.project) || context.bucketOfProject(role.project)) return [];
      const expected = bucketName(role.project, context.snapshot.account);
      return [
        {
          project: role.project,
          resource: role.arn,
          message: `Role ${role.name} has no state bucket ${expected}.`,
          evidence: `ListBuckets: no bucket named ${expected}`,
          fix: `Add project ${role.project} to stateward.yaml and run \`stateward apply\` (it creates the bucket), or delete the unused role: aws iam delete-role --role-name ${role.name} (after removing its policies).`,
        },
      ];
    }),
};

export const staleLock: Rule<AuditContext> = {
  meta: {
    id: 'SW-FLEET-003',
    severity: 'medium',
    title: `Lock held for more than ${STALE_LOCK_HOURS} h`,
    rationale:
      'A lock this old is almost always left by a crashed run; until it is removed every plan and apply of that state fails.',
  },
  check: (context) =>
    context.snapshot.locks.flatMap((lock): Hit[] => {
      const hours = (context.snapshot.now - Date.parse(lock.since)) / 3_600_000;
      if (!(hours > STALE_LOCK_HOURS)) return [];
      const project = context.snapshot.buckets.find((b) => b.name === lock.bucket)?.project ?? null;
      const holder = lock.holder
        ? `held by ${lock.holder.who} (${lock.holder.operation}, lock ID ${lock.holder.id})`
        : `holder unknown: ${lock.holderUnknown ?? 'no lock info'}`;
      const id = lock.holder?.id ?? '<LOCK_ID>';
      return [
        {
          project,
          resource:
            lock.kind === 'lockfile'
              ? `${bucketArn(lock.bucket)}/${lock.location}`
              : `terraform-locks item ${lock.location}`,
          message: `The ${lock.kind === 'lockfile' ? 'lock file' : 'DynamoDB lock'} of ${lock.bucket}/${lock.stateKey} is ${Math.floor(hours)} h old.`,
          evidence: `${lock.location} since ${lock.since}, ${holder}`,
          fix: `If no run is still going: ${project ? `\`stateward unlock --project ${project}${unlockTarget(project, lock.stateKey)} --id ${id}\` (or \`terraform force-unlock ${id}\` in its repo)` : `\`terraform force-unlock ${id}\` in the repo that uses ${lock.bucket}`}${lock.holder ? '' : ` (the ID is in the lock: ${lock.kind === 'lockfile' ? `aws s3 cp s3://${lock.bucket}/${lock.location} -` : `aws dynamodb get-item --table-name terraform-locks --key '{"LockID":{"S":"${lock.location}"}}'`})`}.`,
        },
      ];
    }),
};

export const configuredProjectMissing: Rule<AuditContext> = {
  meta: {
    id: 'SW-FLEET-004',
    severity: 'high',
    title: 'Project in the config missing from the account',
    rationale:
      'The config is the source of truth; a missing bucket or role means the project cannot run, or was deleted by hand.',
  },
  check: (context) => {
    const { config, account } = context.snapshot;
    return (config?.projects ?? []).flatMap((project): Hit[] => {
      const missing = [
        ...(context.bucketOfProject(project.name)
          ? []
          : [
              {
                what: `bucket ${bucketName(project.name, account)}`,
                arn: bucketArn(bucketName(project.name, account)),
              },
            ]),
        ...(context.roleOfProject(project.name)
          ? []
          : [{ what: `role ${roleName(project.name)}`, arn: roleArn(account, project.name) }]),
      ];
      return missing.map((m) => ({
        project: project.name,
        resource: m.arn,
        message: `Project ${project.name} of ${config!.file} has no ${m.what} in account ${account}.`,
        evidence: `${m.what.startsWith('bucket') ? 'ListBuckets' : 'ListRoles'}: not found`,
        fix: 'Run `stateward apply` to create it (check `stateward plan` first).',
      }));
    });
  },
};

export const unreadable: Rule<AuditContext> = {
  meta: {
    id: 'SW-AUDIT-001',
    severity: 'high',
    title: 'Resource could not be read',
    rationale: 'What cannot be read cannot be judged: the audit does not take it as absent or as correct.',
  },
  check: (context) =>
    context.snapshot.errors.map((error) => ({
      project: error.project,
      resource: error.resource,
      message: `The audit could not read ${error.resource}, so it was not checked.`,
      evidence: `[${error.code}] ${error.message}`,
      fix: error.fix,
    })),
};

/** The --workspace/--key options that address a lock's state key (Terraform's default workspace_key_prefix `env:`). */
function unlockTarget(project: string, stateKey: string): string {
  const workspace = /^env:\/([^/]+)\/(.+)$/.exec(stateKey);
  const key = workspace ? workspace[2]! : stateKey;
  return `${workspace ? ` --workspace ${workspace[1]}` : ''}${key === defaultStateKey(project) ? '' : ` --key ${key}`}`;
}
