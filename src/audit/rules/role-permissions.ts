// A project role's inline policies (stateward's and any other): state access on its own bucket and its
// `reads` only, no service-wide actions, no Resource "*", nothing on _bootstrap/. Attached managed policies
// and the inline policies the config declares are infrastructure permissions; the fence rules judge those.
import type { Statement } from '../../iam/document.ts';
import {
  BOOTSTRAP_PREFIX,
  bucketArn,
  bucketName,
  LOCKFILE_SUFFIX,
  MAX_SESSION_SECONDS,
  STATE_ACCESS_POLICY_NAME,
} from '../../names/naming.ts';
import { type AuditContext, inlinePolicies } from '../context.ts';
import { PROBE_KEY } from '../fence.ts';
import { applyOr } from '../fixes.ts';
import { allowCovers, hasWildcard, type LabelledStatement, labelledStatements, listOf } from '../statements.ts';
import type { Hit, Rule } from '../types.ts';

type Role = AuditContext['readableRoles'][number];

function perStatement(
  check: (role: Role, s: LabelledStatement, context: AuditContext) => Omit<Hit, 'project' | 'resource'> | undefined,
) {
  return (context: AuditContext): Hit[] =>
    context.readableRoles.flatMap((role) =>
      labelledStatements(undeclared(role, context))
        .filter((s) => s.statement.Effect === 'Allow')
        .flatMap((s) => {
          const hit = check(role, s, context);
          return hit ? [{ project: role.project, resource: role.arn, ...hit }] : [];
        }),
    );
}

/** The role's inline policies but those its project declares in the config (`inlinePolicies`, the apply role's). */
function undeclared(role: Role, context: AuditContext) {
  const declared = role.kind === 'plan' ? {} : (context.configProject(role.project)?.inlinePolicies ?? {});
  return inlinePolicies(role).filter((p) => !(p.name in declared));
}

const removeFix = (context: AuditContext, role: Role, s: LabelledStatement, what: string) => {
  const byHand = `${what} in inline policy ${s.policy} of ${role.name}: aws iam get-role-policy --role-name ${role.name} --policy-name ${s.policy}, edit statement ${s.statement.Sid ?? `#${s.index}`}, then aws iam put-role-policy --role-name ${role.name} --policy-name ${s.policy} --policy-document file://policy.json`;
  if (!context.configProject(role.project)) return byHand;
  const apply =
    s.policy === STATE_ACCESS_POLICY_NAME
      ? `it rewrites ${STATE_ACCESS_POLICY_NAME} as the config says`
      : `it deletes inline policy ${s.policy}, which the config does not declare (to keep a grant, declare it under \`inlinePolicies\` of project ${role.project})`;
  return `Run \`stateward apply\`: ${apply}. Or by hand: ${byHand}`;
};

const isResourceWide = (s: Statement): boolean => s.NotResource !== undefined || listOf(s.Resource).includes('*');

const WRITE_ACTIONS = ['s3:PutObject', 's3:DeleteObject', 's3:DeleteObjectVersion', 's3:PutBucketPolicy'];
const READ_ACTIONS = ['s3:GetObject', 's3:ListBucket'];

/** The S3 resource entries of a statement that reach past the role's own bucket and its reads. */
function beyond(role: Role, statement: Statement, context: AuditContext): string[] {
  // Its own bucket by name, found or not: a missing bucket is SW-FLEET-002's to report.
  const own = bucketName(role.project, context.snapshot.account);
  const reads = context.readsOf(role);
  const stateBuckets = new Set(context.snapshot.buckets.map((b) => b.name));
  return listOf(statement.Resource).filter((entry) => {
    const match = /^arn:[^:]*:s3:::([^/]*)(\/.*)?$/.exec(entry);
    if (!match) return false;
    const bucket = match[1]!;
    if (hasWildcard(bucket)) return true;
    if (bucket === own) return false;
    if (!stateBuckets.has(bucket)) return true;
    const probes = [
      `${bucketArn(bucket)}/${PROBE_KEY}`,
      ...(match[2] ? [`${bucketArn(bucket)}${match[2].replace(/[*?]/g, 'x')}`] : []),
      bucketArn(bucket),
    ];
    const writes = WRITE_ACTIONS.some((action) => probes.some((p) => allowCovers(statement, action, p)));
    // A read-only grant on another state bucket is a `reads` grant; its match with the fence is SW-FENCE-003's.
    if (writes) return true;
    const reads_ = READ_ACTIONS.some((action) => probes.some((p) => allowCovers(statement, action, p)));
    return reads_ && context.configProject(role.project) !== undefined && !reads.has(bucket);
  });
}

