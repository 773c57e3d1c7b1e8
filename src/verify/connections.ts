// Which roles could touch which other projects' states, found through indexes rather than by
// evaluating every role against every bucket (which grows with the square of the fleet).
//
// Every backend operation sends at least one required request that names the state's bucket: an S3
// request on the bucket or one of its objects, or a DynamoDB item request whose dynamodb:LeadingKeys
// start with the bucket's name (test/verify/connections.test.ts holds the backend to that). Such a
// request is allowed only through an Allow statement, either in the caller's identity policies
// (matching its resource, or for DynamoDB its leading keys) or in the resource policy (naming the
// caller). A role that no Allow statement connects to a bucket is therefore denied every operation
// on every state in it. The indexes over-approximate: anything they cannot read precisely
// (NotAction, NotResource, NotPrincipal, a variable, an account-wide principal, a DynamoDB grant
// without a leading-keys condition) connects to everything and is then evaluated in full.
import { asArray, type NamedPolicy, type Statement } from '../iam/document.ts';
import { globPattern, matchesPattern } from '../iam/wildcard.ts';
import { identityPoliciesOf, type VerifyWorld, type WorldRole } from './world.ts';

const S3_ARN = 'arn:aws:s3:::';
const LEADING_KEYS = 'dynamodb:leadingkeys';
/** Operators under which every leading key must match one of the listed patterns. */
const RESTRICTING_OPERATORS = new Set([
  'stringequals',
  'stringlike',
  'forallvalues:stringequals',
  'forallvalues:stringlike',
]);

export interface Connections {
  /** Other projects whose states the project's role might reach (its own excluded). */
  reachableFrom(project: string): ReadonlySet<string>;
  /** Other projects whose roles might reach the project's states. */
  reachingInto(project: string): ReadonlySet<string>;
}

type Reach = Set<string> | 'all';

export function findConnections(world: VerifyWorld): Connections {
  const buckets = new BucketIndex(world);
  const everyone = new Set(world.buckets.map((b) => b.project));
  const granted = resourcePolicyGrants(world);
  const outward = new Map<string, Set<string>>();
  const inward = new Map<string, Set<string>>();
  for (const role of world.roles) {
    // A plan role is tried on its own states, those its project reads, and a sample of the others (matrix.ts).
    if (role.kind === 'plan') continue;
    const reach = union(identityReach(role, buckets), granted.to(role));
    const targets = reach === 'all' ? everyone : reach;
    const others = new Set([...targets].filter((owner) => owner !== role.project));
    outward.set(role.project, others);
    for (const owner of others) inward.set(owner, (inward.get(owner) ?? new Set()).add(role.project));
  }
  const none: ReadonlySet<string> = new Set();
  return {
    reachableFrom: (project) => outward.get(project) ?? none,
    reachingInto: (project) => inward.get(project) ?? none,
  };
}

function union(a: Reach, b: Reach): Reach {
  if (a === 'all' || b === 'all') return 'all';
  return new Set([...a, ...b]);
}

/** The owners of the buckets the role's own Allow statements could match. */
function identityReach(role: WorldRole, buckets: BucketIndex): Reach {
  let reach: Reach = new Set();
  for (const statement of allowStatements(identityPoliciesOf(role))) {
    const services = servicesOf(statement);
    if (services.s3)
      reach = union(
        reach,
        statement.NotResource !== undefined
          ? 'all'
          : unionAll(asArray(statement.Resource).map((r) => buckets.forResource(r))),
      );
    if (services.dynamodb) reach = union(reach, leadingKeyReach(statement, buckets));
    if (reach === 'all') return reach;
  }
  return reach;
}

function allowStatements(policies: NamedPolicy[]): Statement[] {
  return policies.flatMap((p) => p.document.Statement.filter((s) => s.Effect === 'Allow'));
}

function intersection(a: Reach, b: Reach): Reach {
  if (a === 'all') return b;
  if (b === 'all') return a;
  return new Set([...a].filter((owner) => b.has(owner)));
}

function unionAll(reaches: Reach[]): Reach {
  return reaches.reduce<Reach>(union, new Set());
}

/** Whether a statement's actions could include an S3 or a DynamoDB request of the backend. */
function servicesOf(statement: Statement): { s3: boolean; dynamodb: boolean } {
  if (statement.NotAction !== undefined) return { s3: true, dynamodb: true };
  const services = asArray(statement.Action).map((action) => globPattern(action.split(':')[0] ?? ''));
  return {
    s3: services.some((p) => matchesPattern(p, 's3', true)),
    dynamodb: services.some((p) => matchesPattern(p, 'dynamodb', true)),
  };
}

