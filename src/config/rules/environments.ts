// Environment accounts (seed 002): each named once with its own account, never the administrative one; each
// project names only environments the config declares, keeps its infrastructure permissions there, and its
// state grants reach the environment's workspace.

import { environmentWorkspace } from '../../names/environments.ts';
import { closestName } from '../closest-name.ts';
import type { Config, EnvironmentAccount, ProjectConfig, ProjectEnvironment } from '../types.ts';
import { ACCOUNT_ID, KEBAB_CASE, POLICY_ARN } from './formats.ts';
import { duplicatesIn, issue, type Rule, type RuleIssue } from './issue.ts';

/** Names an environment cannot take, and why. */
const RESERVED_NAMES: Record<string, string> = {
  default: "it is Terraform's default workspace, which stays unused and unwritable beside the environments",
  bootstrap: 'it is the Environment tag of what stateward creates in the administrative account',
};

/** IAM's role-name pattern (a name, no path). */
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;

export const environmentsRules: Rule[] = [
  (c) => (c.environments ?? []).flatMap((e) => environmentIssues(e, c)),
  (c) => duplicateAccounts(c.environments ?? []),
  (c) => c.projects.flatMap((p, i) => projectEnvironmentIssues(p, ['projects', i], c)),
];

function environmentIssues(e: EnvironmentAccount, c: Config): RuleIssue[] {
  const at = ['environments', e.name];
  const problems: RuleIssue[] = [];
  if (!KEBAB_CASE.test(e.name))
    problems.push(
      issue(
        at,
        'CONFIG_ENVIRONMENT_NAME',
        `environment name "${e.name}" is not kebab-case; it names a Terraform workspace and the Environment tag`,
        'use lowercase letters, digits and single hyphens, e.g. "production"',
        'key',
      ),
    );
  else if (RESERVED_NAMES[e.name])
    problems.push(
      issue(
        at,
        'CONFIG_ENVIRONMENT_NAME',
        `environment name "${e.name}" is reserved: ${RESERVED_NAMES[e.name]}`,
        'name the environment after what it is, e.g. "production" or "staging"',
        'key',
      ),
    );
  if (!ACCOUNT_ID.test(e.account))
    problems.push(
      issue(
        [...at, 'account'],
        'CONFIG_ENVIRONMENT_ACCOUNT',
        `account "${e.account}" of environment "${e.name}" is not a 12-digit AWS account id`,
        'write the 12 digits of the environment account, quoted, e.g. account: "222233334444"',
      ),
    );
  else if (e.account === c.account)
    problems.push(
      issue(
        [...at, 'account'],
        'CONFIG_ENVIRONMENT_IN_ADMIN_ACCOUNT',
        `environment "${e.name}" is in the administrative account ${c.account}, which holds the state and must not hold infrastructure roles`,
        `give "${e.name}" its own account, or remove it from environments and keep that project single-account`,
      ),
    );
  if (!ROLE_NAME.test(e.managementRole))
    problems.push(
      issue(
        [...at, 'managementRole'],
        'CONFIG_MANAGEMENT_ROLE',
        `managementRole "${e.managementRole}" of environment "${e.name}" is not an IAM role name`,
        'write the role name only (no ARN, no path), e.g. OrganizationAccountAccessRole',
      ),
    );
  return problems;
}

function duplicateAccounts(environments: EnvironmentAccount[]): RuleIssue[] {
  const first = new Map<string, string>();
  return environments.flatMap((e) => {
    const earlier = first.get(e.account);
    if (earlier === undefined) {
      first.set(e.account, e.name);
      return [];
    }
    return [
      issue(
        ['environments', e.name, 'account'],
        'CONFIG_ENVIRONMENT_ACCOUNT_DUPLICATE',
        `environments "${earlier}" and "${e.name}" are both account ${e.account}; each environment is one account, with one deploy role per project`,
        `give "${e.name}" its own account id, or remove it and deploy to "${earlier}"`,
      ),
    ];
  });
}

function projectEnvironmentIssues(p: ProjectConfig, path: ['projects', number], c: Config): RuleIssue[] {
  const environments = p.environments ?? [];
  if (environments.length === 0) return [];
  const declared = (c.environments ?? []).map((e) => e.name);
  return [
    ...environments.flatMap((e) => {
      const at = [...path, 'environments', e.name];
      if (declared.includes(e.name)) return [...policyIssues(e, p, at), ...subjectIssues(e, p, at)];
      const near = closestName(e.name, declared);
      return [
        issue(
          at,
          'CONFIG_ENVIRONMENT_UNKNOWN',
          `project "${p.name}" deploys to environment "${e.name}", which the top-level environments do not declare`,
          near
            ? `did you mean "${near}"? Otherwise declare it: environments: { ${e.name}: { account: "<12 digits>" } }`
            : `declare it at the top level: environments: { ${e.name}: { account: "<12 digits>" } }`,
          'key',
        ),
      ];
    }),
    ...adminInfrastructureIssues(p, path),
    ...workspaceIssues(p, path),
  ];
}

