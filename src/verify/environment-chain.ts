// verify's chain for environment accounts (seed 002): who can reach each project's deploy role in each of its
// environment accounts, and what the project's administrative role may do to that environment's workspace.
// The deploy role is another account's: AssumeRole needs its trust AND the caller's own policies to allow it.
import type { ProjectConfig } from '../config/types.ts';
import type { NamedPolicy, PolicyDocument } from '../iam/document.ts';
import { evaluateTrust, principalContext, type RequestContext, statementLabel } from '../iam/index.ts';
import { environmentRoleArn, environmentWorkspace } from '../names/environments.ts';
import { GITHUB_OIDC_AUDIENCE, GITHUB_OIDC_HOST, oidcProviderArn, roleArn, userArn } from '../names/naming.ts';
import { ASSUMED_BROAD } from './managed-policies.ts';
import { evaluateOperation, type ResourcePolicyLookup } from './operation.ts';
import type { TrustCell } from './report.ts';
import { roleSession, sessionArn } from './sessions.ts';
import { appliesTo, configAllows, OPERATIONS, type StateTarget } from './targets.ts';
import { applyRoleOf, identityPoliciesOf, planRoleOf, type VerifyWorld } from './world.ts';

/** A trust cell of the chain: who may assume the deploy role of one environment. */
export interface ChainCell extends TrustCell {
  environment: string;
  /** The deploy role reached for. */
  role: string;
}

export interface EnvironmentChain {
  project: string;
  environment: string;
  account: string;
  role: string;
  reach: ChainCell[];
  /** The project's administrative role on the environment's workspace, per backend operation. */
  state: Array<{ operation: string; workspace: string; expected: boolean; actual: boolean }>;
}

interface Caller {
  id: string;
  label: string;
  expected: boolean;
  request: Omit<RequestContext, 'resource'>;
  identityPolicies: NamedPolicy[];
}

export function environmentChains(
  world: VerifyWorld,
  effective: ResourcePolicyLookup,
  only?: string,
): EnvironmentChain[] {
  const config = world.config;
  return config.projects
    .filter((p) => !only || p.name === only)
    .flatMap((project) =>
      (project.environments ?? []).flatMap((settings) => {
        const environment = config.environments?.find((e) => e.name === settings.name);
        if (!environment) return [];
        const role = environmentRoleArn(environment.account, project.name);
        const trust =
          world.environments?.find((e) => e.name === environment.name)?.roles.find((r) => r.project === project.name)
            ?.trust ?? null;
        const reach = callers(world, project, environment.name, environment.account).map((caller) =>
          cell(caller, project.name, environment.name, role, trust),
        );
        return [
          {
            project: project.name,
            environment: environment.name,
            account: environment.account,
            role,
            reach,
            state: stateCells(world, project, environment.name, effective),
          },
        ];
      }),
    );
}

function cell(
  caller: Caller,
  project: string,
  environment: string,
  role: string,
  trust: PolicyDocument | null,
): ChainCell {
  const base = { project, environment, role, principal: caller.id, label: caller.label, expected: caller.expected };
  if (!trust) return { ...base, actual: false, decidedBy: [], detail: 'the deploy role does not exist' };
  const decision = evaluateTrust({
    trustPolicy: { name: `trust ${role}`, document: trust },
    request: { ...caller.request, resource: role },
    identityPolicies: caller.identityPolicies,
  });
  const actual = decision.decision === 'Allow';
  return {
    ...base,
    actual,
    decidedBy: decision.statements.map(statementLabel),
    detail: actual
      ? 'may assume the deploy role'
      : 'refused (the trust policy and the caller’s own policies must both allow)',
  };
}

