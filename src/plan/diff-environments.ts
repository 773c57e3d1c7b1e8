// The environment accounts (seed 002): per account its GitHub OIDC provider when a deploy role trusts GitHub,
// and each project's deploy role, diffed as the administrative roles are. Each change carries its account and
// an id prefixed with it, so the same role name in two accounts is two resources.

import { StatewardError } from '../errors.ts';
import type { Observed, ObservedEnvironment, ObservedRole } from '../model/observed.ts';
import type { Desired, DesiredEnvironment } from '../model/types.ts';
import type { Change } from './change.ts';
import { changeId } from './change.ts';
import { diffOidcProvider, oidcProviderCreateId } from './diff-account.ts';
import { diffRole } from './diff-role.ts';

/** `planned`: the projects the plan covers (a project left out whole has no deploy role planned either). */
export function diffEnvironments(desired: Desired, observed: Observed, planned: ReadonlySet<string>): Change[] {
  return (desired.environments ?? []).flatMap((environment) => {
    const seen = observedEnvironment(observed, environment);
    const oidcCreate = environment.oidcProvider ? oidcProviderCreateId(environment.oidcProvider) : '';
    const changes = [
      ...(environment.oidcProvider
        ? diffOidcProvider(environment.oidcProvider, seen.oidcProvider ?? { status: 'absent' })
        : []),
      ...environment.roles
        .filter((r) => planned.has(r.project))
        .flatMap((r) => diffRole(r.role, observedRole(seen, r.project, r.role.name), r.project, oidcCreate)),
    ];
    // A deploy role's trust names the administrative role, which IAM requires to exist: it is created first.
    return inEnvironment(changes, environment).map((change) =>
      change.resourceType === 'role' && change.setting === 'resource'
        ? { ...change, dependsOn: [...change.dependsOn, changeId('role', change.resourceName, 'resource')] }
        : change,
    );
  });
}

/** Ids of this account's changes get its prefix; dependencies on the administrative account's keep theirs. */
function inEnvironment(changes: Change[], environment: DesiredEnvironment): Change[] {
  const local = new Set(changes.map((c) => c.id));
  // The role's creation waits for the OIDC provider of its own account, planned or not.
  const prefixed = (id: string) =>
    local.has(id) || id.startsWith('oidc-provider/') ? environmentChangeId(environment.account, id) : id;
  return changes.map((c) => ({
    ...c,
    id: prefixed(c.id),
    account: environment.account,
    environment: environment.name,
    dependsOn: c.dependsOn.map(prefixed),
  }));
}

export function environmentChangeId(account: string, id: string): string {
  return `${account}:${id}`;
}

function observedEnvironment(observed: Observed, environment: DesiredEnvironment): ObservedEnvironment {
  const found = observed.environments?.find((e) => e.name === environment.name);
  if (!found)
    throw new StatewardError(
      'PLAN_ENVIRONMENT_NOT_OBSERVED',
      `the snapshot has no entry for environment "${environment.name}" (account ${environment.account}), so nothing can be said about its deploy roles`,
      'observe the accounts again with the same config; a snapshot taken for another config cannot be planned against this one',
    );
  if (found.account !== environment.account)
    throw new StatewardError(
      'PLAN_ACCOUNT_MISMATCH',
      `the credentials for environment "${environment.name}" are for account ${found.account}, but the config puts it in account ${environment.account}`,
      `check that ${environment.managementRoleArn} is the management role of account ${environment.account}, or correct the environment's "account" in the config`,
    );
  return found;
}

function observedRole(environment: ObservedEnvironment, project: string, name: string): ObservedRole {
  return (
    environment.roles.find((r) => r.project === project && r.role.name === name)?.role ?? { name, status: 'absent' }
  );
}
