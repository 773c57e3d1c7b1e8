// Facts several rules share, derived once from a snapshot: which buckets hold state, each bucket's
// fence, each role's identity policies, and which other projects' state a role is meant to read.

import type { ProjectConfig } from '../config/types.ts';
import type { NamedPolicy } from '../iam/document.ts';
import { bucketName, planRoleArn, roleArn } from '../names/naming.ts';
import { analyzeFence, type FenceAnalysis, namesPrincipal } from './fence.ts';
import type { AuditBucket, AuditRole, AuditSnapshot } from './snapshot.ts';

export interface AuditContext {
  snapshot: AuditSnapshot;
  /** Buckets whose settings were read. */
  readableBuckets: Array<AuditBucket & { settings: NonNullable<AuditBucket['settings']> }>;
  /** Roles that were read. */
  readableRoles: Array<AuditRole & { observed: NonNullable<AuditRole['observed']> }>;
  fenceOf(bucket: AuditBucket): FenceAnalysis;
  bucketOfProject(project: string): AuditBucket | undefined;
  /** The project's apply role (tf-<project>). */
  roleOfProject(project: string): AuditRole | undefined;
  configProject(project: string | null): ProjectConfig | undefined;
  /** Bucket names this role is meant to read: the config's `reads`, else the fences that list it as a reader. */
  readsOf(role: AuditRole): Set<string>;
}

export function inlinePolicies(role: AuditRole): NamedPolicy[] {
  return Object.entries(role.observed?.inlinePolicies ?? {}).map(([name, document]) => ({ name, document }));
}

export function identityPolicies(role: AuditRole): NamedPolicy[] {
  return [...inlinePolicies(role), ...role.managedPolicies];
}

/** The project roles a _bootstrap/ reservation must not exempt: the account's tf-* roles and the bucket's own. */
function projectRoles(snapshot: AuditSnapshot, bucket: AuditBucket): string[] {
  const own = bucket.project ? [roleArn(snapshot.account, bucket.project)] : [];
  return [...new Set([...own, ...snapshot.roles.map((r) => r.arn)])];
}

export function buildContext(snapshot: AuditSnapshot): AuditContext {
  const fences = new Map<string, FenceAnalysis>();
  const fenceOf = (bucket: AuditBucket) => {
    let fence = fences.get(bucket.name);
    if (!fence) {
      const ownPlanRole = bucket.project ? planRoleArn(snapshot.account, bucket.project) : undefined;
      fence = analyzeFence(bucket.name, bucket.settings?.policy, projectRoles(snapshot, bucket), ownPlanRole);
      fences.set(bucket.name, fence);
    }
    return fence;
  };
  const configProject = (project: string | null) =>
    project === null ? undefined : snapshot.config?.projects.find((p) => p.name === project);
  const context: AuditContext = {
    snapshot,
    readableBuckets: snapshot.buckets.filter(
      (b): b is AuditContext['readableBuckets'][number] => b.settings !== undefined,
    ),
    readableRoles: snapshot.roles.filter((r): r is AuditContext['readableRoles'][number] => r.observed !== undefined),
    fenceOf,
    bucketOfProject: (project) => snapshot.buckets.find((b) => b.project === project),
    roleOfProject: (project) => snapshot.roles.find((r) => r.project === project && r.kind !== 'plan'),
    configProject,
    readsOf: (role) => {
      const configured = configProject(role.project);
      if (configured) return new Set(configured.reads.map((name) => bucketName(name, snapshot.account)));
      return new Set(
        snapshot.buckets
          .filter((b) => b.project !== role.project && namesPrincipal(fenceOf(b).readers, role.arn))
          .map((b) => b.name),
      );
    },
  };
  return context;
}

/** "project X" for messages, or the bucket's name when it follows no naming pattern. */
export const projectLabel = (project: string | null, fallback: string): string =>
  project ? `project ${project}` : fallback;
