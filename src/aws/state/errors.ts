// AccessDenied on a state bucket is almost always the bucket fence or a missing admin grant; the message
// says so, with who may run the command, instead of a bare "grant the permission".
import { StatewardError } from '../../errors.ts';
import { commandNeeds, FENCE_SID_PREFIX, type StateCommand } from '../../state/needs.ts';
import type { AwsClients } from '../clients.ts';
import { isAwsError, translateAwsError } from '../errors.ts';
import { callOf } from '../middleware/call-context.ts';

export interface StateCallContext {
  command: StateCommand;
  project?: string;
}

export function translateStateError(error: unknown, clients: AwsClients, context: StateCallContext): StatewardError {
  const translated = translateAwsError(error, clients);
  if (translated.code !== 'AWS_ACCESS_DENIED') return translated;
  const call = callOf(error);
  const needs = commandNeeds(context.command, context.project);
  const role = context.project ? `tf-${context.project}` : 'tf-<project>';
  if (call?.service === 's3') {
    return new StatewardError(
      'STATE_ACCESS_DENIED',
      `${translated.message} \`stateward ${context.command}\` ${describe(needs)}. The state bucket's fence (bucket-policy statements with Sid prefix ${FENCE_SID_PREFIX}) denies object access and listing to every principal except ${role}, its readers and the \`admins\` of stateward.yaml, whatever their IAM policies allow.`,
      needs.projectRoleSuffices
        ? `Run as ${role} (e.g. a --profile whose role_arn is that role) or as an admin listed in \`admins\` of stateward.yaml that also holds those actions in IAM.`
        : `Run as an admin listed in \`admins\` of stateward.yaml that also holds those actions in IAM; ${role} passes the fence, but its policy holds only what terraform needs (no version listing or versioned reads).`,
      { cause: error },
    );
  }
  return new StatewardError(
    'STATE_ACCESS_DENIED',
    `${translated.message} \`stateward ${context.command}\` ${describe(needs)}.`,
    translated.fix,
    { cause: error },
  );
}

function describe(needs: ReturnType<typeof commandNeeds>): string {
  return `needs ${needs.principal}, with ${needs.actions.join(', ')}`;
}

/** Runs one call; the named AWS error codes resolve to undefined, every other error is translated. */
export async function stateCall<T>(
  clients: AwsClients,
  context: StateCallContext,
  call: (clients: AwsClients) => Promise<T>,
  absentWhen: readonly string[] = [],
): Promise<T | undefined> {
  try {
    return await call(clients);
  } catch (error) {
    if (absentWhen.length > 0 && isAwsError(error, ...absentWhen)) return undefined;
    throw translateStateError(error, clients, context);
  }
}

export async function mustStateCall<T>(
  clients: AwsClients,
  context: StateCallContext,
  call: (clients: AwsClients) => Promise<T>,
): Promise<T> {
  return (await stateCall(clients, context, call)) as T;
}
