// Deploy roles in the environment accounts (seed 002), read through each account's management role: each is
// trusted by its project's administrative role alone (and GitHub through that account's OIDC provider), exists
// where the config deploys the project, and no tf-* role sits in an environment account the config does not name.
import { asArray } from '../../iam/document.ts';
import { planRoleArn, planRoleName, roleArn, roleName } from '../../names/naming.ts';
import { hasPlanRole } from '../../policy/roles.ts';
import type { AuditContext } from '../context.ts';
import type { AuditEnvironment, AuditRole } from '../snapshot.ts';
import { awsPrincipalStatements } from '../trust-statements.ts';
import type { Hit, Rule } from '../types.ts';

const deploysThere = (context: AuditContext, project: string, environment: string): boolean =>
  Boolean(context.configProject(project)?.environments?.some((e) => e.name === environment));

function rolesOf(context: AuditContext): Array<{ environment: AuditEnvironment; role: AuditRole }> {
  return (context.snapshot.environments ?? []).flatMap((environment) =>
    environment.roles.map((role) => ({ environment, role })),
  );
}

export const deployRoleTrustedBeyondAdmin: Rule<AuditContext> = {
  meta: {
    id: 'SW-ENV-001',
    severity: 'high',
    title: 'Deploy role in an environment account trusted beyond its administrative role',
    rationale:
      "An environment's infrastructure permissions must be reached only through the project's administrative role (state access, MFA for humans) or its GitHub environment; any other principal skips that chain.",
  },
  check: (context) =>
    rolesOf(context).flatMap(({ environment, role }): Hit[] => {
      if (!role.observed || !deploysThere(context, role.project, environment.name)) return [];
      // A plan role's counterpart answers to the administrative plan role, a deploy role to the apply role.
      const admin = (role.kind === 'plan' ? planRoleArn : roleArn)(context.snapshot.account, role.project);
      return awsPrincipalStatements(role).flatMap((s) => {
        const others = s.principals.filter((p) => p !== admin);
        if (others.length === 0) return [];
        return [
          {
            project: role.project,
            resource: role.arn,
            message: `Deploy role ${role.name} in account ${environment.account} (${environment.name}) trusts ${others.join(', ')}, not only ${admin}.`,
            evidence: `${s.label}: Principal AWS ${asArray(s.principals).join(', ')}`,
            fix: `Run \`stateward apply\` (it rewrites the trust of ${role.name} in ${environment.account} to ${admin} and the environment's oidcSubjects).`,
          },
        ];
      });
    }),
};

export const deployRoleMissing: Rule<AuditContext> = {
  meta: {
    id: 'SW-ENV-002',
    severity: 'medium',
    title: 'Deploy role missing in an environment account',
    rationale: 'The project deploys there, so its pipeline would fail to assume the role.',
  },
  check: (context) =>
    (context.snapshot.environments ?? []).flatMap((environment) =>
      (context.snapshot.config?.projects ?? [])
        .filter((p) => p.environments?.some((e) => e.name === environment.name))
        .flatMap((p) =>
          [roleName(p.name), ...(hasPlanRole(p) ? [planRoleName(p.name)] : [])].map((name) => ({ p, name })),
        )
        .filter(({ name }) => !environment.roles.some((r) => r.name === name))
        .map(({ p, name }) => ({
          project: p.name,
          resource: `arn:aws:iam::${environment.account}:role/${name}`,
          message: `Project ${p.name} deploys to ${environment.name}, but account ${environment.account} has no role ${name}.`,
          evidence: `ListRoles in ${environment.account}: no ${name}`,
          fix: 'Run `stateward apply` (it creates the role).',
        })),
    ),
};

export const deployRoleUnconfigured: Rule<AuditContext> = {
  meta: {
    id: 'SW-ENV-003',
    severity: 'medium',
    title: 'tf-* role in an environment account the config does not deploy there',
    rationale: 'A deploy role nobody manages keeps its permissions and its trust unseen by plan and verify.',
  },
  check: (context) =>
    rolesOf(context)
      .filter(({ environment, role }) => !deploysThere(context, role.project, environment.name))
      .map(({ environment, role }) => ({
        project: role.project,
        resource: role.arn,
        message: `Role ${role.name} in account ${environment.account} (${environment.name}) is not a deploy role of the config.`,
        evidence: `project ${role.project} ${context.configProject(role.project) ? `does not list environment ${environment.name}` : 'is not in the config'}`,
        fix: context.configProject(role.project)
          ? `Add ${environment.name} under environments of project ${role.project} in the config and run \`stateward apply\`, or delete the role in account ${environment.account} (detach its policies, then aws iam delete-role --role-name ${role.name}).`
          : `Delete the role in account ${environment.account} (detach its policies, then aws iam delete-role --role-name ${role.name}), or add project ${role.project} with environment ${environment.name} to the config.`,
      })),
};
