// `stateBoundary: true` (issue 12, finding 1): a project role with infrastructure permissions must carry
// tf-state-boundary, or its managed policies may manage another project's bucket, key or lock table, or rewrite
// the tf-* roles, wherever no resource policy stops them.

import { stateBoundaryOf } from '../../policy/boundary.ts';
import type { AuditContext } from '../context.ts';
import type { Hit, Rule } from '../types.ts';

export const stateBoundaryMissing: Rule<AuditContext> = {
  meta: {
    id: 'SW-FENCE-006',
    severity: 'medium',
    title: 'A role the config caps with tf-state-boundary does not carry it',
    rationale:
      "Without the boundary, the managed policies of the role may manage other projects' keys and stores and rewrite tf-* roles.",
  },
  check: (context) => {
    const config = context.snapshot.config;
    if (!config) return [];
    return context.readableRoles.flatMap((role): Hit[] => {
      const project = context.configProject(role.project);
      const wanted = project ? stateBoundaryOf(project, config) : undefined;
      const live = role.observed.permissionsBoundary ?? null;
      if (!wanted || live === wanted) return [];
      return [
        {
          project: role.project,
          resource: role.arn,
          message: `${role.name} holds infrastructure permissions and the config sets stateBoundary, but its permissions boundary is ${live ?? 'none'}, not ${wanted}.`,
          evidence: `GetRole PermissionsBoundary = ${live ?? '(none)'}`,
          fix: `Run \`stateward apply\` (it keeps ${wanted} and sets it on the role), or by hand once that policy exists: aws iam put-role-permissions-boundary --role-name ${role.name} --permissions-boundary ${wanted}`,
        },
      ];
    });
  },
};
