// Projects a plan leaves out whole (another account owns the bucket name) end plan and apply with an error
// each, after everything else: the other projects are planned and applied, and the exit code says not all was.
import { StatewardError } from '../errors.ts';
import type { Plan } from '../plan/index.ts';

export function blockedErrors(plan: Plan): StatewardError[] {
  return plan.blocked.map((b) => new StatewardError(b.code, b.message, b.fix));
}
