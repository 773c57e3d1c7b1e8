// What only IAM can stop: a project role with broad managed policies may still manage the stores through
// actions the resource policies do not cover (a KMS key's policy is not stateward's, and without the fence
// nothing covers the bucket). The same denials come in two forms: a permissions boundary for the tf-* roles
// that hold managedPolicies, and a service control policy for the whole account (which spares the managers).
import type { Config, ProjectConfig } from '../config/types.ts';
import { StatewardError } from '../errors.ts';
import type { PolicyDocument, Statement } from '../iam/document.ts';
import { BUCKET_PREFIX, lockTableArn, ROLE_PREFIX } from '../names/naming.ts';
import { BUCKET_MANAGEMENT_ACTIONS, KEY_MANAGEMENT_ACTIONS, TABLE_MANAGEMENT_ACTIONS } from './management-actions.ts';
import { notManagers } from './managers.ts';
import { QUOTAS, sizeReport } from './quotas.ts';
import { single } from './statement.ts';

/** The managed policy name under which README tells users to create the boundary. */
export const STATE_BOUNDARY_POLICY = `${ROLE_PREFIX}state-boundary`;

export const stateBoundaryArn = (account: string): string => `arn:aws:iam::${account}:policy/${STATE_BOUNDARY_POLICY}`;

/**
 * The boundary `stateBoundary: true` puts on a project's role: tf-state-boundary for a role with permissions
 * beyond its state (managed or declared inline policies) and no boundary of its own; else none.
 */
export function stateBoundaryOf(project: ProjectConfig, config: Config): string | undefined {
  if (!config.stateBoundary || project.permissionsBoundary) return undefined;
  const infrastructure = project.managedPolicies.length > 0 || Object.keys(project.inlinePolicies).length > 0;
  return infrastructure ? stateBoundaryArn(config.account) : undefined;
}

function denials(config: Config): Statement[] {
  const { account, region } = config;
  const keys = config.projects.flatMap((p) => (p.encryption.type === 'sse-kms' ? [p.encryption.kmsKeyArn] : []));
  const statements: Statement[] = [
    {
      Sid: 'DenyStateBucketManagement',
      Effect: 'Deny',
      Action: single([...BUCKET_MANAGEMENT_ACTIONS]),
      Resource: `arn:aws:s3:::${BUCKET_PREFIX}*`,
    },
    {
      Sid: 'DenyLockTableManagement',
      Effect: 'Deny',
      Action: single([...TABLE_MANAGEMENT_ACTIONS]),
      Resource: lockTableArn(region, account),
    },
    // Reads of the roles and policies stay open; any change to one of stateward's would undo the rest.
    {
      Sid: 'DenyStatewardIamChanges',
      Effect: 'Deny',
      NotAction: ['iam:Get*', 'iam:List*'],
      Resource: [`arn:aws:iam::${account}:policy/${ROLE_PREFIX}*`, `arn:aws:iam::${account}:role/${ROLE_PREFIX}*`],
    },
  ];
  if (keys.length > 0)
    statements.push({
      Sid: 'DenyStateKeyManagement',
      Effect: 'Deny',
      Action: single([...KEY_MANAGEMENT_ACTIONS]),
      Resource: single(keys),
    });
  return statements;
}

/** A boundary limits, it never grants: everything is allowed but the denials. */
export function buildStateBoundary(config: Config): PolicyDocument {
  return withinQuota('boundary', {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'AllowWhatTheRolePoliciesAllow', Effect: 'Allow', Action: '*', Resource: '*' },
      ...denials(config),
    ],
  });
}

/** The SCP covers every principal of the account, so the managers are spared as the fences spare them. */
export function buildStateScp(config: Config): PolicyDocument {
  return withinQuota('scp', {
    Version: '2012-10-17',
    Statement: denials(config).map((statement) => ({ ...statement, Condition: notManagers(config) })),
  });
}

/** The KMS keys are listed one by one (their ARNs carry no project name), so many keys can outgrow it. */
function withinQuota(kind: 'boundary' | 'scp', document: PolicyDocument): PolicyDocument {
  const report = sizeReport(kind, document);
  if (report.fits) return document;
  throw new StatewardError(
    'POLICY_OVER_QUOTA',
    `the ${kind} policy is ${report.size} characters; the ${QUOTAS[kind].what} limit is ${report.limit}`,
    'encrypt several projects with one KMS key, or write the key denial yourself with a resource-tag condition',
  );
}
