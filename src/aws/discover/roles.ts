// The account's tf-* roles, each read like observe() reads a project role, plus its managed policies' documents.
import * as IAM from '@aws-sdk/client-iam';
import type { AuditRole } from '../../audit/snapshot.ts';
import { ROLE_PREFIX, roleOfName } from '../../names/naming.ts';
import { allIamPages, type Reader } from '../observe/read.ts';
import { observeRole } from '../observe/role.ts';
import { capture, type ErrorSink } from './capture.ts';
import { managedPolicies } from './managed-policies.ts';

export async function discoverRoles(reader: Reader, errors: ErrorSink): Promise<AuditRole[]> {
  const pages = await allIamPages(reader, (c, Marker) =>
    c.iam.send(new IAM.ListRolesCommand({ Marker, MaxItems: 1000 })),
  );
  const listed = pages.flatMap((page) => page.Roles ?? []).filter((r) => r.RoleName?.startsWith(ROLE_PREFIX) && r.Arn);
  return Promise.all(
    listed.map(async ({ RoleName, Arn }): Promise<AuditRole> => {
      const name = RoleName!;
      const parsed = roleOfName(name);
      // A tf-* name stateward would not write (e.g. tf-Foo) still gets audited, under the rest of its name.
      const role: AuditRole = {
        name,
        arn: Arn!,
        project: parsed?.project ?? name.slice(ROLE_PREFIX.length),
        ...(parsed?.kind === 'plan' ? { kind: 'plan' as const } : {}),
        managedPolicies: [],
      };
      const observed = await capture(errors, role.arn, role.project, () => observeRole(reader, name));
      if (observed?.status === 'present') {
        role.observed = observed;
        role.managedPolicies = await managedPolicies(reader, observed.managedPolicyArns ?? [], errors, role.project);
      }
      return role;
    }),
  );
}
