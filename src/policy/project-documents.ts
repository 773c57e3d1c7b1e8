// Every document of one project, checked against its quota: compacted losslessly when over,
// refused (naming what to simplify) when still over.
import type { Config, ProjectConfig } from '../config/types.ts';
import { StatewardError } from '../errors.ts';
import type { PolicyDocument } from '../iam/document.ts';
import { buildBucketPolicy } from './bucket-policy.ts';
import { compactPolicy } from './compact.ts';
import { type DocumentKind, policySize, QUOTAS, type SizeReport, sizeReport } from './quotas.ts';
import { hasPlanRole } from './roles.ts';
import { buildPlanStateAccessPolicy, buildStateAccessPolicy } from './state-access.ts';
import { buildPlanTrustPolicy, buildTrustPolicy } from './trust.ts';
import { assertUniqueSids } from './unique-sids.ts';

export interface ProjectDocuments {
  trust: PolicyDocument;
  permissions: PolicyDocument;
  bucket: PolicyDocument;
  /** The plan role's documents; absent when the project allows pull requests to apply. */
  plan?: { trust: PolicyDocument; permissions: PolicyDocument };
  sizes: SizeReport[];
}

type ProjectKind = Exclude<DocumentKind, 'humans' | 'lock-table' | 'boundary' | 'scp'>;

const GRANTS =
  'use fewer access grants: combine keys under one wildcard (e.g. "<project>/envs/*") or list workspaces as ["*"]; or read fewer projects';
const SIMPLIFY: Record<ProjectKind, string> = {
  trust: 'list fewer oidcSubjects or githubEnvironments, or fewer humans',
  permissions: GRANTS,
  'plan-trust': 'list fewer humans',
  'plan-permissions': GRANTS,
  bucket: 'list fewer admins or fewer projects that read this one',
};

export function buildProjectDocuments(project: ProjectConfig, config: Config): ProjectDocuments {
  // IAM's inline-policy quota is per role, in aggregate: the declared policies take their share first.
  const declared = Object.values(project.inlinePolicies).reduce((sum, document) => sum + policySize(document), 0);
  const documents: Partial<Record<ProjectKind, PolicyDocument>> = {
    trust: fitToQuota('trust', buildTrustPolicy(project, config), project),
    permissions: fitToQuota('permissions', buildStateAccessPolicy(project, config), project, declared),
    bucket: fitToQuota('bucket', buildBucketPolicy(project, config), project),
  };
  if (hasPlanRole(project)) {
    documents['plan-trust'] = fitToQuota('plan-trust', buildPlanTrustPolicy(project, config), project);
    documents['plan-permissions'] = fitToQuota(
      'plan-permissions',
      buildPlanStateAccessPolicy(project, config),
      project,
    );
  }
  const sizes = (Object.keys(documents) as ProjectKind[]).map((kind) => sizeReport(kind, documents[kind]!));
  const { trust, permissions, bucket } = documents as Record<ProjectKind, PolicyDocument>;
  const planTrust = documents['plan-trust'];
  const planPermissions = documents['plan-permissions'];
  return {
    trust,
    permissions,
    bucket,
    ...(planTrust && planPermissions ? { plan: { trust: planTrust, permissions: planPermissions } } : {}),
    sizes,
  };
}

function fitToQuota(kind: ProjectKind, document: PolicyDocument, project: ProjectConfig, reserved = 0): PolicyDocument {
  assertUniqueSids(document, `the ${kind} policy of project "${project.name}"`, [project.name, ...project.reads]);
  const fits = (d: PolicyDocument) => policySize(d) + reserved <= QUOTAS[kind].limit;
  if (fits(document)) return document;
  const compacted = compactPolicy(document);
  if (fits(compacted)) return compacted;
  const size = policySize(compacted);
  const declared = reserved > 0 ? ` plus ${reserved} of the declared inlinePolicies` : '';
  throw new StatewardError(
    'POLICY_OVER_QUOTA',
    `the ${kind} policy of project "${project.name}" is ${size} characters even compacted${declared}; the ${QUOTAS[kind].what} limit is ${QUOTAS[kind].limit}${QUOTAS[kind].note ? ` (${QUOTAS[kind].note})` : ''}`,
    reserved > 0
      ? `move some declared inlinePolicies into customer-managed policies (managedPolicies), or ${SIMPLIFY[kind]}`
      : SIMPLIFY[kind],
  );
}
