// The snapshot of an account that holds nothing yet: what `plan --offline` diffs against, so the
// plan shows everything stateward would create, without credentials.

import type { Observed } from '../model/observed.ts';
import type { Desired } from '../model/types.ts';

export function emptyObserved(desired: Desired): Observed {
  const observed: Observed = {
    account: desired.account,
    projects: desired.projects.map((p) => ({
      name: p.name,
      bucket: { name: p.bucket.name, status: 'absent' },
      role: { name: p.role.name, status: 'absent' },
      ...(p.planRole ? { planRole: { name: p.planRole.name, status: 'absent' as const } } : {}),
    })),
    shared: {
      oidcProvider: { status: 'absent' },
      operators: { group: { status: 'absent' }, policy: { status: 'absent' } },
      lockTable: { status: 'absent' },
      ...(desired.shared.stateBoundary ? { stateBoundary: { status: 'absent' as const } } : {}),
    },
    orphans: { buckets: [], roles: [] },
  };
  if (desired.environments)
    observed.environments = desired.environments.map((e) => ({
      name: e.name,
      account: e.account,
      roles: e.roles.map((r) => ({ project: r.project, role: { name: r.role.name, status: 'absent' } })),
      ...(e.oidcProvider ? { oidcProvider: { status: 'absent' as const } } : {}),
    }));
  return observed;
}
