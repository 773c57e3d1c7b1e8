// `reads: [other]`: read-only access to another project's states, for terraform_remote_state.
// It is the only way a role reaches another bucket.
import type { Config, ProjectConfig } from '../config/types.ts';
import type { Statement } from '../iam/document.ts';
import { bucketArn, bucketName, lockTableArn } from '../names/naming.ts';
import { kmsStatement } from './kms.ts';
import { sidPart } from './sids.ts';
import { digestItemId, dropCovered, grantStateKeys, objectArn, workspaceListPrefix } from './state-keys.ts';
import { allow, lockItemCondition, stringMatch } from './statement.ts';

export function remoteStateStatements(project: ProjectConfig, config: Config): Statement[] {
  return project.reads.flatMap((name) => {
    const target = config.projects.find((p) => p.name === name);
    return target ? readStatements(target, config) : [];
  });
}

function readStatements(target: ProjectConfig, config: Config): Statement[] {
  const bucket = bucketName(target.name, config.account);
  const suffix = sidPart(target.name);
  const grants = [...target.access.apply, ...target.access.plan, ...target.access.read];
  const keys = dropCovered(grants.flatMap(grantStateKeys));
  const statements: Statement[] = [];
  const prefixes = [...new Set(grants.filter((g) => g.workspaces.length > 0).map(workspaceListPrefix))];
  // Only a named workspace needs the listing; limited to the prefix Terraform sends, it shows
  // workspace key names and nothing else of the other bucket.
  if (prefixes.length > 0)
    statements.push(
      allow(
        `ListRemoteWorkspaces${suffix}`,
        ['s3:ListBucket'],
        [bucketArn(bucket)],
        stringMatch('s3:prefix', prefixes),
      ),
    );
  statements.push(
    allow(
      `ReadRemoteState${suffix}`,
      ['s3:GetObject'],
      keys.map((key) => objectArn(bucket, key)),
    ),
  );
  if (target.locking !== 'lockfile') {
    const digests = keys.map((key) => digestItemId(bucket, key));
    statements.push(
      allow(
        `ReadRemoteDigest${suffix}`,
        ['dynamodb:GetItem'],
        [lockTableArn(config.region, config.account)],
        lockItemCondition(digests, ['LockID', 'Digest']),
      ),
    );
  }
  return [...statements, ...kmsStatement(`DecryptRemoteState${suffix}`, target, config.region, 'read')];
}
