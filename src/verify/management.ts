// Issue 12 §1: a project role must not be able to weaken or destroy another project's state store, even
// with AdministratorAccess. For every other project, each management action on its bucket and KMS key,
// and each table-wide action on the lock table, is evaluated with every policy in force (fences and the
// role's boundary included); anything allowed is a violation.
import type { Config } from '../config/types.ts';
import { evaluateRequest, type NamedPolicy, type Statement, statementLabel } from '../iam/index.ts';
import { bucketArn, bucketName, LOCK_TABLE } from '../names/naming.ts';
import {
  BUCKET_MANAGEMENT_ACTIONS,
  KEY_MANAGEMENT_ACTIONS,
  TABLE_MANAGEMENT_ACTIONS,
} from '../policy/management-actions.ts';
import { allowStatementsOf, allowsOnResource, mayAllowAction } from './may-allow.ts';
import type { ResourcePolicyLookup } from './operation.ts';
import { sessionArn } from './sessions.ts';
import { identityPoliciesOf, type VerifyWorld, type WorldRole } from './world.ts';

export interface ManagementCell {
  project: string;
  actor: string;
  /** What the action would hit: "bucket tfstate-b-…", "lock table terraform-locks", "KMS key of b". */
  target: string;
  /** The project whose store it is, or the lock table's name for the shared table. */
  targetOwner: string;
  action: string;
  expected: false;
  actual: boolean;
  /** The statements that decided it; empty when no Allow statement could match (an implicit deny). */
  decidedBy: string[];
}

interface Probe {
  target: string;
  targetOwner: string;
  action: string;
  resource: string;
}

function probesOn(config: Config, other: string): Probe[] {
  const project = config.projects.find((p) => p.name === other)!;
  const bucket = bucketName(other, config.account);
  const probes: Probe[] = BUCKET_MANAGEMENT_ACTIONS.map((action) => ({
    target: `bucket ${bucket}`,
    targetOwner: other,
    action,
    resource: bucketArn(bucket),
  }));
  if (project.encryption.type === 'sse-kms') {
    const key = project.encryption.kmsKeyArn;
    probes.push(
      ...KEY_MANAGEMENT_ACTIONS.map((action) => ({
        target: `KMS key of ${other}`,
        targetOwner: other,
        action,
        resource: key,
      })),
    );
  }
  return probes;
}

export interface ManagementReport {
  cells: ManagementCell[];
  /**
   * Probes no Allow statement could match, left out of `cells` unless every pair is asked for: denied by
   * construction, and at 300 projects they are over a million cells that say nothing.
   */
  unreached: number;
}

/** The probes of `role` on every other project's bucket and key, and on the shared lock table. */
export function managementCells(
  world: VerifyWorld,
  role: WorldRole,
  resources: ResourcePolicyLookup,
  options: { allPairs?: boolean } = {},
): ManagementReport {
  const { config } = world;
  const identity: NamedPolicy[] = identityPoliciesOf(role);
  const table = world.lockTable?.arn;
  const probes = [
    ...config.projects.filter((p) => p.name !== role.project).flatMap((other) => probesOn(config, other.name)),
    ...(table
      ? TABLE_MANAGEMENT_ACTIONS.map((action) => ({
          target: `lock table ${LOCK_TABLE}`,
          targetOwner: LOCK_TABLE,
          action,
          resource: table,
        }))
      : []),
  ];
  const identityAllows = allowStatementsOf(identity);
  const candidates = new Map<string, Statement[]>();
  const allowsOn = (resource: string, resourcePolicy: NamedPolicy | undefined): Statement[] => {
    let found = candidates.get(resource);
    if (!found) {
      const statements = [...identityAllows, ...(resourcePolicy ? allowStatementsOf([resourcePolicy]) : [])];
      found = allowsOnResource(statements, resource);
      candidates.set(resource, found);
    }
    return found;
  };
  const cells: ManagementCell[] = [];
  let unreached = 0;
  for (const probe of probes) {
    const resourcePolicy = resources(probe.resource);
    const cell = {
      project: role.project,
      actor: role.arn,
      target: probe.target,
      targetOwner: probe.targetOwner,
      action: probe.action,
      expected: false as const,
    };
    if (!mayAllowAction(allowsOn(probe.resource, resourcePolicy), probe.action)) {
      if (options.allPairs) cells.push({ ...cell, actual: false, decidedBy: [] });
      else unreached++;
      continue;
    }
    const decision = evaluateRequest({
      identityPolicies: identity,
      ...(role.boundary ? { permissionsBoundary: role.boundary } : {}),
      ...(resourcePolicy ? { resourcePolicy } : {}),
      resourceAccount: config.account,
      request: {
        principal: { arn: sessionArn(role.arn), accountId: config.account },
        action: probe.action,
        resource: probe.resource,
        context: { 'aws:PrincipalArn': role.arn, 'aws:PrincipalAccount': config.account, 'aws:SecureTransport': true },
      },
    });
    cells.push({ ...cell, actual: decision.decision === 'Allow', decidedBy: decision.statements.map(statementLabel) });
  }
  return { cells, unreached };
}

export const MANAGEMENT_FIX =
  'keep `fence: true` for that project, or set `stateBoundary: true` in the config so that apply gives the role the boundary `stateward policy --kind boundary` shows, or attach the SCP from `stateward policy --kind scp`';
