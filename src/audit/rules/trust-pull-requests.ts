// Issue 12 §4: a pull request runs whatever workflow its branch holds. An apply role whose trust admits a
// pull request's token, or any branch's through a wildcard, is the apply role of anyone who can push a branch.
// Pull requests belong to the plan role tf-<project>.plan; a project that opted out (allowPullRequestApply)
// accepted the risk, which `validate` and `plan` repeat.
import type { AuditContext } from '../context.ts';
import { applyOr, shellJson } from '../fixes.ts';
import { isGitHub, oidcStatements, pinnedOidc, pinning, withStatement } from '../trust-statements.ts';
import type { Hit, Rule } from '../types.ts';

/** A subject any branch can get a token for: a pull request's, or one a wildcard widens (Like operators only). */
function admitsAnyBranch(subject: string, operator: string): boolean {
  return subject.endsWith(':pull_request') || (/Like/.test(operator) && /[*?]/.test(subject));
}

/** `repo:<repo>:` (named or immutable form) of a subject, when it names one. */
const repoPrefix = (subject: string): string | undefined => /^(repo:[^:*?]+:)/.exec(subject)?.[1];

export const applyRoleTrustsPullRequests: Rule<AuditContext> = {
  meta: {
    id: 'SW-TRUST-006',
    severity: 'high',
    title: 'Apply role trusted by pull requests or any branch',
    rationale:
      "A pull request runs the workflow its branch holds: whoever can push a branch can edit it and apply with the role's state write access and managed policies. Pull requests get the plan-only role tf-<project>.plan.",
  },
  check: (context) =>
    context.readableRoles.flatMap((role) => {
      if (role.kind === 'plan' || context.configProject(role.project)?.allowPullRequestApply) return [];
      const branch = context.configProject(role.project)?.defaultBranch ?? 'main';
      return oidcStatements(role).flatMap((s): Hit[] => {
        if (!isGitHub(s.host)) return [];
        const entries = pinning(s.statement, `${s.host}:sub`);
        const open = entries.flatMap((e) => e.values.filter((v) => admitsAnyBranch(v, e.operator)));
        if (open.length === 0) return [];
        const kept = entries.flatMap((e) => e.values).filter((v) => !open.includes(v));
        const branches = open.flatMap((v) => {
          const prefix = repoPrefix(v);
          return prefix ? [`${prefix}ref:refs/heads/${branch}`] : [];
        });
        const subjects = [...new Set([...kept, ...branches])];
        // A subject with no repo to pin is SW-TRUST-002's; this rule has nothing sound to offer for it.
        if (subjects.length === 0) return [];
        const document = withStatement(role.observed.trust!, s.index, pinnedOidc(s.statement, s.host, subjects));
        return [
          {
            project: role.project,
            resource: role.arn,
            message: `Role ${role.name} can apply from a pull request or any branch: its OIDC trust admits ${open.join(', ')}. Pull requests should plan with ${role.name}.plan (\`stateward apply\` creates it).`,
            evidence: `${s.label}: ${s.host}:sub admits ${open.join(', ')}`,
            fix: applyOr(
              context,
              role.project,
              `aws iam update-assume-role-policy --role-name ${role.name} --policy-document ${shellJson(document)}`,
            ),
          },
        ];
      });
    }),
};
