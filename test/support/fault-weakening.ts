// Compares two account snapshots: what was there before must still be there after, and no protection may be
// weaker. Buckets may gain protections (a policy statement, a lifecycle rule) but lose none; a role, a
// managed policy or a lock-table policy that existed must be unchanged (stateward writes each document
// whole, so under one config a document, once written, never changes); group members and OIDC client ids
// may only be added.
import type { AccountSnapshot, BucketSnapshot } from './fault-snapshot.ts';

/** Every way `after` is weaker than `before`, one sentence each; empty when nothing was lost. */
export function weakenings(before: AccountSnapshot, after: AccountSnapshot): string[] {
  return [
    ...Object.entries(before.buckets).flatMap(([name, was]) => {
      const now = after.buckets[name];
      return now ? bucketWeakenings(name, was, now) : [`bucket ${name} was deleted`];
    }),
    ...Object.entries(before.roles).flatMap(([name, was]) => {
      const now = after.roles[name];
      if (!now) return [`role ${name} was deleted`];
      const problems = now.trust === was.trust ? [] : [`role ${name}: trust policy changed`];
      for (const [policy, document] of Object.entries(was.inlinePolicies)) {
        if (now.inlinePolicies[policy] === undefined)
          problems.push(`role ${name}: inline policy ${policy} was deleted`);
        else if (now.inlinePolicies[policy] !== document)
          problems.push(`role ${name}: inline policy ${policy} changed`);
      }
      problems.push(
        ...missing(was.attached, now.attached).map((arn) => `role ${name}: managed policy ${arn} was detached`),
      );
      return problems;
    }),
    ...Object.entries(before.groupMembers).flatMap(([group, members]) =>
      after.groupMembers[group]
        ? missing(members, after.groupMembers[group]).map((user) => `group ${group}: member ${user} was removed`)
        : [`group ${group} was deleted`],
    ),
    ...Object.entries(before.managedPolicies).flatMap(([arn, document]) =>
      after.managedPolicies[arn] === undefined
        ? [`managed policy ${arn} was deleted`]
        : after.managedPolicies[arn] === document
          ? []
          : [`managed policy ${arn} changed`],
    ),
    ...Object.entries(before.oidcClientIds).flatMap(([arn, ids]) =>
      after.oidcClientIds[arn]
        ? missing(ids, after.oidcClientIds[arn]).map((id) => `OIDC provider ${arn}: client id ${id} was removed`)
        : [`OIDC provider ${arn} was deleted`],
    ),
    ...Object.entries(before.tables).flatMap(([table, was]) => {
      const now = after.tables[table];
      if (!now) return [`table ${table} was deleted`];
      return was.policy !== null && now.policy !== was.policy
        ? [`table ${table}: resource policy ${now.policy === null ? 'was deleted' : 'changed'}`]
        : [];
    }),
  ];
}

function bucketWeakenings(name: string, was: BucketSnapshot, now: BucketSnapshot): string[] {
  const problems: string[] = [];
  if (was.versioning === 'Enabled' && now.versioning !== 'Enabled')
    problems.push(`bucket ${name}: versioning ${now.versioning}, was Enabled`);
  for (const [flag, on] of Object.entries(was.publicAccessBlock)) {
    if (on && now.publicAccessBlock[flag] !== true)
      problems.push(`bucket ${name}: public access block ${flag} turned off`);
  }
  if (was.encryption && !now.encryption) problems.push(`bucket ${name}: default encryption removed`);
  if (was.ownership && now.ownership !== was.ownership)
    problems.push(`bucket ${name}: object ownership ${now.ownership}, was ${was.ownership}`);
  problems.push(
    ...missing(was.policyStatements, now.policyStatements).map(
      (statement) => `bucket ${name}: policy statement removed or changed: ${statement}`,
    ),
  );
  problems.push(
    ...missing(was.lifecycleRuleIds, now.lifecycleRuleIds).map((id) => `bucket ${name}: lifecycle rule ${id} removed`),
  );
  return problems;
}

function missing(before: readonly string[], after: readonly string[]): string[] {
  const present = new Set(after);
  return before.filter((item) => !present.has(item));
}
