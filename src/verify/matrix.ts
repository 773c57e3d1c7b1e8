// verify's matrix: who reaches each project role, and what each actor can do to which state.
// Other projects are evaluated where some statement could connect them (connections.ts), plus one
// sample that shows what stops the rest; the others are counted, denied by construction. With
// `allPairs`, every role meets every state, at a cost that grows with the square of the fleet.
import { evaluateTrust, statementLabel } from '../iam/index.ts';
import { roleArn } from '../names/naming.ts';
import { type Connections, findConnections } from './connections.ts';
import { environmentChains } from './environment-chain.ts';
import { managementCells } from './management.ts';
import { evaluateOperation, type ResourcePolicyLookup, type Session } from './operation.ts';
import { assumingPrincipals } from './principals.ts';
import { managedPolicyReach } from './reach.ts';
import {
  type ActorKind,
  isViolation,
  type OperationCell,
  type ProjectReport,
  type TrustCell,
  type VerifyReport,
} from './report.ts';
import {
  broadSession,
  declaredOnlySession,
  type Layer,
  principalsNamedByAllows,
  resourcePolicies,
  roleSession,
} from './sessions.ts';
import { strayRequests } from './stray-requests.ts';
import {
  appliesTo,
  bootstrapTarget,
  configAllows,
  OPERATIONS,
  ownTargets,
  planRoleAllows,
  type StateTarget,
} from './targets.ts';
import { applyRoleOf, planRoleOf, type VerifyWorld, type WorldRole } from './world.ts';

export interface VerifyOptions {
  project?: string;
  /** Evaluate every role against every other project's state, connected or not. */
  allPairs?: boolean;
}

export function verifyWorld(world: VerifyWorld, options: VerifyOptions = {}): VerifyReport {
  // Built once: every cell asks them for the policy of the bucket it touches.
  const lookups: Lookups = {
    effective: resourcePolicies(world, 'effective'),
    stateward: resourcePolicies(world, 'stateward'),
  };
  const pairs = options.allPairs ? everyPair(world) : findConnections(world);
  const projects = world.config.projects
    .filter((p) => !options.project || p.name === options.project)
    .map((p) => projectReport(world, lookups, pairs, p.name, options.allPairs ?? false));
  const violations = projects.flatMap((p) =>
    [...p.trust, ...p.operations, ...p.strayRequests, ...p.management].filter(isViolation),
  );
  const report: VerifyReport = {
    version: 2,
    source: world.source,
    pairs: options.allPairs ? 'all' : 'connected',
    projects,
    violations,
  };
  if (world.config.environments) {
    const chains = environmentChains(world, lookups.effective, options.project);
    report.environments = chains;
    report.environmentViolations = chains.flatMap((c) => [
      ...c.reach.filter(isViolation),
      ...c.state.filter(isViolation).map((s) => ({ project: c.project, environment: c.environment, ...s })),
    ]);
  }
  return report;
}

