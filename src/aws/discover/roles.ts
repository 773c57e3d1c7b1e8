// The account's tf-* roles, read as observe() reads project roles (per role, or from one account-level read
// on a fleet: observe/roles.ts), plus their managed policies' documents. A role that cannot be read is
// reported against its own ARN either way.
import type * as IAM from '@aws-sdk/client-iam';
import type { AuditRole } from '../../audit/snapshot.ts';
import type { ObservedRole } from '../../model/observed.ts';
import { ROLE_PREFIX, roleOfName } from '../../names/naming.ts';
import type { Reader } from '../observe/read.ts';
import { observeRole } from '../observe/role.ts';
import { listRoles, type ObservedRoles, observeRoles, roleReadsFor } from '../observe/roles.ts';
import { capture, type ErrorSink } from './capture.ts';
import { managedPolicies } from './managed-policies.ts';

export interface DiscoveredRoles {
  roles: AuditRole[];
  /** The account-level read's groups, when it was made: the operators' group needs no read of its own then. */
  groups?: ReadonlyMap<string, IAM.GroupDetail>;
}

export async function discoverRoles(reader: Reader, errors: ErrorSink): Promise<DiscoveredRoles> {
  const listed = await listRoles(reader);
  const names = [...listed.values()].filter((r) => r.name.startsWith(ROLE_PREFIX) && r.arn).map((r) => r.name);
  // One account-level read for all of them, when that is cheaper; its failure is then each role's.
  const batch: Promise<ObservedRoles | { failed: unknown }> | undefined =
    roleReadsFor(names, listed) === 'account'
      ? observeRoles(reader, names, listed, 'account').catch((failed: unknown) => ({ failed }))
      : undefined;
  const readOne = async (name: string): Promise<ObservedRole | undefined> => {
    if (!batch) return observeRole(reader, name);
    const done = await batch;
    if ('failed' in done) throw done.failed;
    return done.roles.get(name);
  };
  const roles = await Promise.all(
    names.map(async (name): Promise<AuditRole> => {
      const arn = listed.get(name)?.arn ?? '';
      const parsed = roleOfName(name);
      // A tf-* name stateward would not write (e.g. tf-Foo) still gets audited, under the rest of its name.
      const role: AuditRole = {
        name,
        arn,
        project: parsed?.project ?? name.slice(ROLE_PREFIX.length),
        ...(parsed?.kind === 'plan' ? { kind: 'plan' as const } : {}),
        managedPolicies: [],
      };
      const observed = await capture(errors, role.arn, role.project, () => readOne(name));
      if (observed?.status === 'present') {
        role.observed = observed;
        role.managedPolicies = await managedPolicies(reader, observed.managedPolicyArns ?? [], errors, role.project);
      }
      return role;
    }),
  );
  const done = await batch;
  return done && !('failed' in done) && done.details ? { roles, groups: done.details.groups } : { roles };
}
