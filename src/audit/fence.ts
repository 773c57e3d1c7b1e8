// The bucket fence as found in a live bucket policy (DESIGN §1): a Deny on the objects and one on the
// listings for every principal but the permitted ones, the _bootstrap/ reservation, and the read-only
// limit on readers. Judged by what the statements do, not only by their Sids, so a hand-written fence counts.
import type { PolicyDocument, Statement } from '../iam/document.ts';
import { matchesGlob } from '../iam/wildcard.ts';
import { BOOTSTRAP_PREFIX, bucketArn } from '../names/naming.ts';
import { actionCovers, conditionsOn, resourceCovers, statementsOf } from './statements.ts';

/** A key no grant of stateward ever names: whoever may touch it holds more than stateward gives. */
export const PROBE_KEY = 'stateward-audit-probe/not-a-state-key';

export interface FencePart {
  label: string;
  /** The principal ARN patterns the Deny exempts. */
  permitted: string[];
}

export interface FenceAnalysis {
  objects?: FencePart;
  listing?: FencePart;
  bootstrap?: FencePart;
  /** Principal ARN patterns limited to reading (the readers' read-only Deny). */
  readers: string[];
}

export type FencePartName = 'objects' | 'listing' | 'bootstrap';

const EXEMPTING = /^(ArnNotLike|ArnNotEquals|StringNotLike|StringNotEquals)(IfExists)?$/;
export const NAMING = /^(ArnLike|ArnEquals|StringLike|StringEquals)$/;

export const denyToEveryone = (s: Statement): boolean =>
  s.Effect === 'Deny' &&
  (s.Principal === '*' || (typeof s.Principal === 'object' && [s.Principal.AWS].flat().includes('*')));

/**
 * The exempted principals when the statement denies everyone but them, else undefined. `scopingKeys` are
 * condition keys the caller judges itself (the lock table's dynamodb:LeadingKeys, which picks the items).
 */
export function exempted(statement: Statement, scopingKeys: readonly string[] = []): string[] | undefined {
  const entries = conditionsOn(statement, 'aws:PrincipalArn').filter((e) => EXEMPTING.test(e.operator));
  const judged = new Set(['aws:principalarn', ...scopingKeys.map((k) => k.toLowerCase())]);
  const otherKeys = Object.values(statement.Condition ?? {})
    .flatMap((keys) => Object.keys(keys ?? {}))
    .filter((k) => !judged.has(k.toLowerCase()));
  // Any further condition (e.g. SecureTransport) would let other requests through: not a fence.
  if (entries.length === 0 || otherKeys.length > 0) return undefined;
  return entries.flatMap((e) => e.values);
}

function findPart(
  statements: Statement[],
  label: (s: Statement, i: number) => string,
  action: string,
  resource: string,
  acceptable: (permitted: string[]) => boolean = () => true,
): FencePart | undefined {
  for (const [index, statement] of statements.entries()) {
    if (!denyToEveryone(statement) || !actionCovers(statement, action) || !resourceCovers(statement, resource))
      continue;
    const permitted = exempted(statement);
    if (permitted && acceptable(permitted)) return { label: label(statement, index), permitted };
  }
  return undefined;
}

/**
 * `projectRoles`: the roles the _bootstrap/ reservation must not exempt. Without that test, the
 * objects fence (which covers _bootstrap/ too, but exempts the project role) would pass for it.
 */
export function analyzeFence(
  bucket: string,
  policy: PolicyDocument | null | undefined,
  projectRoles: readonly string[],
  ownPlanRole?: string,
): FenceAnalysis {
  const statements = statementsOf(policy);
  const label = (s: Statement, i: number) => `bucket policy statement ${s.Sid ?? `#${i}`}`;
  const arn = bucketArn(bucket);
  // The project's own plan role is limited like a reader (to reads and lock files), but reads its own state.
  const readers = readersOf(statements, arn).filter((reader) => reader !== ownPlanRole);
  const analysis: FenceAnalysis = { readers };
  const objects = findPart(statements, label, 's3:GetObject', `${arn}/${PROBE_KEY}`);
  const listing = findPart(statements, label, 's3:ListBucket', arn);
  const reservesForAdmins = (permitted: string[]) => !projectRoles.some((role) => namesPrincipal(permitted, role));
  const bootstrap = findPart(
    statements,
    label,
    's3:PutObject',
    `${arn}/${BOOTSTRAP_PREFIX}terraform.tfstate`,
    reservesForAdmins,
  );
  if (objects) analysis.objects = objects;
  if (listing) analysis.listing = listing;
  if (bootstrap) analysis.bootstrap = bootstrap;
  return analysis;
}

/** Principals a Deny of everything-but-GetObject names: the fence's readers. */
function readersOf(statements: Statement[], arn: string): string[] {
  return statements
    .filter(
      (s) =>
        s.Effect === 'Deny' &&
        s.NotAction !== undefined &&
        !actionCovers(s, 's3:GetObject') &&
        resourceCovers(s, `${arn}/${PROBE_KEY}`),
    )
    .flatMap((s) =>
      conditionsOn(s, 'aws:PrincipalArn')
        .filter((e) => NAMING.test(e.operator))
        .flatMap((e) => e.values),
    );
}

export function missingParts(fence: FenceAnalysis): FencePartName[] {
  return (['objects', 'listing', 'bootstrap'] as const).filter((part) => fence[part] === undefined);
}

/** Whether a principal ARN pattern of the fence names this role. */
export const namesPrincipal = (patterns: readonly string[], arn: string): boolean =>
  patterns.some((p) => matchesGlob(p, arn));
