// Names of the environment-account shape (seed 002): the role stateward manages an account through, the
// administrative role's policy that reaches the deploy roles, and the workspace that holds each environment.
import { planRoleName, roleName } from './naming.ts';

/** What AWS Organizations creates in every member account, trusted by the management account. */
export const DEFAULT_MANAGEMENT_ROLE = 'OrganizationAccountAccessRole';

/** The inline policy of the administrative tf-<project> that lets it assume its environment roles. */
export const ASSUME_ENVIRONMENTS_POLICY_NAME = 'stateward-assume-environments';

export function managementRoleArn(account: string, role: string): string {
  return `arn:aws:iam::${account}:role/${role}`;
}

/** The deploy role in an environment account has the administrative role's name, so one audit pattern finds both. */
export function environmentRoleArn(account: string, project: string): string {
  return `arn:aws:iam::${account}:role/${roleName(project)}`;
}

/** The plan role's counterpart in an environment account: the same name as in the administrative account. */
export function environmentPlanRoleArn(account: string, project: string): string {
  return `arn:aws:iam::${account}:role/${planRoleName(project)}`;
}

/** Seed 002: one Terraform workspace per environment, named after it. */
export function environmentWorkspace(environment: string): string {
  return environment;
}
