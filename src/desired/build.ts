// Config -> Desired: the resources every project and the account need, with every setting of DESIGN §1.
import type { Config, ProjectConfig } from '../config/types.ts';
import type { Desired, DesiredAccountResources, DesiredProject, DesiredRole, Tags } from '../model/types.ts';
import * as naming from '../names/naming.ts';
import { buildStateBoundary, STATE_BOUNDARY_POLICY, stateBoundaryArn, stateBoundaryOf } from '../policy/boundary.ts';
import { buildHumansPolicy } from '../policy/humans.ts';
import { buildLockTablePolicy } from '../policy/lock-table-policy.ts';
import { buildProjectDocuments } from '../policy/project-documents.ts';
import { LOCK_FENCE_SIDS, projectLockFenceSid, readersLockFenceSid } from '../policy/sids.ts';
import { buildEnvironments, withEnvironmentAccess } from './environments.ts';

/** Multipart uploads of large states that never completed are removed after this many days. */
export const ABORT_MULTIPART_DAYS = 7;

/** The tag that names each project's resources; Cost Explorer can report costs by it. */
export const PROJECT_TAG = 'Project';

export function buildDesired(config: Config): Desired {
  const desired: Desired = {
    account: config.account,
    region: config.region,
    projects: config.projects.map((project) => withEnvironmentAccess(desiredProject(project, config), config)),
    shared: accountResources(config),
  };
  if (config.environments) {
    const tagsOf = (name: string) => projectTags(config.projects.find((p) => p.name === name)!, config);
    desired.environments = buildEnvironments(config, tagsOf);
  }
  return desired;
}

export function projectTags(project: ProjectConfig, config: Config): Tags {
  return {
    ...config.tags,
    [PROJECT_TAG]: project.name,
    ManagedBy: config.managedBy,
    Repo: project.repo,
    Environment: 'bootstrap',
  };
}

function desiredProject(project: ProjectConfig, config: Config): DesiredProject {
  const documents = buildProjectDocuments(project, config);
  const bucket = naming.bucketName(project.name, config.account);
  const tags = projectTags(project, config);
  const role: DesiredProject['role'] = {
    name: naming.roleName(project.name),
    arn: naming.roleArn(config.account, project.name),
    trust: documents.trust,
    inlinePolicies: { ...project.inlinePolicies, [naming.STATE_ACCESS_POLICY_NAME]: documents.permissions },
    managedPolicyArns: [...project.managedPolicies].sort(),
    maxSessionDuration: naming.MAX_SESSION_SECONDS,
    tags,
  };
  const boundary = project.permissionsBoundary ?? stateBoundaryOf(project, config);
  if (boundary) role.permissionsBoundary = boundary;
  const planRole = documents.plan && desiredPlanRole(project, config, documents.plan, tags, boundary);
  return {
    name: project.name,
    config: project,
    locking: project.locking,
    bucket: {
      name: bucket,
      arn: naming.bucketArn(bucket),
      region: config.region,
      versioning: 'Enabled',
      encryption:
        project.encryption.type === 'sse-kms'
          ? { algorithm: 'aws:kms', kmsKeyArn: project.encryption.kmsKeyArn, bucketKeyEnabled: true }
          : { algorithm: 'AES256' },
      publicAccessBlock: {
        blockPublicAcls: true,
        ignorePublicAcls: true,
        blockPublicPolicy: true,
        restrictPublicBuckets: true,
      },
      ownership: 'BucketOwnerEnforced',
      policy: documents.bucket,
      lifecycle: {
        noncurrentDays: project.noncurrentDays,
        newerNoncurrentVersions: project.keepStateVersions,
        abortIncompleteMultipartUploadDays: ABORT_MULTIPART_DAYS,
      },
      tags,
    },
    role,
    ...(planRole ? { planRole } : {}),
  };
}

/**
 * tf-<project>.plan: the state at plan level and its own infrastructure policies (read-only by default). The
 * project's declared inline policies are the apply role's infrastructure permissions and stay there; the apply
 * role's permissions boundary (configured, or tf-state-boundary) bounds both roles.
 */
function desiredPlanRole(
  project: ProjectConfig,
  config: Config,
  documents: { trust: DesiredRole['trust']; permissions: DesiredRole['trust'] },
  tags: Tags,
  boundary: string | undefined,
): DesiredRole {
  const role: DesiredRole = {
    name: naming.planRoleName(project.name),
    arn: naming.planRoleArn(config.account, project.name),
    trust: documents.trust,
    inlinePolicies: { [naming.STATE_ACCESS_POLICY_NAME]: documents.permissions },
    managedPolicyArns: [...project.planManagedPolicies].sort(),
    maxSessionDuration: naming.MAX_SESSION_SECONDS,
    tags,
  };
  if (boundary) role.permissionsBoundary = boundary;
  return role;
}

function accountResources(config: Config): DesiredAccountResources {
  const tags: Tags = { ...config.tags, ManagedBy: config.managedBy, Environment: 'bootstrap' };
  const shared: DesiredAccountResources = {
    oidcProvider: {
      url: `https://${naming.GITHUB_OIDC_HOST}`,
      arn: naming.oidcProviderArn(config.account),
      clientIds: [naming.GITHUB_OIDC_AUDIENCE],
      tags,
    },
    operators: {
      groupName: naming.OPERATORS_GROUP,
      members: [...config.humans].sort(),
      policyName: naming.ASSUME_ROLES_POLICY,
      policyArn: naming.assumeRolesPolicyArn(config.account),
      policy: buildHumansPolicy(config.account),
      tags,
    },
  };
  if (config.costAllocation) shared.costAllocationTag = { key: PROJECT_TAG, status: 'Active' };
  if (config.stateBoundary)
    shared.stateBoundary = {
      name: STATE_BOUNDARY_POLICY,
      arn: stateBoundaryArn(config.account),
      document: buildStateBoundary(config),
      tags,
    };
  if (config.projects.some((p) => p.locking !== 'lockfile')) {
    shared.lockTable = {
      name: naming.LOCK_TABLE,
      arn: naming.lockTableArn(config.region, config.account),
      partitionKey: 'LockID',
      billingMode: 'PAY_PER_REQUEST',
      tags,
      configuredSids: [
        LOCK_FENCE_SIDS.table,
        LOCK_FENCE_SIDS.planRoles,
        LOCK_FENCE_SIDS.planRoleDigests,
        ...config.projects.flatMap((p) => [projectLockFenceSid(p.name), readersLockFenceSid(p.name)]),
      ],
    };
    const policy = buildLockTablePolicy(config);
    if (policy) shared.lockTable.policy = policy;
  }
  return shared;
}