export const reachesBeyondOwnState: Rule<AuditContext> = {
  meta: {
    id: 'SW-ROLE-001',
    severity: 'high',
    title: 'Role permissions reach beyond its own bucket and its reads',
    rationale:
      'A project role is the isolation boundary: it may touch its own state and read only the projects it `reads`.',
  },
  check: perStatement((role, s, context) => {
    if (isResourceWide(s.statement)) return undefined;
    const entries = beyond(role, s.statement, context);
    if (entries.length === 0) return undefined;
    return {
      message: `Role ${role.name} may act on S3 resources outside its own state bucket and its reads: ${entries.join(', ')}.`,
      evidence: `${s.label}: ${listOf(s.statement.Action ?? s.statement.NotAction).join(', ')} on ${entries.join(', ')}`,
      fix: removeFix(
        context,
        role,
        s,
        `remove ${entries.join(', ')} (to read another project's state, list it in \`reads\` of the config instead)`,
      ),
    };
  }),
};

const serviceWide = (s: Statement): string[] =>
  s.NotAction !== undefined
    ? [`NotAction ${listOf(s.NotAction).join(', ')}`]
    : listOf(s.Action).filter((a) => a === '*' || a.toLowerCase() === 's3:*');

export const serviceWideActions: Rule<AuditContext> = {
  meta: {
    id: 'SW-ROLE-002',
    severity: 'high',
    title: 'Role inline policy grants s3:* or *',
    rationale: 'Service-wide actions include deleting versions, rewriting bucket policies and reading every key.',
  },
  check: perStatement((role, s, context) => {
    const wide = serviceWide(s.statement);
    if (wide.length === 0) return undefined;
    return {
      message: `Role ${role.name} is granted ${wide.join(', ')} by an inline policy.`,
      evidence: `${s.label}: Action ${wide.join(', ')} on ${listOf(s.statement.Resource ?? s.statement.NotResource).join(', ')}`,
      fix: removeFix(
        context,
        role,
        s,
        `replace ${wide.join(', ')} with the actions the backend needs (s3:GetObject, s3:PutObject, s3:DeleteObject, s3:ListBucket)`,
      ),
    };
  }),
};

export const resourceWildcard: Rule<AuditContext> = {
  meta: {
    id: 'SW-ROLE-003',
    severity: 'medium',
    title: 'Role inline policy grants on Resource "*"',
    rationale: 'A grant on every resource reaches every other project the action applies to.',
  },
  check: perStatement((role, s, context) => {
    if (!isResourceWide(s.statement)) return undefined;
    const what =
      s.statement.NotResource !== undefined
        ? `NotResource ${listOf(s.statement.NotResource).join(', ')}`
        : 'Resource "*"';
    return {
      message: `Role ${role.name} holds ${listOf(s.statement.Action ?? s.statement.NotAction).join(', ')} on every resource.`,
      evidence: `${s.label}: ${what}`,
      fix: removeFix(
        context,
        role,
        s,
        `name the resources (its own bucket ${context.bucketOfProject(role.project)?.arn ?? `tfstate-${role.project}-${context.snapshot.account}`}, its lock items) instead of ${what}`,
      ),
    };
  }),
};

const WRITES_ON_BOOTSTRAP = ['s3:PutObject', 's3:DeleteObject'];

