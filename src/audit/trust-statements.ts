// The two kinds of statement a project role's trust policy holds (DESIGN §1): GitHub OIDC web identity and
// named IAM users. Shared by the trust rules and their fixes.
import type { PolicyDocument, Statement } from '../iam/document.ts';
import { GITHUB_OIDC_AUDIENCE, GITHUB_OIDC_HOST } from '../names/naming.ts';
import type { AuditContext } from './context.ts';
import type { AuditRole } from './snapshot.ts';
import {
  actionCovers,
  type ConditionEntry,
  conditionsOn,
  isPositiveStringOperator,
  listOf,
  statementsOf,
} from './statements.ts';

export interface TrustStatement {
  statement: Statement;
  index: number;
  label: string;
}

export interface OidcStatement extends TrustStatement {
  /** The provider host, e.g. token.actions.githubusercontent.com. */
  host: string;
}

function label(role: AuditRole, statement: Statement, index: number): string {
  return `trust policy of ${role.name}, statement ${statement.Sid ?? `#${index}`}`;
}

export function oidcStatements(role: AuditRole): OidcStatement[] {
  return statementsOf(role.observed?.trust).flatMap((statement, index) => {
    if (
      statement.Effect !== 'Allow' ||
      typeof statement.Principal !== 'object' ||
      !actionCovers(statement, 'sts:AssumeRoleWithWebIdentity')
    )
      return [];
    const provider = listOf(statement.Principal.Federated).find((p) => p.includes(':oidc-provider/'));
    return provider
      ? [{ statement, index, label: label(role, statement, index), host: provider.split(':oidc-provider/')[1]! }]
      : [];
  });
}

export function awsPrincipalStatements(role: AuditRole): Array<TrustStatement & { principals: string[] }> {
  return statementsOf(role.observed?.trust).flatMap((statement, index) => {
    if (statement.Effect !== 'Allow' || !actionCovers(statement, 'sts:AssumeRole')) return [];
    const principals =
      statement.Principal === '*'
        ? ['*']
        : typeof statement.Principal === 'object'
          ? listOf(statement.Principal.AWS)
          : [];
    return principals.length > 0 ? [{ statement, index, label: label(role, statement, index), principals }] : [];
  });
}

/** The positive conditions that pin a claim, e.g. `<host>:sub`. */
export const pinning = (statement: Statement, key: string): ConditionEntry[] =>
  conditionsOn(statement, key).filter((e) => isPositiveStringOperator(e.operator));

export const isGitHub = (host: string): boolean => host === GITHUB_OIDC_HOST;

/** The repo (org/name) a role is meant for: the config's, else its Repo tag, else the org of its subjects + the default name. */
export function intendedRepo(context: AuditContext, role: AuditRole, subjects: string[]): string {
  const configured = context.configProject(role.project);
  if (configured) return configured.repo;
  const tag = role.observed?.tags?.Repo;
  if (tag && /^[^/\s*?]+\/[^/\s*?]+$/.test(tag)) return tag;
  const org = subjects.map((s) => /^repo:([^/@:*?]+)/.exec(s)?.[1]).find(Boolean);
  return `${org ?? '<org>'}/terraform-${role.project}`;
}

/**
 * The subject a fix pins a role to when nothing narrower is left: pushes to the default branch for an apply
 * role, pull requests for a plan role (issue 12 §4; never `repo:<repo>:*`, which SW-TRUST-006 reports).
 */
export function defaultSubject(context: AuditContext, role: AuditRole, repo: string): string {
  if (role.kind === 'plan') return `repo:${repo}:pull_request`;
  return `repo:${repo}:ref:refs/heads/${context.configProject(role.project)?.defaultBranch ?? 'main'}`;
}

/** The trust document with one statement replaced, as the fix to write back. */
export function withStatement(trust: PolicyDocument, index: number, statement: Statement): PolicyDocument {
  const statements = statementsOf(trust).map((s, i) => (i === index ? statement : s));
  return { ...trust, Statement: statements };
}

/** The OIDC statement pinned to sts.amazonaws.com and the given subjects, other conditions dropped for these two keys. */
export function pinnedOidc(statement: Statement, host: string, subjects: string[]): Statement {
  const lower = new Set([`${host}:aud`, `${host}:sub`].map((k) => k.toLowerCase()));
  const kept: NonNullable<Statement['Condition']> = {};
  for (const [operator, keys] of Object.entries(statement.Condition ?? {})) {
    const rest = Object.fromEntries(Object.entries(keys ?? {}).filter(([k]) => !lower.has(k.toLowerCase())));
    if (Object.keys(rest).length > 0) kept[operator] = rest;
  }
  const like = subjects.some((s) => /[*?]/.test(s)) ? 'StringLike' : 'StringEquals';
  const sub = { [`${host}:sub`]: subjects.length === 1 ? subjects[0]! : subjects };
  const Condition = {
    ...kept,
    StringEquals: {
      ...(kept.StringEquals ?? {}),
      [`${host}:aud`]: GITHUB_OIDC_AUDIENCE,
      ...(like === 'StringEquals' ? sub : {}),
    },
    ...(like === 'StringLike' ? { StringLike: { ...(kept.StringLike ?? {}), ...sub } } : {}),
  };
  return { ...statement, Condition };
}
