// Every document of one project, checked against its quota: compacted losslessly when over,
// refused (naming what to simplify) when still over.
import type { Config, ProjectConfig } from '../config/types.ts';
import { StatewardError } from '../errors.ts';
import type { PolicyDocument } from '../iam/document.ts';
import { buildBucketPolicy } from './bucket-policy.ts';
import { compactPolicy } from './compact.ts';
import { type DocumentKind, QUOTAS, type SizeReport, sizeReport } from './quotas.ts';
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
  const documents = {
    trust: fitToQuota('trust', buildTrustPolicy(project, config), project),
    permissions: fitToQuota('permissions', buildStateAccessPolicy(project, config), project),
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
): PolicyDocument {
  assertUniqueSids(document, `the ${kind} policy of project "${project.name}"`, [project.name, ...project.reads]);
  if (sizeReport(kind, document).fits) return document;
  const compacted = compactPolicy(document);
  const report = sizeReport(kind, compacted);
  if (report.fits) return compacted;
  throw new StatewardError(
    'POLICY_OVER_QUOTA',
    `the ${kind} policy of project "${project.name}" is ${report.size} characters even compacted; the ${QUOTAS[kind].what} limit is ${report.limit}${QUOTAS[kind].note ? ` (${QUOTAS[kind].note})` : ''}`,
    SIMPLIFY[kind],
  );
}
