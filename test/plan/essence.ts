// What of an account stateward is responsible for, in comparable form: an oracle independent of
// diff's own judgement, so "the next plan is empty" cannot hide a drift diff failed to see.
// Left out: what belongs to others (foreign bucket statements, other lifecycle rules, tag keys stateward
// does not set, extra OIDC client ids, other inline policies) and orphans.
import type { PolicyDocument } from '../../src/iam/document.ts';
import { STATE_ACCESS_POLICY_NAME } from '../../src/model/naming.ts';
import type { Observed } from '../../src/model/observed.ts';
import type { Desired, Tags } from '../../src/model/types.ts';
import { isStatewardStatement } from '../../src/plan/bucket-policy-merge.ts';
import { statementKeys } from '../../src/plan/canonical.ts';

const meaning = (d: PolicyDocument | null | undefined, withSid = false) =>
  d ? { version: d.Version, statements: [...statementKeys(d, { withSid })].sort() } : null;
const sorted = (values: string[] | undefined) => [...(values ?? [])].sort();

/** Only the keys stateward sets on the resource (`owned`), whatever else the resource carries. */
const ownedOnly = (live: Tags | undefined, owned: Tags) =>
  Object.fromEntries(Object.keys(owned).map((key) => [key, live?.[key]]));

export function essence(o: Observed, desired: Desired): unknown {
  const projectTags = (name: string) => desired.projects.find((p) => p.name === name)?.bucket.tags ?? {};
  const sharedTags = desired.shared.oidcProvider.tags;
  return {
    account: o.account,
    projects: o.projects.map(({ name, bucket: b, role: r }) => ({
      name,
      bucket: {
        ...b,
        policy: b.policy
          ? meaning({ ...b.policy, Statement: b.policy.Statement.filter(isStatewardStatement) }, true)
          : null,
        lifecycle: b.lifecycle?.stateward ?? null,
        tags: ownedOnly(b.tags, projectTags(name)),
      },
      role: {
        ...r,
        trust: meaning(r.trust),
        inlinePolicies: meaning(r.inlinePolicies?.[STATE_ACCESS_POLICY_NAME]),
        managedPolicyArns: sorted(r.managedPolicyArns),
        tags: ownedOnly(r.tags, projectTags(name)),
      },
    })),
    oidcProvider: {
      ...o.shared.oidcProvider,
      clientIds: o.shared.oidcProvider.clientIds?.includes('sts.amazonaws.com') ?? false,
      tags: ownedOnly(o.shared.oidcProvider.tags, sharedTags),
    },
    group: { ...o.shared.operators.group, members: sorted(o.shared.operators.group.members) },
    policy: {
      ...o.shared.operators.policy,
      document: meaning(o.shared.operators.policy.document),
      tags: ownedOnly(o.shared.operators.policy.tags, sharedTags),
    },
    lockTable: {
      ...o.shared.lockTable,
      policy: o.shared.lockTable.policy
        ? meaning(
            {
              ...o.shared.lockTable.policy,
              Statement: o.shared.lockTable.policy.Statement.filter(isStatewardStatement),
            },
            true,
          )
        : null,
      tags: ownedOnly(o.shared.lockTable.tags, sharedTags),
    },
  };
}
