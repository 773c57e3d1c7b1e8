// destroy: inspectProject reads what a project holds; checkDestroyable refuses, before anything is touched,
// while the bucket holds any object version or a lock is held (unless force) or when another account owns
// the bucket; destroyProject then removes that footprint (the bucket, the role, the lock items), nothing else.
import { StatewardError } from '../../errors.ts';
import type { AwsClients } from '../clients.ts';
import { createLimiter } from '../limit.ts';
import { createReader } from '../observe/read.ts';
import { listAllVersions, type ProjectFootprint } from './inspect.ts';
import { deleteLockItems } from './lock-items.ts';
import { deleteBucket, deleteVersions, removeBucketPolicy, removeRole } from './remove.ts';

export interface DestroyOptions {
  force: boolean;
  onStep?: (step: string) => void;
}

export interface RemovedRole {
  name: string;
  deleted: boolean;
  inlinePolicies: string[];
  detached: string[];
}

export interface DestroyResult {
  bucket: { name: string; deleted: boolean; versionsDeleted: number; deleteMarkersDeleted: number };
  role: RemovedRole;
  planRole: RemovedRole;
  /** Lock and digest items removed from the shared lock table. */
  lockItemsDeleted: number;
}

/** Writers that race the emptying (a terraform run) get this many more rounds before destroy gives up. */
const EMPTYING_ROUNDS = 3;

export { inspectProject, type ProjectFootprint, type StateFile } from './inspect.ts';

/** Throws when destroy must not proceed; reads nothing, deletes nothing. */
export function checkDestroyable(project: string, footprint: ProjectFootprint, force: boolean, account: string): void {
  const { bucket } = footprint;
  if (bucket.status === 'foreign') throw foreignBucket(bucket.name, account);
  if (bucket.versions.length > 0 && !force)
    throw notEmpty(project, bucket.name, bucket.versions.length, bucket.deleteMarkers);
  const held = footprint.lockItems.filter((item) => !item.digest);
  if (held.length > 0 && !force)
    throw locked(
      project,
      held.map((item) => item.lockId),
    );
}

/** Removes the footprint inspected (and approved) before; what arrived since is deleted only with force. */
export async function destroyProject(
  project: string,
  footprint: ProjectFootprint,
  clients: AwsClients,
  options: DestroyOptions,
): Promise<DestroyResult> {
  checkDestroyable(project, footprint, options.force, clients.account);
  const step = options.onStep ?? (() => undefined);
  const { bucket } = footprint;
  const names = { bucket: bucket.name, role: footprint.role.name, planRole: footprint.planRole.name };

  const result: DestroyResult = {
    bucket: { name: bucket.name, deleted: false, versionsDeleted: 0, deleteMarkersDeleted: 0 },
    role: { name: names.role, deleted: false, inlinePolicies: [], detached: [] },
    planRole: { name: names.planRole, deleted: false, inlinePolicies: [], detached: [] },
    lockItemsDeleted: 0,
  };
  // The lock table's items first: the table's fence admits only the project's role and the admins, so an
  // operator it refuses learns it before anything else is gone.
  if (footprint.lockItems.length > 0) {
    step(
      `removing ${footprint.lockItems.length} lock table item${footprint.lockItems.length === 1 ? '' : 's'} of ${bucket.name}`,
    );
    await deleteLockItems(footprint.lockItems, clients, project);
    result.lockItemsDeleted = footprint.lockItems.length;
  }
  // Then the roles: from here on no pipeline can write new state into the bucket being emptied.
  if (footprint.role.present) {
    step(`removing role ${names.role}`);
    result.role = { name: names.role, deleted: true, ...(await removeRole(names.role, clients)) };
  }
  if (footprint.planRole.present) {
    step(`removing role ${names.planRole}`);
    result.planRole = { name: names.planRole, deleted: true, ...(await removeRole(names.planRole, clients)) };
  }
  if (bucket.status === 'present') {
    step(`removing bucket ${bucket.name}`);
    await removeBucketPolicy(bucket.name, clients);
    let pending = { versions: bucket.versions, deleteMarkers: bucket.deleteMarkers };
    for (let round = 0; ; round++) {
      await deleteVersions(bucket.name, pending.versions, clients);
      result.bucket.versionsDeleted += pending.versions.length - pending.deleteMarkers;
      result.bucket.deleteMarkersDeleted += pending.deleteMarkers;
      if (await deleteBucket(bucket.name, clients)) {
        result.bucket.deleted = true;
        return result;
      }
      if (!options.force || round === EMPTYING_ROUNDS) throw busy(project, bucket.name, options.force);
      pending = await listAllVersions(createReader(clients, createLimiter(1)), bucket.name);
    }
  }
  return result;
}

function locked(project: string, lockIds: string[]): StatewardError {
  return new StatewardError(
    'DESTROY_LOCKED',
    `A Terraform run holds ${lockIds.length === 1 ? 'a lock' : `${lockIds.length} locks`} on project "${project}" (${lockIds.join(', ')}). Nothing was deleted.`,
    `Let the run finish, or check it with \`stateward locks --project ${project}\`; then run destroy again (--force deletes the locks with everything else).`,
  );
}

function notEmpty(project: string, bucket: string, versions: number, deleteMarkers: number): StatewardError {
  return new StatewardError(
    'DESTROY_NOT_EMPTY',
    `Bucket ${bucket} still holds ${versions} object version${versions === 1 ? '' : 's'} (${deleteMarkers} of them delete markers): state, its history or locks. Nothing was deleted.`,
    `Keep what you need first (e.g. \`terraform state pull > backup.tfstate\`), then run \`stateward destroy --project ${project} --force\` to delete every version with the bucket.`,
  );
}

function busy(project: string, bucket: string, force: boolean): StatewardError {
  return new StatewardError(
    'DESTROY_BUCKET_BUSY',
    `New objects arrived in ${bucket} while it was being removed; its role and bucket policy are already gone, the bucket is still there.`,
    force
      ? 'Stop whatever still writes to it (a pipeline, a terraform run), then run destroy --force again.'
      : `Stop whatever still writes to it, then run \`stateward destroy --project ${project} --force\` to delete those objects too.`,
  );
}

function foreignBucket(bucket: string, account: string): StatewardError {
  return new StatewardError(
    'AWS_BUCKET_FOREIGN',
    `Bucket ${bucket} belongs to another AWS account, not ${account}; destroy touches nothing.`,
    "Destroy only removes resources of the config's account; check the project name and the credentials in use.",
  );
}