function projectReport(
  world: VerifyWorld,
  lookups: Lookups,
  pairs: Connections,
  name: string,
  allPairs: boolean,
): ProjectReport {
  const config = world.config;
  const projectNamed = (n: string) => config.projects.find((p) => p.name === n)!;
  const roleOf = (n: string) => applyRoleOf(world, n)!;
  const role = roleOf(name);
  const own = ownTargets(projectNamed(name));
  const reads = new Set(projectNamed(name).reads);
  const others = config.projects.filter((p) => p.name !== name);
  // A read grant is always evaluated: a lost one is a violation even though nothing connects any more.
  const statesTried = sampled(
    others.filter((p) => reads.has(p.name) || pairs.reachableFrom(name).has(p.name)).map((p) => p.name),
    others.map((p) => p.name),
  );
  const readers = others.filter((p) => p.reads.includes(name));
  const rolesTried = sampled(
    others.filter((p) => readers.includes(p) || pairs.reachingInto(name).has(p.name)).map((p) => p.name),
    others.map((p) => p.name),
  );
  // Each other project's states: all of them where this role reads, else its first (the fence and the
  // grants treat every key of a bucket alike).
  const elsewhere = statesTried.names.flatMap((o) =>
    reads.has(o) ? ownTargets(projectNamed(o)) : ownTargets(projectNamed(o)).slice(0, 1),
  );
  const operations: OperationCell[] = [
    ...cellsFor(
      world,
      lookups,
      { id: role.arn, kind: 'own-role', project: name, role },
      [...own, bootstrapTarget(name), ...elsewhere],
      name,
    ),
    ...planRoleCells(world, lookups, name, own, elsewhere, others[0]?.name),
    ...rolesTried.names.flatMap((o) => {
      const readsThis = projectNamed(o).reads.includes(name);
      return cellsFor(
        world,
        lookups,
        { id: roleOf(o).arn, kind: 'other-role', project: o, role: roleOf(o) },
        readsThis ? own : own.slice(0, 1),
        name,
      );
    }),
    ...config.admins.flatMap((admin) =>
      cellsFor(
        world,
        lookups,
        { id: admin, kind: 'admin', session: broadSession(admin) },
        [...own, bootstrapTarget(name)],
        name,
      ),
    ),
    ...outsiders(world, name).flatMap((arn) =>
      cellsFor(world, lookups, { id: arn, kind: 'outsider', session: broadSession(arn) }, own.slice(0, 1), name),
    ),
  ];
  const management = managementCells(world, role, lookups.effective, { allPairs });
  return {
    name,
    role: roleArn(config.account, name),
    managedPolicies: role.managedPolicies.map((m) => ({ arn: m.arn, assumed: m.assumed })),
    outsideState: managedPolicyReach(world, role),
    trust: trustCells(world, name, role),
    operations,
    strayRequests: strayRequests(config, lookups, role, elsewhere),
    management: management.cells,
    unconnected: {
      otherStates: statesTried.skipped,
      otherRoles: rolesTried.skipped,
      managementActions: management.unreached,
    },
  };
}

/**
 * The plan role, tf-<project>.plan: on its own states (read and plan, never apply), on the states its project
 * reads, and on one other project's state whatever connects them (its ReadOnlyAccess reads every bucket the
 * fence leaves open).
 */
function planRoleCells(
  world: VerifyWorld,
  lookups: Lookups,
  name: string,
  own: StateTarget[],
  elsewhere: StateTarget[],
  sample: string | undefined,
): OperationCell[] {
  const role = planRoleOf(world, name);
  if (!role) return [];
  const config = world.config;
  const sampled = sample && !elsewhere.some((t) => t.owner === sample);
  const others = sampled ? ownTargets(config.projects.find((p) => p.name === sample)!).slice(0, 1) : [];
  return cellsFor(
    world,
    lookups,
    { id: role.arn, kind: 'plan-role', project: name, role },
    [...own, bootstrapTarget(name), ...elsewhere, ...others],
    name,
  );
}

/** The connected projects, plus the first unconnected one as a sample; and how many were left out. */
function sampled(connected: string[], all: string[]): { names: string[]; skipped: number } {
  const chosen = new Set(connected);
  const sample = all.find((n) => !chosen.has(n));
  if (sample !== undefined) chosen.add(sample);
  return { names: all.filter((n) => chosen.has(n)), skipped: all.length - chosen.size };
}

function everyPair(world: VerifyWorld): Connections {
  const all = world.config.projects.map((p) => p.name);
  const othersThan = (project: string) => new Set(all.filter((n) => n !== project));
  return { reachableFrom: othersThan, reachingInto: othersThan };
}

