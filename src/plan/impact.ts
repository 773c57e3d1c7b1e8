// Impact and access per (resource, setting): the ranking apply shows and the reason it gives.
// Impact ranks what a mistake in this change would cost: critical = who reaches the state or the
// account's infrastructure, high = a security control or an identity, medium = recoverability or
// a pipeline's ability to work, low = labels and inert resources.

import { StatewardError } from '../errors.ts';
import * as broadens from './broadens.ts';
import type { ChangeAction, Impact, ResourceType } from './change.ts';

interface ImpactRule {
  broadens: broadens.BroadensRule;
  /** Impact and reason when the change broadens access (absent: it never does). */
  broadening?: [Impact, string];
  /** Impact and reason otherwise (absent: it always broadens). */
  otherwise?: [Impact, string];
}

const inert = (impact: Impact, why: string): ImpactRule => ({ broadens: broadens.never, otherwise: [impact, why] });
const granting = (impact: Impact, why: string): ImpactRule => ({
  broadens: broadens.always,
  broadening: [impact, why],
});
const either = (
  rule: broadens.BroadensRule,
  broadening: [Impact, string],
  otherwise: [Impact, string],
): ImpactRule => ({ broadens: rule, broadening, otherwise });
const labels = inert('low', "labels only; stateward's policies do not decide access by tag");

/** Keyed "<resourceType>/<setting>". */
const RULES: Record<string, ImpactRule> = {
  'bucket/resource': inert('medium', 'a new state store; S3 creates it private and its settings follow'),
  'bucket/versioning': inert('high', 'old versions are what a bad apply or a corrupt state is restored from'),
  'bucket/encryption': either(
    broadens.encryption,
    ['high', "new state objects no longer need the old KMS key's permission to read"],
    ['medium', 'state at rest is encrypted as configured'],
  ),
  'bucket/publicAccessBlock': either(
    broadens.publicAccessBlock,
    ['critical', 'a policy or ACL could make state, which holds secrets, public'],
    ['high', 'no policy or ACL can make the state public'],
  ),
  'bucket/ownership': either(
    broadens.ownership,
    ['high', 'ACLs would let object writers grant others access to state'],
    ['medium', 'ACLs off, so only policies decide who reaches the state'],
  ),
  'bucket/policy': either(
    broadens.policyDocument,
    ['critical', 'loosens the fence or TLS statements that decide who reaches the state'],
    ['high', 'the fence and TLS statements decide who reaches the state'],
  ),
  'bucket/lifecycle': inert('medium', 'decides how many old state versions survive, and for how long'),
  'bucket/tags': labels,
  'bucket/lockDigests': inert('medium', "terraform fails every run whose state does not match the table's digest"),
  'role/resource': granting('high', 'a new identity its trusted workflows and humans can become'),
  'role/trust': either(
    broadens.policyDocument,
    ['critical', 'more workflows or humans can become the role'],
    ['high', 'decides who can become the role'],
  ),
  'role/inlinePolicy': either(
    broadens.policyDocument,
    ['high', 'the role may do more'],
    ['medium', 'the role may do less; runs that relied on it fail'],
  ),
  'role/managedPolicy': either(
    broadens.whenAdding,
    ['critical', "grants the role the policy's infrastructure permissions"],
    ['medium', 'takes permissions away; runs that relied on them fail'],
  ),
  'role/permissionsBoundary': either(
    broadens.permissionsBoundary,
    ['critical', 'lifts or replaces the ceiling on what the role may do'],
    ['high', 'caps what the role may do'],
  ),
  'role/maxSessionDuration': either(
    broadens.maxSessionDuration,
    ['medium', 'stolen session credentials stay valid longer'],
    ['low', 'sessions expire sooner'],
  ),
  'role/tags': labels,
  'oidc-provider/resource': granting(
    'high',
    "GitHub's tokens become exchangeable for any role that trusts the provider",
  ),
  'oidc-provider/clientIds': either(
    broadens.clientIds,
    ['high', 'the provider accepts tokens for another audience'],
    ['low', 'the provider accepts the same audiences'],
  ),
  'oidc-provider/tags': labels,
  'group/resource': inert('low', 'an empty group grants nothing'),
  'group/member': either(
    broadens.whenAdding,
    ['high', 'the user may assume the tf-* roles whose trust lists them'],
    ['medium', 'the user can no longer assume tf-* roles'],
  ),
  'group/inlinePolicy': either(
    broadens.policyDocument,
    ['high', 'the operators may do more than assume tf-* roles'],
    ['high', 'the operators lose what it granted beside assuming tf-* roles'],
  ),
  'group/managedPolicy': either(
    broadens.whenAdding,
    ['critical', 'the operators may do what the policy grants, without a role or MFA'],
    ['high', 'the operators lose what it granted beside assuming tf-* roles'],
  ),
  'group-policy/resource': inert('low', 'a policy grants nothing until attached'),
  'group-policy/document': either(
    broadens.policyDocument,
    ['high', 'the operators may assume more roles'],
    ['medium', 'the operators may assume fewer roles'],
  ),
  'group-policy/attachment': granting(
    'high',
    "the operators may assume tf-* roles; each role's trust still demands MFA",
  ),
  'group-policy/tags': labels,
  'managed-policy/resource': inert('low', 'a boundary grants nothing; it caps the roles that carry it'),
  'managed-policy/document': either(
    broadens.policyDocument,
    ['critical', 'lifts part of the cap on what roles with infrastructure permissions may do to the stores'],
    ['high', 'caps what roles with infrastructure permissions may do to the stores'],
  ),
  'managed-policy/tags': labels,
  'lock-table/resource': inert('medium', "Terraform's DynamoDB locking needs it before the first locked run"),
  'lock-table/tags': labels,
  'cost-allocation-tag/status': inert('low', 'billing reports only: Cost Explorer groups costs by the tag'),
  'lock-table/policy': either(
    broadens.policyDocument,
    ['critical', "loosens the lock fence: other roles could take or break this table's locks"],
    ['high', "the lock fence decides who may take or break each project's locks"],
  ),
};

export interface Assessment {
  impact: Impact;
  broadensAccess: boolean;
  why: string;
}

export function assess(
  resourceType: ResourceType,
  setting: string,
  values: { action: ChangeAction; old: unknown; new: unknown },
): Assessment {
  const rule = RULES[`${resourceType}/${setting}`];
  if (!rule) throw internal(`no impact rule for ${resourceType}/${setting}`);
  const broadensAccess = rule.broadens(values);
  const ranked = broadensAccess ? rule.broadening : rule.otherwise;
  if (!ranked)
    throw internal(`impact rule ${resourceType}/${setting} has no ranking for broadensAccess=${broadensAccess}`);
  return { impact: ranked[0], broadensAccess, why: ranked[1] };
}

export const IMPACT_ORDER: Record<Impact, number> = { critical: 0, high: 1, medium: 2, low: 3 };

function internal(message: string): StatewardError {
  return new StatewardError(
    'PLAN_INTERNAL',
    message,
    'this is a bug in stateward; please report it with the config that caused it',
  );
}
