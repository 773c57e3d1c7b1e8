// What a plan found that is not a change: an existing bucket's contents when stateward adopts it, states
// the project's grants will not reach, and buckets of projects no longer in the config. Pure data; the
// renderings print them after the changes.
import { pullRequestApplyRisk } from '../config/risks.ts';
import type { ProjectConfig } from '../config/types.ts';
import type { ObservedBucket } from '../model/observed.ts';
import { BUCKET_PREFIX } from '../names/naming.ts';
import { grantStateKeys, wildcardMatch } from '../policy/state-keys.ts';

export interface Notice {
  /** 'warning': something to act on before or after apply; 'info': what the plan found. */
  level: 'info' | 'warning';
  project?: string;
  message: string;
}

const LISTED_KEYS = 10;

/** Whether any grant of the project (apply, plan or read) names this state object. */
export function grantReaches(project: ProjectConfig, stateKey: string): boolean {
  const grants = [...project.access.apply, ...project.access.plan, ...project.access.read];
  return grants.some((grant) => grantStateKeys(grant).some((pattern) => wildcardMatch(pattern, stateKey)));
}

export function adoptedBucketNotices(project: ProjectConfig, bucket: ObservedBucket): Notice[] {
  const contents = bucket.contents;
  if (contents?.denied)
    return [
      {
        level: 'warning',
        project: project.name,
        message: `bucket ${bucket.name} already exists, but listing its objects was refused (its policy keeps these credentials out), so the plan cannot say which states it holds; apply adopts it and keeps every object`,
      },
    ];
  if (!contents || contents.objects === 0) return [];
  const count = `${contents.complete ? '' : 'at least '}${contents.objects} object${contents.objects === 1 ? '' : 's'}`;
  const states = contents.stateKeys;
  const listed = states.slice(0, LISTED_KEYS).join(', ');
  const more = states.length > LISTED_KEYS ? ` and ${states.length - LISTED_KEYS} more` : '';
  const found: Notice = {
    level: 'info',
    project: project.name,
    message: `bucket ${bucket.name} already exists and holds ${count}${states.length > 0 ? `, ${states.length} of them state files: ${listed}${more}` : ', none of them a state file'}; apply adopts it and keeps every object`,
  };
  const unreachable = states.filter((key) => !grantReaches(project, key));
  return [
    found,
    ...unreachable.map(
      (key): Notice => ({
        level: 'warning',
        project: project.name,
        message: `state ${key} in ${bucket.name} is outside every grant of project "${project.name}": once the fence is written only the admins can reach it; add a grant with key "${key}" to the project's access, or move the state to its owner's bucket`,
      }),
    ),
  ];
}

/** A bucket of a project removed from (or renamed in) the config: where its state is and what protects it. */
export function orphanBucketNotice(bucket: string, account: string): Notice {
  const project = bucket.slice(BUCKET_PREFIX.length, bucket.length - account.length - 1);
  return {
    level: 'info',
    message: `bucket ${bucket} (project "${project}", not in the config) keeps its state and its bucket policy and lock fence until \`stateward destroy --project ${project}\`; if the project was renamed, its state is still in s3://${bucket}/: copy it into the renamed project's bucket with \`stateward migrate --from s3://${bucket}/<key> --to <new name> --workspaces\` (source untouched), then destroy the old project`,
  };
}

/** A risk the config accepts on purpose (allowPullRequestApply), repeated on every plan. */
export function riskNotices(project: ProjectConfig): Notice[] {
  const message = pullRequestApplyRisk(project);
  return message ? [{ level: 'warning', project: project.name, message }] : [];
}