/** The project's admin role (yes), another project's (no), a human directly (no), its role in another environment (no), GitHub. */
function callers(world: VerifyWorld, project: ProjectConfig, environment: string, account: string): Caller[] {
  const config = world.config;
  const roleCaller = (
    arn: string,
    accountId: string,
    policies: NamedPolicy[],
    label: string,
    expected: boolean,
  ): Caller => {
    const session = sessionArn(arn);
    return {
      id: arn,
      label,
      expected,
      identityPolicies: policies,
      request: {
        principal: { arn: session, accountId },
        action: 'sts:AssumeRole',
        context: principalContext({ arn: session, accountId }, { roleArn: arn }),
      },
    };
  };
  const own = applyRoleOf(world, project.name);
  const list: Caller[] = [
    roleCaller(
      roleArn(config.account, project.name),
      config.account,
      own ? identityPoliciesOf(own) : [],
      `tf-${project.name} (its administrative role)`,
      true,
    ),
  ];
  // The project's plan role (pull requests) reaches only the read-only counterpart, never the deploy role.
  const plan = planRoleOf(world, project.name);
  if (plan)
    list.push(
      roleCaller(plan.arn, config.account, identityPoliciesOf(plan), `tf-${project.name}.plan (its plan role)`, false),
    );
  // Another project, preferably one deploying to the same environment, with everything allowed on its side.
  const other =
    config.projects.find((p) => p.name !== project.name && p.environments?.some((e) => e.name === environment)) ??
    config.projects.find((p) => p.name !== project.name);
  if (other)
    list.push(
      roleCaller(
        roleArn(config.account, other.name),
        config.account,
        [broad()],
        `tf-${other.name} (another project)`,
        false,
      ),
    );
  const human = config.humans[0] ?? 'operator';
  const user = userArn(config.account, human);
  list.push({
    id: user,
    label: `${human} directly, with MFA`,
    expected: false,
    identityPolicies: [broad()],
    request: {
      principal: { arn: user, accountId: config.account },
      action: 'sts:AssumeRole',
      context: {
        ...principalContext({ arn: user, accountId: config.account }),
        'aws:MultiFactorAuthPresent': true,
        'aws:MultiFactorAuthAge': 300,
      },
    },
  });
  const elsewhere = config.environments?.find((e) => e.name !== environment);
  if (elsewhere)
    list.push(
      roleCaller(
        environmentRoleArn(elsewhere.account, project.name),
        elsewhere.account,
        [broad()],
        `tf-${project.name} of environment ${elsewhere.name}`,
        false,
      ),
    );
  const subjects = project.environments?.find((e) => e.name === environment)?.oidcSubjects ?? [];
  const workflow = (sub: string, label: string, expected: boolean): Caller => ({
    id: `workflow ${sub}`,
    label,
    expected,
    identityPolicies: [],
    request: {
      principal: { arn: oidcProviderArn(account), accountId: account },
      action: 'sts:AssumeRoleWithWebIdentity',
      context: { [`${GITHUB_OIDC_HOST}:aud`]: GITHUB_OIDC_AUDIENCE, [`${GITHUB_OIDC_HOST}:sub`]: sub },
    },
  });
  for (const sub of subjects) list.push(workflow(sub.replaceAll('*', 'x'), `workflow ${sub}`, true));
  const stranger = `repo:${project.repo}:environment:${elsewhere?.name ?? 'other'}-not-${environment}`;
  list.push(workflow(stranger, `workflow of another GitHub environment (${stranger})`, false));
  return list;
}

const broad = (): NamedPolicy => ({ name: 'assumed-broad', document: ASSUMED_BROAD });

function stateCells(
  world: VerifyWorld,
  project: ProjectConfig,
  environment: string,
  effective: ResourcePolicyLookup,
): EnvironmentChain['state'] {
  const role = applyRoleOf(world, project.name);
  if (!role) return [];
  const workspace = environmentWorkspace(environment);
  const session = roleSession(role, world.config, 'effective');
  const grant = [...project.access.apply, ...project.access.plan, ...project.access.read][0];
  const key = grant?.key.replaceAll('*', 'sample') ?? `${project.name}/terraform.tfstate`;
  const prefix = grant?.workspaceKeyPrefix ?? 'env:';
  const target: StateTarget = {
    id: `${project.name}:${key} [workspace ${workspace}]`,
    owner: project.name,
    key,
    workspace,
    workspaceKeyPrefix: prefix,
    reserved: false,
  };
  return OPERATIONS.filter((operation) => appliesTo(operation, target)).map((operation) => ({
    operation,
    workspace,
    expected: configAllows(world.config, project.name, target, operation),
    actual: evaluateOperation(session, operation, target, { config: world.config, resourcePolicy: effective }).allowed,
  }));
}

export const isChainViolation = (c: { expected: boolean; actual: boolean }): boolean => c.expected !== c.actual;