export const writesBootstrap: Rule<AuditContext> = {
  meta: {
    id: 'SW-ROLE-004',
    severity: 'high',
    title: 'Role may write _bootstrap/',
    rationale: '_bootstrap/ holds the state of the bootstrap itself; only admins may change it.',
  },
  check: perStatement((role, s, context) => {
    const reached = context.snapshot.buckets.filter((b) =>
      WRITES_ON_BOOTSTRAP.some((a) => allowCovers(s.statement, a, `${b.arn}/${BOOTSTRAP_PREFIX}terraform.tfstate`)),
    );
    if (reached.length === 0) return undefined;
    return {
      message: `Role ${role.name} may write the reserved ${BOOTSTRAP_PREFIX} prefix of ${reached.map((b) => b.name).join(', ')}.`,
      evidence: `${s.label}: ${listOf(s.statement.Action ?? s.statement.NotAction).join(', ')} on ${listOf(s.statement.Resource ?? s.statement.NotResource).join(', ')} covers ${reached[0]!.arn}/${BOOTSTRAP_PREFIX}terraform.tfstate`,
      fix: removeFix(
        context,
        role,
        s,
        `narrow the Resource to the project's own state keys (e.g. ${reached[0]!.arn}/${role.project}/*)`,
      ),
    };
  }),
};

export const longSessions: Rule<AuditContext> = {
  meta: {
    id: 'SW-ROLE-005',
    severity: 'medium',
    title: 'Role max session is longer than 1 hour',
    rationale: 'Short sessions bound how long leaked temporary credentials stay usable.',
  },
  check: (context) =>
    context.readableRoles.flatMap((role): Hit[] => {
      const seconds = role.observed.maxSessionDuration ?? MAX_SESSION_SECONDS;
      if (seconds <= MAX_SESSION_SECONDS) return [];
      return [
        {
          project: role.project,
          resource: role.arn,
          message: `Sessions of role ${role.name} last up to ${seconds / 3600} h.`,
          evidence: `GetRole MaxSessionDuration = ${seconds}`,
          fix: applyOr(
            context,
            role.project,
            `aws iam update-role --role-name ${role.name} --max-session-duration ${MAX_SESSION_SECONDS}`,
          ),
        },
      ];
    }),
};

/** A state key of the role's own bucket: not a lock file, which a plan role may write. */
const STATE_PROBE = `${PROBE_KEY}.tfstate`;
const STATE_WRITES = ['s3:PutObject', 's3:DeleteObject'];

export const planRoleWritesState: Rule<AuditContext> = {
  meta: {
    id: 'SW-ROLE-006',
    severity: 'high',
    title: 'Plan role may write state',
    rationale:
      'tf-<project>.plan is what pull requests assume: it may read its state and take the lock, never write the state. Otherwise any branch can apply.',
  },
  check: perStatement((role, s, context) => {
    if (role.kind !== 'plan') return undefined;
    const bucket = bucketArn(bucketName(role.project, context.snapshot.account));
    // Each object the statement names (a wildcard made concrete), and any state key for a statement that
    // names none in particular; lock files are the plan role's to write.
    const probes = [
      `${bucket}/${STATE_PROBE}`,
      ...listOf(s.statement.Resource)
        .filter((entry) => entry.startsWith(`${bucket}/`) && !entry.endsWith(LOCKFILE_SUFFIX))
        .map((entry) => entry.replace(/[*?]/g, 'x')),
    ];
    const writes = STATE_WRITES.filter((action) => probes.some((probe) => allowCovers(s.statement, action, probe)));
    if (writes.length === 0) return undefined;
    const written = probes.filter((probe) => writes.some((action) => allowCovers(s.statement, action, probe)));
    return {
      message: `Plan role ${role.name} may ${writes.join(' and ')} state objects of its project, which only the apply role may do.`,
      evidence: `${s.label}: allows ${writes.join(', ')} on ${written.join(', ')}`,
      fix: removeFix(context, role, s, `limit ${writes.join(', ')} to the lock files (<key>.tflock)`),
    };
  }),
};
