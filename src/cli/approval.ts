// One approval vocabulary for every command that writes (apply, destroy, restore, unlock): at a terminal
// the command shows what it will do and asks; without one it refuses rather than guess, unless given
// `--auto-approve` (alias `--yes`). The answer that approves is "yes", or for destroy the project's name.
import { createInterface } from 'node:readline/promises';
import { StatewardError } from '../errors.ts';

export interface ApprovalOptions {
  autoApprove?: boolean;
  /** Alias of --auto-approve (restore's flag before the vocabulary was one). */
  yes?: boolean;
}

export function approvedInAdvance(options: ApprovalOptions): boolean {
  return (options.autoApprove ?? false) || (options.yes ?? false);
}

export interface Question {
  /** Error code prefix, e.g. "DESTROY": the errors are <PREFIX>_NEEDS_APPROVAL and <PREFIX>_CANCELLED. */
  command: string;
  /** What would happen, for the refusal: "destroy deletes 3 object versions of project web". */
  what: string;
  /** Asked at the terminal, saying which answer approves, e.g. 'Apply? Only "yes" applies:'. */
  question: string;
  /** The answer that approves. */
  expected: string;
  /** The same command line with the approval flag, for the fix. */
  rerun: string;
}

/** Returns when approved; throws (nothing was changed) when not. */
export async function requireApproval(options: ApprovalOptions, q: Question): Promise<void> {
  if (approvedInAdvance(options)) return;
  if (!process.stdin.isTTY) {
    throw new StatewardError(
      `${q.command}_NEEDS_APPROVAL`,
      `${q.what}, and stdin is not a terminal, so stateward cannot ask; nothing was changed.`,
      `Review what is shown above, then run \`${q.rerun}\` (--yes is the same flag).`,
    );
  }
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  // Ctrl-C at the question reaches readline, not the process: it answers "no".
  const interrupt = new AbortController();
  prompt.once('SIGINT', () => interrupt.abort());
  const answer = await prompt.question(`\n${q.question} `, { signal: interrupt.signal }).catch(() => '');
  prompt.close();
  const given = answer.trim();
  if (given !== q.expected && !(q.expected === 'yes' && given.toLowerCase() === 'yes')) {
    throw new StatewardError(
      `${q.command}_CANCELLED`,
      `Not approved (the answer was not "${q.expected}"); nothing was changed.`,
      `Run the command again and answer "${q.expected}", or pass --auto-approve.`,
    );
  }
}
