// applyPlan: every change after the ones it depends on, changes of one resource one at a time (S3 and
// IAM refuse concurrent edits of one bucket or role), everything else in parallel: up to `concurrency`
// changes in all when the caller sets it, else up to a limit per service (bucket changes are S3's, which
// takes many writes at once; role, group and provider changes are IAM's, whose write rate is low).
// A failed change skips what depends on it; independent changes (other projects) still run. Once the
// caller's signal aborts (an interrupt), nothing new starts; calls in flight settle and are reported.
// A change in an environment account (seed 002) runs with that account's clients, under its own limit, so the
// accounts are applied in parallel; dependencies across accounts (a deploy role after its admin role) hold.

import { StatewardError } from '../../errors.ts';
import type { Change, Plan, ResourceType } from '../../plan/change.ts';
import { orderChanges } from '../../plan/order.ts';
import type { AwsClients } from '../clients.ts';
import { translateAwsError } from '../errors.ts';
import { createLimiter, type Limiter } from '../limit.ts';
import { type LimitedService, serviceLimiters } from '../service-limits.ts';
import { executeChange } from './execute-change.ts';

export interface ApplyProgress {
  change: Change;
  state: 'started' | 'done' | 'failed' | 'skipped' | 'not-started';
  error?: StatewardError;
}

export interface ApplyOptions {
  /** Changes in flight at once, all services together; default: APPLY_CONCURRENCY per service. */
  concurrency?: number;
  onProgress?: (progress: ApplyProgress) => void;
  /** Aborted: start no further change; the ones in flight finish. The next apply converges the rest. */
  signal?: AbortSignal;
}

export interface ApplyResult {
  applied: Change[];
  failed: Array<{ change: Change; error: StatewardError }>;
  /** Not attempted because a change they depend on failed. */
  skipped: Change[];
  /** Not attempted because the signal aborted before their turn. */
  notStarted: Change[];
}

/**
 * Changes in flight per service. IAM's write rate is low, but a cold apply is mostly IAM calls (two roles per
 * project, their policies, the wait for each new role): 8 at once, below terraform's default parallelism of
 * 10, keeps 40 ms of latency from doubling its time, and the SDK's adaptive retry backs off when IAM throttles.
 * S3 takes many more; each bucket's changes still go in turn.
 */
export const APPLY_CONCURRENCY: Readonly<Record<LimitedService, number>> = {
  s3: 16,
  iam: 8,
  sts: 1,
  dynamodb: 4,
  costExplorer: 1,
};

const SERVICE_OF: Record<ResourceType, LimitedService> = {
  bucket: 's3',
  role: 'iam',
  'oidc-provider': 'iam',
  group: 'iam',
  'group-policy': 'iam',
  'lock-table': 'dynamodb',
  'cost-allocation-tag': 'costExplorer',
  'managed-policy': 'iam',
};

function changeLimiter(concurrency: number | undefined): (change: Change) => Limiter {
  if (concurrency !== undefined) {
    const all = createLimiter(concurrency);
    return () => all;
  }
  const perService = serviceLimiters(APPLY_CONCURRENCY);
  return (change) => perService[SERVICE_OF[change.resourceType]];
}

export async function applyPlan(plan: Plan, clients: AwsClients, options: ApplyOptions = {}): Promise<ApplyResult> {
  const limits = new Map<string, (change: Change) => Limiter>();
  const limitFor = (change: Change) => {
    const account = change.account ?? clients.account;
    if (!limits.has(account)) limits.set(account, changeLimiter(options.concurrency));
    return limits.get(account)!(change);
  };
  const report = options.onProgress ?? (() => undefined);
  const result: ApplyResult = { applied: [], failed: [], skipped: [], notStarted: [] };
  const aborted = () => options.signal?.aborted ?? false;
  const notStarted = (change: Change) => {
    result.notStarted.push(change);
    report({ change, state: 'not-started' });
    return false;
  };
  const succeeded = new Map<string, Promise<boolean>>();
  const lastOnResource = new Map<string, Promise<unknown>>();

  const run = async (change: Change): Promise<boolean> => {
    report({ change, state: 'started' });
    const target = clientsOf(change, clients);
    try {
      await executeChange(change, target);
      result.applied.push(change);
      report({ change, state: 'done' });
      return true;
    } catch (error) {
      const failure = translateAwsError(error, target);
      result.failed.push({ change, error: failure });
      report({ change, state: 'failed', error: failure });
      return false;
    }
  };

  // orderChanges puts every dependency and every earlier change of a resource before a change, so each
  // promise below waits only on promises created before it: no cycles, no deadlock.
  for (const change of orderChanges(plan.changes)) {
    const dependencies = change.dependsOn.flatMap((id) => succeeded.get(id) ?? []);
    const resource = `${change.account ?? ''}:${change.resourceType}/${change.resourceName}`;
    const previous = lastOnResource.get(resource) ?? Promise.resolve();
    const outcome = (async () => {
      const ready = (await Promise.all(dependencies)).every(Boolean);
      await previous;
      if (aborted()) return notStarted(change);
      if (!ready) {
        result.skipped.push(change);
        report({ change, state: 'skipped' });
        return false;
      }
      return limitFor(change)(async () => (aborted() ? notStarted(change) : run(change)));
    })();
    succeeded.set(change.id, outcome);
    lastOnResource.set(resource, outcome);
  }
  await Promise.all(succeeded.values());
  return result;
}

/** The administrative account's clients, or those of the environment account the change belongs to. */
function clientsOf(change: Change, clients: AwsClients): AwsClients {
  if (change.account === undefined) return clients;
  const environment = clients.environments?.get(change.account);
  if (environment) return environment;
  throw new StatewardError(
    'APPLY_ENVIRONMENT_NOT_OPEN',
    `change ${change.id} is for account ${change.account}, whose management role was not assumed`,
    'this is a bug in stateward; please report it with the plan (stateward plan --json)',
  );
}
