// diff(desired, observed) -> Plan: pure. Per project its bucket then its role, then the account's
// shared resources. Nothing is ever deleted: resources that look like ours but are not in the config
// are passed through as orphans, for the user to decide. A project whose bucket name another account
// holds is left out whole, as `blocked` (src/plan/bucket-first.ts).

import { StatewardError, StatewardErrors } from '../errors.ts';
import type { Observed, ObservedProject } from '../model/observed.ts';
import type { Desired, DesiredProject } from '../model/types.ts';
import { bucketNameTaken, rolesAfterBucket } from './bucket-first.ts';
import type { Change, Plan } from './change.ts';
import { diffAccount, oidcProviderCreateId } from './diff-account.ts';
import { diffBucket } from './diff-bucket.ts';
import { diffEnvironments } from './diff-environments.ts';
import { diffRole } from './diff-role.ts';
import { diffStateBoundary, rolesAfterStateBoundary } from './diff-state-boundary.ts';
import { projectStateKeys } from './foreign-lifecycle.ts';
import { afterLockDigests, diffLockDigests, lockTableCreateId } from './lock-digests.ts';
import { adoptedBucketNotices, orphanBucketNotice, riskNotices } from './notices.ts';

export function diff(desired: Desired, observed: Observed): Plan {
  refuseOtherAccount(desired, observed);
  const pairs = desired.projects.map((project) => ({ project, observed: observedProject(observed, project) }));
  const foreign = pairs.filter((p) => p.observed.bucket.status === 'foreign');
  const planned = pairs.filter((p) => p.observed.bucket.status !== 'foreign');
  refuseMissingHumans(observed);
  const oidcCreate = oidcProviderCreateId(desired.shared.oidcProvider);
  const tableCreate = lockTableCreateId(desired.shared.lockTable?.name ?? '');
  const changes = afterLockDigests([
    ...planned.flatMap(({ project, observed: o }) =>
      rolesAfterBucket(
        [
          ...diffLockDigests(project, o, tableCreate),
          ...diffBucket(project.bucket, o.bucket, project.name, projectStateKeys(project.config)),
          ...diffRole(project.role, o.role, project.name, oidcCreate),
          ...(project.planRole
            ? diffRole(
                project.planRole,
                o.planRole ?? { name: project.planRole.name, status: 'absent' },
                project.name,
                oidcCreate,
              )
            : []),
        ],
        project,
      ),
    ),
    ...diffAccount(desired, observed),
    ...diffEnvironments(desired, observed, new Set(planned.map(({ project }) => project.name))),
    ...diffStateBoundary(desired.shared.stateBoundary, observed.shared.stateBoundary),
  ]);
  return {
    version: 1,
    account: desired.account,
    changes: keepPlannedDependencies(rolesAfterStateBoundary(changes, desired.shared.stateBoundary)),
    orphans: { buckets: [...observed.orphans.buckets], roles: [...observed.orphans.roles] },
    notices: [
      ...planned.flatMap(({ project, observed: o }) => adoptedBucketNotices(project.config, o.bucket)),
      ...planned.flatMap(({ project }) => riskNotices(project.config)),
      ...observed.orphans.buckets.map((bucket) => orphanBucketNotice(bucket, desired.account)),
    ],
    blocked: foreign.map(({ project }) => bucketNameTaken(project, desired.account)),
  };
}

/** A dependency on a change that is not planned (its resource already exists) is already met. */
function keepPlannedDependencies(changes: Change[]): Change[] {
  const planned = new Set(changes.map((c) => c.id));
  return changes.map((c) => ({ ...c, dependsOn: c.dependsOn.filter((id) => planned.has(id)) }));
}

function refuseOtherAccount(desired: Desired, observed: Observed): void {
  if (observed.account === desired.account) return;
  throw new StatewardError(
    'PLAN_ACCOUNT_MISMATCH',
    `the credentials are for account ${observed.account}, but the config is for account ${desired.account}`,
    `use credentials for account ${desired.account} (e.g. --profile), or correct "account" in the config`,
  );
}

function observedProject(observed: Observed, project: DesiredProject): ObservedProject {
  const found = observed.projects.find((p) => p.name === project.name);
  if (found) return found;
  throw new StatewardError(
    'PLAN_PROJECT_NOT_OBSERVED',
    `the account snapshot has no entry for project "${project.name}", so nothing can be said about its bucket and role`,
    'observe the account again with the same config; a snapshot taken for another config cannot be planned against this one',
  );
}

/**
 * Every trust naming a human and the operators' group need the IAM user to exist: IAM refuses the write
 * otherwise, halfway through an apply. Each missing user is one error, found before anything is written.
 */
function refuseMissingHumans(observed: Observed): void {
  const missing = (observed.shared.humans ?? []).filter((h) => h.status === 'absent').map((h) => h.name);
  if (missing.length === 0) return;
  throw new StatewardErrors(
    missing.map(
      (name) =>
        new StatewardError(
          'PLAN_HUMAN_MISSING',
          `IAM user "${name}" listed in humans does not exist in account ${observed.account}; the roles' trust and the tf-operators group cannot name it`,
          `create the user first (aws iam create-user --user-name ${name}), or remove "${name}" from humans in the config`,
        ),
    ),
  );
}
