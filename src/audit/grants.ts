// Which objects of a given bucket a statement names: its resource entries turned into concrete ARNs of that
// bucket (wildcards filled in), so that "does this role grant s3:GetObject on B's state" can be asked of
// the evaluator without guessing B's keys.
import type { NamedPolicy, Statement } from '../iam/document.ts';
import { matchesGlob } from '../iam/wildcard.ts';
import { bucketArn } from '../names/naming.ts';
import { PROBE_KEY } from './fence.ts';
import { allowCovers, type LabelledStatement, labelledStatements, listOf } from './statements.ts';

export function objectProbes(statement: Statement, bucket: string): string[] {
  const probes = new Set<string>();
  for (const entry of listOf(statement.Resource ?? statement.NotResource)) {
    if (entry === '*') probes.add(`${bucketArn(bucket)}/${PROBE_KEY}`);
    const rest = /^arn:[^:]*:s3:::(.*)$/.exec(entry)?.[1];
    if (rest === undefined) continue;
    const slash = rest.indexOf('/');
    if (slash >= 0 && matchesGlob(rest.slice(0, slash), bucket))
      probes.add(`${bucketArn(bucket)}/${rest.slice(slash + 1).replace(/[*?]/g, 'x')}`);
    if (slash < 0 && rest.endsWith('*') && matchesGlob(rest, `${bucket}/x`)) probes.add(`${bucketArn(bucket)}/x`);
  }
  return [...probes];
}

/** The statements of these policies that allow `action` on some object of `bucket`. */
export function grantsOnObjects(policies: readonly NamedPolicy[], bucket: string, action: string): LabelledStatement[] {
  return labelledStatements(policies).filter((s) =>
    objectProbes(s.statement, bucket).some((probe) => allowCovers(s.statement, action, probe)),
  );
}
