// Every document of one project, checked against its quota: compacted losslessly when over,
// refused (naming what to simplify) when still over.
import type { Config, ProjectConfig } from '../config/types.ts';
import { StatewardError } from '../errors.ts';
import type { PolicyDocument } from '../iam/document.ts';
import { buildBucketPolicy } from './bucket-policy.ts';
import { compactPolicy } from './compact.ts';
import { type DocumentKind, policySize, QUOTAS, type SizeReport, sizeReport } from './quotas.ts';
import { buildStateAccessPolicy } from './state-access.ts';
import { buildTrustPolicy } from './trust.ts';
import { assertUniqueSids } from './unique-sids.ts';

export interface ProjectDocuments {
  trust: PolicyDocument;
  permissions: PolicyDocument;
  bucket: PolicyDocument;
  sizes: SizeReport[];
}

const SIMPLIFY: Record<Exclude<DocumentKind, 'humans' | 'lock-table' | 'boundary' | 'scp'>, string> = {
  trust: 'list fewer oidcSubjects (one "repo:<org>/<repo>:*" covers every workflow) or fewer humans',
  permissions:
    'use fewer access grants: combine keys under one wildcard (e.g. "<project>/envs/*") or list workspaces as ["*"]; or read fewer projects',
  bucket: 'list fewer admins or fewer projects that read this one',
};

export function buildProjectDocuments(project: ProjectConfig, config: Config): ProjectDocuments {
  // IAM's inline-policy quota is per role, in aggregate: the declared policies take their share first.
  const declared = Object.values(project.inlinePolicies).reduce((sum, document) => sum + policySize(document), 0);
  const documents = {
    trust: fitToQuota('trust', buildTrustPolicy(project, config), project),
    permissions: fitToQuota('permissions', buildStateAccessPolicy(project, config), project, declared),
    bucket: fitToQuota('bucket', buildBucketPolicy(project, config), project),
  };
  const sizes = (Object.keys(documents) as Array<keyof typeof documents>).map((kind) =>
    sizeReport(kind, documents[kind]),
  );
  return { ...documents, sizes };
}

function fitToQuota(
  kind: Exclude<DocumentKind, 'humans' | 'lock-table' | 'boundary' | 'scp'>,
  document: PolicyDocument,
  project: ProjectConfig,
  reserved = 0,
): PolicyDocument {
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
