// Discovery reads many independent resources; one that cannot be read (access denied, say) must not stop
// the audit, nor be taken for absent. It is recorded as an audit error and the audit goes on.
import type { AuditReadError } from '../../audit/snapshot.ts';
import { StatewardError } from '../../errors.ts';

export type ErrorSink = AuditReadError[];

/** The result of `read`, or undefined after recording why it failed against `resource`. */
export async function capture<T>(
  errors: ErrorSink,
  resource: string,
  project: string | null,
  read: () => Promise<T>,
): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    errors.push(toReadError(error, resource, project));
    return undefined;
  }
}

function toReadError(error: unknown, resource: string, project: string | null): AuditReadError {
  if (error instanceof StatewardError)
    return { resource, project, code: error.code, message: error.message, fix: error.fix };
  return {
    resource,
    project,
    code: 'UNEXPECTED_ERROR',
    message: error instanceof Error ? error.message : String(error),
    fix: 'This is a bug in stateward; please report it with the command you ran and this message.',
  };
}
