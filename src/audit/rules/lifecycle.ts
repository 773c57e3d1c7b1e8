// A lifecycle rule that deletes state versions stateward keeps (issue 12, finding 1): one that expires
// current versions, or expires old versions sooner or keeps fewer than the config says. Anyone who may
// write the bucket's lifecycle can destroy the state and every version a restore would need, in a day.

import { DEFAULTS } from '../../config/normalize.ts';
import { ABORT_MULTIPART_DAYS } from '../../desired/build.ts';
import { harmfulLifecycleRules, projectStateKeys, type VersionsKept } from '../../plan/foreign-lifecycle.ts';
import { lifecycleRule } from '../../plan/lifecycle.ts';
import type { AuditContext } from '../context.ts';
import { projectLabel } from '../context.ts';
import { applyOr, shellJson } from '../fixes.ts';
import type { Hit, Rule } from '../types.ts';

type Bucket = AuditContext['readableBuckets'][number];

/** The config's promise for a configured project; else what stateward's rule on the bucket says; else the defaults. */
function versionsKept(bucket: Bucket, context: AuditContext): VersionsKept {
  const configured = context.configProject(bucket.project);
  if (configured)
    return { noncurrentDays: configured.noncurrentDays, newerNoncurrentVersions: configured.keepStateVersions };
  return (
    bucket.settings.lifecycle?.stateward ?? {
      noncurrentDays: DEFAULTS.noncurrentDays,
      newerNoncurrentVersions: DEFAULTS.keepStateVersions,
    }
  );
}

export const lifecycleDeletesState: Rule<AuditContext> = {
  meta: {
    id: 'SW-BUCKET-009',
    severity: 'high',
    title: 'A lifecycle rule deletes state versions stateward keeps',
    rationale:
      'A rule that expires current versions, or old versions sooner or in greater number than configured, deletes the state and the versions a restore needs.',
  },
  check: (context) =>
    context.readableBuckets.flatMap((bucket): Hit[] => {
      const lifecycle = bucket.settings.lifecycle;
      if (!lifecycle) return [];
      const configured = context.configProject(bucket.project);
      const kept = versionsKept(bucket, context);
      const rules = [...lifecycle.otherRules, ...(lifecycle.statewardRule ? [lifecycle.statewardRule] : [])];
      const harmful = harmfulLifecycleRules(rules, kept, configured ? projectStateKeys(configured) : null);
      if (harmful.length === 0) return [];
      const remaining = lifecycle.otherRules.filter((rule) => !harmful.some((h) => h.rule === rule));
      const rewrite = {
        Rules: [...remaining, lifecycleRule({ ...kept, abortIncompleteMultipartUploadDays: ABORT_MULTIPART_DAYS })],
      };
      return [
        {
          project: bucket.project,
          resource: bucket.arn,
          message: `${bucket.name} (${projectLabel(bucket.project, bucket.name)}) has ${harmful.map((h) => `lifecycle rule "${h.id}", which ${h.harms.join(' and ')}`).join('; ')}: the state and the versions a restore needs can be deleted.`,
          evidence: harmful.map((h) => `GetBucketLifecycleConfiguration rule ${JSON.stringify(h.rule)}`).join('; '),
          fix: applyOr(
            context,
            bucket.project,
            `aws s3api put-bucket-lifecycle-configuration --bucket ${bucket.name} --lifecycle-configuration ${shellJson(rewrite)} (the other rules are kept)`,
          ),
        },
      ];
    }),
};
