// The list of documents `stateward policy` shows, as data: one entry per project document, plus the
// account-wide humans policy.

import { findProject } from '../config/find-project.ts';
import type { Config } from '../config/types.ts';
import type { PolicyDocument } from '../iam/document.ts';
import {
  ASSUME_ROLES_POLICY,
  bucketName,
  LOCK_TABLE,
  planRoleName,
  roleName,
  STATE_ACCESS_POLICY_NAME,
} from '../names/naming.ts';
import { buildStateBoundary, buildStateScp, STATE_BOUNDARY_POLICY } from './boundary.ts';
import { buildHumansPolicy } from './humans.ts';
import { buildLockTablePolicy } from './lock-table-policy.ts';
import { buildProjectDocuments } from './project-documents.ts';
import { type DocumentKind, sizeReport } from './quotas.ts';

export interface CatalogEntry {
  project?: string;
  kind: DocumentKind;
  /** Where the document lives in AWS. */
  attachedTo: string;
  size: number;
  limit: number;
  document: PolicyDocument;
}

export function policyCatalog(config: Config, filter: { project?: string; kind?: DocumentKind } = {}): CatalogEntry[] {
  if (filter.project) findProject(config, filter.project);
  const entries: CatalogEntry[] = [];
  for (const project of config.projects.filter((p) => !filter.project || p.name === filter.project)) {
    const documents = buildProjectDocuments(project, config);
    const where = {
      trust: `role ${roleName(project.name)} (trust policy)`,
      permissions: `role ${roleName(project.name)} (inline policy ${STATE_ACCESS_POLICY_NAME})`,
      bucket: `bucket ${bucketName(project.name, config.account)} (Stateward statements)`,
    };
    for (const kind of ['trust', 'permissions', 'bucket'] as const) {
      entries.push({
        project: project.name,
        kind,
        attachedTo: where[kind],
        ...sizeOf(kind, documents[kind]),
        document: documents[kind],
      });
    }
    if (documents.plan) {
      const plan = planRoleName(project.name);
      entries.push(
        {
          project: project.name,
          kind: 'plan-trust',
          attachedTo: `role ${plan} (trust policy)`,
          ...sizeOf('plan-trust', documents.plan.trust),
          document: documents.plan.trust,
        },
        {
          project: project.name,
          kind: 'plan-permissions',
          attachedTo: `role ${plan} (inline policy ${STATE_ACCESS_POLICY_NAME})`,
          ...sizeOf('plan-permissions', documents.plan.permissions),
          document: documents.plan.permissions,
        },
      );
    }
  }
  if (!filter.project) {
    const humans = buildHumansPolicy(config.account);
    const boundary = buildStateBoundary(config);
    const scp = buildStateScp(config);
    entries.push({
      kind: 'humans',
      attachedTo: `managed policy ${ASSUME_ROLES_POLICY} (group tf-operators)`,
      ...sizeOf('humans', humans),
      document: humans,
    });
    entries.push(
      {
        kind: 'boundary',
        attachedTo: `managed policy ${STATE_BOUNDARY_POLICY} (create it, then set it as permissionsBoundary of roles with managedPolicies)`,
        ...sizeOf('boundary', boundary),
        document: boundary,
      },
      {
        kind: 'scp',
        attachedTo: 'service control policy (attach it in AWS Organizations to this account)',
        ...sizeOf('scp', scp),
        document: scp,
      },
    );
    const locks = buildLockTablePolicy(config);
    if (locks)
      entries.push({
        kind: 'lock-table',
        attachedTo: `table ${LOCK_TABLE} (resource-based policy)`,
        ...sizeOf('lock-table', locks),
        document: locks,
      });
  }
  return entries.filter((e) => !filter.kind || e.kind === filter.kind);
}

function sizeOf(kind: DocumentKind, document: PolicyDocument): { size: number; limit: number } {
  const { size, limit } = sizeReport(kind, document);
  return { size, limit };
}