function policyIssues(e: ProjectEnvironment, p: ProjectConfig, at: Array<string | number>): RuleIssue[] {
  const listed = (key: 'managedPolicies' | 'planManagedPolicies') =>
    e[key].flatMap((arn, i) =>
      POLICY_ARN.test(arn)
        ? []
        : [
            issue(
              [...at, key, i],
              'CONFIG_POLICY_ARN',
              `"${arn}" is not a managed policy ARN`,
              'write e.g. arn:aws:iam::aws:policy/ReadOnlyAccess or arn:aws:iam::222233334444:policy/name',
            ),
          ],
    );
  // The project's own planManagedPolicies, inherited here, are checked where they are written.
  const inherited = e.planManagedPolicies === p.planManagedPolicies;
  const problems = [...listed('managedPolicies'), ...(inherited ? [] : listed('planManagedPolicies'))];
  if (e.permissionsBoundary !== undefined && !POLICY_ARN.test(e.permissionsBoundary))
    problems.push(
      issue(
        [...at, 'permissionsBoundary'],
        'CONFIG_POLICY_ARN',
        `permissionsBoundary "${e.permissionsBoundary}" is not a managed policy ARN`,
        'write a policy ARN of the environment account, such as arn:aws:iam::222233334444:policy/tf-boundary',
      ),
    );
  return [...problems, ...duplicatesIn(e.managedPolicies, [...at, 'managedPolicies'], 'managed policy')];
}

function subjectIssues(e: ProjectEnvironment, p: ProjectConfig, at: Array<string | number>): RuleIssue[] {
  const pinned = `repo:${p.repo}:`;
  const problems = e.oidcSubjects.flatMap((subject, i) =>
    subject.startsWith(pinned) && subject.length > pinned.length
      ? []
      : [
          issue(
            [...at, 'oidcSubjects', i],
            'CONFIG_OIDC_SUBJECT',
            `OIDC subject "${subject}" is not a subject of ${p.repo}`,
            `write the GitHub environment's subject, "${pinned}environment:${e.name}"`,
          ),
        ],
  );
  return [...problems, ...duplicatesIn(e.oidcSubjects, [...at, 'oidcSubjects'], 'OIDC subject')];
}

/** Seed 002: the administrative account only reaches state and assumes roles; infrastructure lives per environment. */
function adminInfrastructureIssues(p: ProjectConfig, path: ['projects', number]): RuleIssue[] {
  const first = p.environments?.[0]?.name ?? '<environment>';
  const problems: RuleIssue[] = [];
  if (p.managedPolicies.length > 0)
    problems.push(
      issue(
        [...path, 'managedPolicies'],
        'CONFIG_ENVIRONMENTS_ADMIN_PERMISSIONS',
        `project "${p.name}" deploys to environment accounts, but managedPolicies would give its role in the administrative account infrastructure permissions`,
        `move them under the environments that need them, e.g. environments: { ${first}: { managedPolicies: [...] } }`,
        'key',
      ),
    );
  if (Object.keys(p.inlinePolicies).length > 0)
    problems.push(
      issue(
        [...path, 'inlinePolicies'],
        'CONFIG_ENVIRONMENTS_ADMIN_PERMISSIONS',
        `project "${p.name}" deploys to environment accounts, but inlinePolicies would give its role in the administrative account infrastructure permissions`,
        `remove inlinePolicies and give the environments managed policies instead, e.g. environments: { ${first}: { managedPolicies: [...] } }`,
        'key',
      ),
    );
  return problems;
}

/** A grant's workspace pattern (`*` and `?`) against a workspace name. */
function workspaceMatches(pattern: string, workspace: string): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`).test(workspace);
}

/** Each environment is a workspace of the project's state: an apply grant must reach it. */
function workspaceIssues(p: ProjectConfig, path: ['projects', number]): RuleIssue[] {
  return (p.environments ?? []).flatMap((e) => {
    const workspace = environmentWorkspace(e.name);
    if (p.access.apply.some((g) => g.workspaces.some((w) => workspaceMatches(w, workspace)))) return [];
    return [
      issue(
        [...path, 'access', 'apply'],
        'CONFIG_ENVIRONMENT_WORKSPACE',
        `no apply grant of project "${p.name}" reaches workspace "${workspace}", where environment "${e.name}" keeps its state`,
        `add "${workspace}" to the workspaces of an apply grant, e.g. { key: ${p.name}/terraform.tfstate, workspaces: [${workspace}] }`,
      ),
    ];
  });
}
