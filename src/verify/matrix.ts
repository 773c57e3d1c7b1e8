// verify's matrix: who reaches each project role, and what each actor can do to which state.
import type { Config } from '../config/types.ts';
import { evaluateTrust, statementLabel } from '../iam/index.ts';
import { roleArn } from '../model/naming.ts';
import { assumingPrincipals } from './principals.ts';
import { managedPolicyReach } from './reach.ts';
import { evaluateOperation, type ResourcePolicyLookup, type Session } from './operation.ts';
import { resourcePolicies, broadSession, managedOnlySession, principalsNamedByAllows, roleSession, type Layer } from './sessions.ts';
import { appliesTo, bootstrapTarget, configAllows, OPERATIONS, ownTargets, type StateTarget } from './targets.ts';
import { isViolation, type ActorKind, type OperationCell, type ProjectReport, type TrustCell, type VerifyReport } from './report.ts';
import type { VerifyWorld, WorldRole } from './world.ts';

export function verifyWorld(world: VerifyWorld, options: { project?: string } = {}): VerifyReport {
  // Built once: a lookup holds every bucket's policy, and the matrix asks it for each of its N² cells.
  const lookups: Lookups = { effective: resourcePolicies(world, 'effective'), stateward: resourcePolicies(world, 'stateward') };
  const projects = world.config.projects.filter((p) => !options.project || p.name === options.project).map((p) => projectReport(world, lookups, p.name));
  const violations = projects.flatMap((p) => [...p.trust, ...p.operations].filter(isViolation));
  return { version: 1, source: world.source, projects, violations };
}

function projectReport(world: VerifyWorld, lookups: Lookups, name: string): ProjectReport {
  const config = world.config;
  const role = world.roles.find((r) => r.project === name)!;
  const targetsOf = (owner: string) => ownTargets(config.projects.find((p) => p.name === owner)!);
  const own = targetsOf(name);
  const reads = config.projects.find((p) => p.name === name)!.reads;
  const others = config.projects.filter((p) => p.name !== name).map((p) => p.name);
  // Each other project's states: all of them where this role reads, else its first (the fence and the
  // grants treat every key of a bucket alike).
  const elsewhere = others.flatMap((o) => (reads.includes(o) ? targetsOf(o) : targetsOf(o).slice(0, 1)));
  const operations: OperationCell[] = [
    ...cellsFor(world, lookups, { id: role.arn, kind: 'own-role', project: name, role }, [...own, bootstrapTarget(name), ...elsewhere], name),
    ...others.flatMap((o) => {
      const other = world.roles.find((r) => r.project === o)!;
      const readsThis = config.projects.find((p) => p.name === o)!.reads.includes(name);
      return cellsFor(world, lookups, { id: other.arn, kind: 'other-role', project: o, role: other }, readsThis ? own : own.slice(0, 1), name);
    }),
    ...config.admins.flatMap((admin) => cellsFor(world, lookups, { id: admin, kind: 'admin', session: broadSession(admin) }, [...own, bootstrapTarget(name)], name)),
    ...outsiders(world, name).flatMap((arn) => cellsFor(world, lookups, { id: arn, kind: 'outsider', session: broadSession(arn) }, own.slice(0, 1), name)),
  ];
  return {
    name,
    role: roleArn(config.account, name),
    managedPolicies: role.managedPolicies.map((m) => ({ arn: m.arn, assumed: m.assumed })),
    outsideState: managedPolicyReach(world, role),
    trust: trustCells(world, name, role),
    operations,
  };
}

function trustCells(world: VerifyWorld, name: string, role: WorldRole): TrustCell[] {
  const project = world.config.projects.find((p) => p.name === name)!;
  return assumingPrincipals(project, world.config).map((principal) => {
    const decision = role.trust
      ? evaluateTrust({ trustPolicy: { name: `trust ${role.arn.split('/').pop()}`, document: role.trust }, request: principal.request, identityPolicies: principal.inOperatorsGroup && world.humansPolicy ? [world.humansPolicy] : [] })
      : { decision: 'ImplicitDeny' as const, statements: [] };
    const actual = decision.decision === 'Allow';
    return { project: name, principal: principal.id, label: principal.label, expected: principal.expectedToAssume, actual, decidedBy: decision.statements.map(statementLabel), detail: actual ? 'may assume the role' : role.trust ? 'refused by the trust policy' : 'the role does not exist' };
  });
}

type Lookups = Record<Layer, ResourcePolicyLookup>;
type Actor = { id: string; kind: ActorKind; project?: string; role?: WorldRole; session?: Session };

function cellsFor(world: VerifyWorld, lookups: Lookups, actor: Actor, targets: StateTarget[], project: string): OperationCell[] {
  const layers: Layer[] = actor.kind === 'admin' ? ['effective'] : ['effective', 'stateward'];
  return targets.flatMap((target) =>
    OPERATIONS.filter((op) => appliesTo(op, target)).flatMap((operation) =>
      layers.map((layer) => {
        const session = actor.session ?? roleSession(actor.role!, world.config.account, layer);
        const outcome = evaluateOperation(session, operation, target, { config: world.config, resourcePolicy: lookups[layer] });
        const { expected, note } = expectation(world, lookups, actor, target, operation, layer);
        const cell: OperationCell = { project, actor: actor.id, actorKind: actor.kind, target: target.id, targetOwner: target.owner, operation, layer, expected, actual: outcome.allowed, decidedBy: outcome.decidedBy, detail: outcome.detail };
        return note ? { ...cell, note } : cell;
      }),
    ),
  );
}

function expectation(world: VerifyWorld, lookups: Lookups, actor: Actor, target: StateTarget, operation: (typeof OPERATIONS)[number], layer: Layer): { expected: boolean; note?: string } {
  if (actor.kind === 'admin') return { expected: true, note: 'admins administer state objects; the fence must not lock them out' };
  if (actor.kind === 'outsider') return { expected: false };
  const granted = configAllows(world.config, actor.project!, target, operation);
  if (granted || layer === 'stateward' || target.owner !== actor.project || target.reserved || actor.role!.managedPolicies.length === 0) return { expected: granted };
  // On its own bucket, what the role's declared managed policies add is intended; the fence allows it.
  const managed = evaluateOperation(managedOnlySession(actor.role!, world.config.account), operation, target, { config: world.config, resourcePolicy: lookups.effective });
  return managed.allowed ? { expected: true, note: `granted by the declared managed policies (${actor.role!.managedPolicies.map((m) => m.arn.split('/').pop()).join(', ')})` } : { expected: false };
}

function outsiders(world: VerifyWorld, name: string): string[] {
  const bucket = world.buckets.find((b) => b.project === name);
  const named = principalsNamedByAllows(bucket?.policy ?? null);
  return [...new Set(['arn:aws:iam::999999999999:role/outsider', ...named])];
}

export type { Config };