/** A DynamoDB grant reaches the buckets its leading-keys condition names ("<bucket>/<key>"). */
function leadingKeyReach(statement: Statement, buckets: BucketIndex): Reach {
  let reach = 'all' as Reach;
  for (const [operator, keys] of Object.entries(statement.Condition ?? {})) {
    if (!RESTRICTING_OPERATORS.has(operator.toLowerCase())) continue;
    for (const [key, values] of Object.entries(keys)) {
      if (key.toLowerCase() !== LEADING_KEYS) continue;
      // Every condition must hold, so any one restricting block bounds the statement.
      const bounded = unionAll(asArray(values).map((v) => buckets.forName(String(v))));
      reach = intersection(reach, bounded);
    }
  }
  return reach;
}

/** Which roles the buckets' and the lock table's Allow statements could name. */
function resourcePolicyGrants(world: VerifyWorld): { to(role: WorldRole): Reach } {
  const open = new Set<string>();
  const byRoleName = new Map<string, Set<string>>();
  const lockTableNames = new Set(namedRoles(world.lockTable?.policy?.Statement ?? []));
  for (const bucket of world.buckets) {
    for (const named of namedRoles(bucket.policy?.Statement ?? [])) {
      if (named === 'everyone') open.add(bucket.project);
      else byRoleName.set(named, (byRoleName.get(named) ?? new Set()).add(bucket.project));
    }
  }
  return {
    to(role) {
      const name = roleName(role.arn);
      // A lock-table grant is bounded by its conditions, which this index does not read.
      if (lockTableNames.has('everyone') || lockTableNames.has(name)) return 'all';
      return new Set([...open, ...(byRoleName.get(name) ?? [])]);
    },
  };
}

/** Lower-cased role names an Allow's principals name, or 'everyone' where a principal is not one role. */
function namedRoles(statements: Statement[]): Array<string | 'everyone'> {
  return statements
    .filter((s) => s.Effect === 'Allow')
    .flatMap((s) => {
      if (s.NotPrincipal !== undefined || s.Principal === '*') return ['everyone' as const];
      if (s.Principal === undefined) return [];
      return asArray(s.Principal.AWS)
        .map(roleNamed)
        .filter((n): n is string => n !== null);
    });
}

/** The role an AWS principal entry names; 'everyone' for `*` or an account; null for a user. */
function roleNamed(entry: string): string | 'everyone' | null {
  const role =
    /^arn:[^:]+:iam::\d{12}:role\/(?:.*\/)?([^/]+)$/u.exec(entry) ??
    /^arn:[^:]+:sts::\d{12}:assumed-role\/([^/]+)\//u.exec(entry);
  if (role) return role[1]!.toLowerCase();
  if (/^arn:[^:]+:iam::\d{12}:user\//u.test(entry)) return null;
  return 'everyone';
}

function roleName(arn: string): string {
  return arn.split('/').pop()!.toLowerCase();
}

/** Bucket names, sorted, so that a pattern's literal prefix finds its buckets by binary search. */
class BucketIndex {
  private readonly names: string[];
  private readonly owners = new Map<string, string>();

  constructor(world: VerifyWorld) {
    for (const bucket of world.buckets) this.owners.set(bucket.name, bucket.project);
    this.names = [...this.owners.keys()].sort();
  }

  /** An S3 Resource entry: the buckets whose ARN or objects' ARNs it could match. */
  forResource(entry: string): Reach {
    const prefix = literalPrefix(entry);
    if (prefix.length < S3_ARN.length) return S3_ARN.startsWith(prefix) ? 'all' : new Set();
    return prefix.startsWith(S3_ARN) ? this.forName(entry.slice(S3_ARN.length)) : new Set();
  }

  /** "<bucket>" or "<bucket>/<rest>", possibly with wildcards: the buckets it could name. */
  forName(text: string): Reach {
    const prefix = literalPrefix(text);
    const slash = prefix.indexOf('/');
    if (slash !== -1) return this.exactly(prefix.slice(0, slash));
    if (prefix === text) return this.exactly(text);
    return new Set(this.startingWith(prefix).map((name) => this.owners.get(name)!));
  }

  private exactly(name: string): Set<string> {
    const owner = this.owners.get(name);
    return new Set(owner ? [owner] : []);
  }

  private startingWith(prefix: string): string[] {
    let low = 0;
    let high = this.names.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.names[middle]! < prefix) low = middle + 1;
      else high = middle;
    }
    const found: string[] = [];
    for (let i = low; i < this.names.length && this.names[i]!.startsWith(prefix); i++) found.push(this.names[i]!);
    return found;
  }
}

/** The text before the first wildcard or policy variable. */
function literalPrefix(text: string): string {
  const end = text.search(/[*?$]/u);
  return end === -1 ? text : text.slice(0, end);
}
