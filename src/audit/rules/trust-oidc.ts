// GitHub OIDC trust: the token's audience and subject must be pinned, the subject to one repo, and to
// GitHub's immutable ids when the config knows them.

import type { AuditContext } from '../context.ts';
import { applyOr, shellJson } from '../fixes.ts';
import { describeCondition, hasWildcard } from '../statements.ts';
import {
  defaultSubject,
  intendedRepo,
  isGitHub,
  type OidcStatement,
  oidcStatements,
  pinnedOidc,
  pinning,
  withStatement,
} from '../trust-statements.ts';
import type { Hit, Rule } from '../types.ts';

type Role = AuditContext['readableRoles'][number];

function perOidcStatement(
  check: (role: Role, s: OidcStatement, context: AuditContext) => Omit<Hit, 'project' | 'resource'> | undefined,
) {
  return (context: AuditContext): Hit[] =>
    context.readableRoles.flatMap((role) =>
      oidcStatements(role).flatMap((s) => {
        const hit = check(role, s, context);
        return hit ? [{ project: role.project, resource: role.arn, ...hit }] : [];
      }),
    );
}

/** The update-assume-role-policy call that writes the statement pinned to `subjects`. */
function pinFix(context: AuditContext, role: Role, s: OidcStatement, subjects: string[]): string {
  const document = withStatement(role.observed.trust!, s.index, pinnedOidc(s.statement, s.host, subjects));
  return applyOr(
    context,
    role.project,
    `aws iam update-assume-role-policy --role-name ${role.name} --policy-document ${shellJson(document)}`,
  );
}

export const oidcWithoutAudience: Rule<AuditContext> = {
  meta: {
    id: 'SW-TRUST-001',
    severity: 'high',
    title: 'OIDC trust without an audience condition',
    rationale: 'Without aud = sts.amazonaws.com a token minted for another audience can assume the role.',
  },
  check: perOidcStatement((role, s, context) => {
    if (pinning(s.statement, `${s.host}:aud`).length > 0) return undefined;
    const subjects = pinning(s.statement, `${s.host}:sub`).flatMap((e) => e.values);
    return {
      message: `Role ${role.name} accepts ${s.host} tokens of any audience.`,
      evidence: `${s.label}: no StringEquals condition on ${s.host}:aud`,
      fix: pinFix(
        context,
        role,
        s,
        subjects.length > 0 ? subjects : [defaultSubject(context, role, intendedRepo(context, role, []))],
      ),
    };
  }),
};

/** Whether a pinned subject admits more than one repo (only Like operators read wildcards). */
function widerThanOneRepo(subject: string, operator: string): boolean {
  const wildcards = /Like/.test(operator);
  if (!subject.startsWith('repo:')) return wildcards && hasWildcard(subject);
  const repo = subject.slice('repo:'.length).split(':')[0] ?? '';
  return !repo.includes('/') || (wildcards && hasWildcard(repo));
}

export const oidcSubjectTooWide: Rule<AuditContext> = {
  meta: {
    id: 'SW-TRUST-002',
    severity: 'high',
    title: 'OIDC trust not pinned to one repo',
    rationale:
      'A subject missing or wider than repo:<org>/<repo>:… lets workflows of other repos assume the role and reach its state.',
  },
  check: perOidcStatement((role, s, context) => {
    if (!isGitHub(s.host)) return undefined;
    const entries = pinning(s.statement, `${s.host}:sub`);
    const wide = entries.filter((e) => e.values.some((v) => widerThanOneRepo(v, e.operator)));
    if (entries.length > 0 && wide.length === 0) return undefined;
    const subjects = entries.flatMap((e) => e.values);
    const repo = intendedRepo(context, role, subjects);
    const kept = subjects.filter((v) => !wide.some((e) => e.values.includes(v) && widerThanOneRepo(v, e.operator)));
    return {
      message:
        entries.length === 0
          ? `Role ${role.name} can be assumed by a workflow of any GitHub repository: its OIDC trust has no subject condition.`
          : `Role ${role.name} can be assumed by workflows of repositories other than ${repo}: its OIDC subject is wider than one repo.`,
      evidence:
        entries.length === 0
          ? `${s.label}: no condition on ${s.host}:sub`
          : `${s.label}: ${wide.map(describeCondition).join('; ')}`,
      fix: pinFix(context, role, s, [...kept, ...(kept.length === 0 ? [defaultSubject(context, role, repo)] : [])]),
    };
  }),
};

export const nameOnlySubject: Rule<AuditContext> = {
  meta: {
    id: 'SW-TRUST-003',
    severity: 'medium',
    title: 'OIDC trust by repo name where immutable ids are configured',
    rationale: "A repo name can be taken again after a rename or deletion; GitHub's owner and repo ids cannot.",
  },
  check: perOidcStatement((role, s, context) => {
    const project = context.configProject(role.project);
    const ownerId = context.snapshot.config?.github.ownerId;
    if (!project || project.repoId === undefined || ownerId === undefined || !isGitHub(s.host)) return undefined;
    const subjects = pinning(s.statement, `${s.host}:sub`).flatMap((e) => e.values);
    if (subjects.length === 0 || subjects.some((v) => isImmutable(v))) return undefined;
    const [org, repo] = project.repo.split('/');
    return {
      message: `Role ${role.name} trusts ${project.repo} by name only, although the config gives its immutable ids (owner ${ownerId}, repo ${project.repoId}).`,
      evidence: `${s.label}: ${s.host}:sub = ${subjects.join(', ')} (no repo:${org}@${ownerId}/${repo}@${project.repoId}:… form)`,
      fix: 'Run `stateward apply`: it adds the immutable subject form next to each configured subject.',
    };
  }),
};

const isImmutable = (subject: string): boolean => /^repo:[^/:]+@\d+\/[^/:]+@\d+:/.test(subject);
