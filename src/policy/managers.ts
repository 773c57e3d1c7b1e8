// Who may manage the state stores (bucket settings and policy, the lock table itself): the config's
// `admins`. Without admins, every tf-* role is kept out instead, so a project role can still never
// manage a store while whoever runs `stateward apply` (an account administrator) is not locked out.
import type { Config } from '../config/types.ts';
import { StatewardError } from '../errors.ts';
import type { ConditionBlock } from '../iam/document.ts';
import { matchesGlob } from '../iam/wildcard.ts';
import { ROLE_PREFIX } from '../names/naming.ts';
import { single } from './statement.ts';

/** Every role stateward names (it creates them without a path). */
export const projectRolesPattern = (account: string): string => `arn:aws:iam::${account}:role/${ROLE_PREFIX}*`;

/** The condition of a Deny that leaves only the managers out. */
export function notManagers(config: Config): ConditionBlock {
  return config.admins.length > 0
    ? { ArnNotLike: { 'aws:PrincipalArn': single(config.admins) } }
    : { ArnLike: { 'aws:PrincipalArn': projectRolesPattern(config.account) } };
}

/** Whether a principal (aws:PrincipalArn: a role ARN with its path, a user, the root) may manage the stores. */
export function isManager(principalArn: string, config: Config): boolean {
  return config.admins.length > 0
    ? config.admins.some((admin) => matchesGlob(admin, principalArn))
    : !matchesGlob(projectRolesPattern(config.account), principalArn);
}

/** apply writes fences that keep everyone but the managers out of the stores: it must run as one. */
export function assertManager(principalArn: string, config: Config): void {
  if (isManager(principalArn, config)) return;
  const admins = config.admins.length > 0;
  throw new StatewardError(
    'APPLY_NOT_AN_ADMIN',
    admins
      ? `${principalArn} is not in the admins of ${config.file}; the fences stateward writes let only the admins manage state buckets and the lock table, so this apply would lock its own caller out`
      : `${principalArn} is a project role; the fences stateward writes keep every tf-* role from managing state buckets and the lock table`,
    admins
      ? `run apply as one of the admins, or add "${principalArn}" to admins in ${config.file} (a role's ARN with its path, as \`aws iam get-role\` shows it). Locked out already: the account root can always delete a bucket policy`
      : `run apply as an account administrator that is not a tf-* role, or list it under admins in ${config.file}`,
  );
}
