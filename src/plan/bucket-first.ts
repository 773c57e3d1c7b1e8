// A project's role comes only after its bucket exists and is ours (issue 12, finding 2). A bucket name is
// global and predictable: were the role created while another account holds tfstate-<project>-<account>,
// the project's pipeline could send its state there. So a project whose bucket another account owns is left
// out of the plan whole, and every role change of a project whose bucket is still to be created waits for
// that creation: when CreateBucket fails (the name was taken meanwhile), apply skips the role and its policies.
import type { DesiredProject } from '../model/types.ts';
import type { BlockedProject, Change } from './change.ts';
import { changeId } from './change.ts';

/**
 * Every role change of the project waits for its bucket's creation: directly, or through its role's creation
 * (which waits itself). The dependency is dropped by the planner when no creation is planned.
 */
export function rolesAfterBucket(changes: Change[], project: DesiredProject): Change[] {
  const bucketCreate = changeId('bucket', project.bucket.name, 'resource');
  const waitsForItsRole = (change: Change) =>
    change.dependsOn.includes(changeId('role', change.resourceName, 'resource'));
  return changes.map((change) =>
    change.resourceType === 'role' && !waitsForItsRole(change) && !change.dependsOn.includes(bucketCreate)
      ? { ...change, dependsOn: [...change.dependsOn, bucketCreate] }
      : change,
  );
}

export function bucketNameTaken(project: DesiredProject, account: string): BlockedProject {
  const bucket = project.bucket.name;
  return {
    project: project.name,
    code: 'PLAN_BUCKET_FOREIGN',
    message: `bucket ${bucket} (project "${project.name}") already exists and belongs to another AWS account; S3 bucket names are global, so nothing of project "${project.name}" is planned or created: no bucket settings, no role ${project.role.name}, no policies`,
    fix: `rename project "${project.name}" in the config (its bucket is tfstate-<project>-${account}), or delete bucket ${bucket} in the account that owns it; then run \`stateward apply\` again`,
  };
}