function trustCells(world: VerifyWorld, name: string, role: WorldRole): TrustCell[] {
  const project = world.config.projects.find((p) => p.name === name)!;
  return assumingPrincipals(project, world.config).map((principal) => {
    const decision = role.trust
      ? evaluateTrust({
          trustPolicy: { name: `trust ${role.arn.split('/').pop()}`, document: role.trust },
          request: principal.request,
          identityPolicies: principal.inOperatorsGroup && world.humansPolicy ? [world.humansPolicy] : [],
        })
      : { decision: 'ImplicitDeny' as const, statements: [] };
    const actual = decision.decision === 'Allow';
    return {
      project: name,
      principal: principal.id,
      label: principal.label,
      expected: principal.expectedToAssume,
      actual,
      decidedBy: decision.statements.map(statementLabel),
      detail: actual ? 'may assume the role' : role.trust ? 'refused by the trust policy' : 'the role does not exist',
    };
  });
}

type Lookups = Record<Layer, ResourcePolicyLookup>;
type Actor = { id: string; kind: ActorKind; project?: string; role?: WorldRole; session?: Session };

function cellsFor(
  world: VerifyWorld,
  lookups: Lookups,
  actor: Actor,
  targets: StateTarget[],
  project: string,
): OperationCell[] {
  const layers: Layer[] = actor.kind === 'admin' ? ['effective'] : ['effective', 'stateward'];
  return targets.flatMap((target) =>
    OPERATIONS.filter((op) => appliesTo(op, target)).flatMap((operation) => {
      let effectiveAllowed = false;
      return layers.map((layer) => {
        const session = actor.session ?? roleSession(actor.role!, world.config, layer);
        const outcome = evaluateOperation(session, operation, target, {
          config: world.config,
          resourcePolicy: lookups[layer],
        });
        if (layer === 'effective') effectiveAllowed = outcome.allowed;
        const expectedNote = expectation(world, lookups, actor, target, operation, layer);
        const { expected } = expectedNote;
        const note =
          layer === 'stateward' && outcome.allowed && !expected
            ? undeclaredGrantNote(effectiveAllowed, outcome.decidedBy)
            : expectedNote.note;
        const cell: OperationCell = {
          project,
          actor: actor.id,
          actorKind: actor.kind,
          target: target.id,
          targetOwner: target.owner,
          operation,
          layer,
          expected,
          actual: outcome.allowed,
          decidedBy: outcome.decidedBy,
          detail: outcome.detail,
        };
        return note ? { ...cell, note } : cell;
      });
    }),
  );
}

/** A grant the config does not explain: the fence may be all that stops it. */
function undeclaredGrantNote(effectiveAllowed: boolean, decidedBy: string[]): string {
  const by = decidedBy.join(', ');
  return effectiveAllowed
    ? `granted by ${by}, which the config does not declare`
    : `masked by the fence: ${by} grants it, the config does not declare it, and only the fence denies it`;
}

function expectation(
  world: VerifyWorld,
  lookups: Lookups,
  actor: Actor,
  target: StateTarget,
  operation: (typeof OPERATIONS)[number],
  layer: Layer,
): { expected: boolean; note?: string } {
  if (actor.kind === 'admin')
    return { expected: true, note: 'admins administer state objects; the fence must not lock them out' };
  if (actor.kind === 'outsider') return { expected: false };
  const allows = actor.kind === 'plan-role' ? planRoleAllows : configAllows;
  const granted = allows(world.config, actor.project!, target, operation);
  if (granted || layer === 'stateward' || target.owner !== actor.project || target.reserved)
    return { expected: granted };
  // On its own bucket, what the role's declared infrastructure policies add is intended; the fence allows it.
  const declared = declaredOnlySession(actor.role!, world.config);
  if (declared.identityPolicies.length === 0) return { expected: false };
  const outcome = evaluateOperation(declared, operation, target, {
    config: world.config,
    resourcePolicy: lookups.effective,
  });
  return outcome.allowed
    ? {
        expected: true,
        note: `granted by the declared infrastructure policies (${declared.identityPolicies.map((p) => p.name.split('/').pop()).join(', ')})`,
      }
    : { expected: false };
}

function outsiders(world: VerifyWorld, name: string): string[] {
  const bucket = world.buckets.find((b) => b.project === name);
  const named = principalsNamedByAllows(bucket?.policy ?? null);
  return [...new Set(['arn:aws:iam::999999999999:role/outsider', ...named])];
}
