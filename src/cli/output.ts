// The only place that turns errors into text and exit codes.
import pc from 'picocolors';
import { formatLocation, StatewardError, StatewardErrors } from '../errors.ts';

export const EXIT_OK = 0;
export const EXIT_ERROR = 1;
export const EXIT_FINDINGS = 2;
/** Stopped by SIGINT or SIGTERM (128 + 2, as shells report an interrupt). */
export const EXIT_INTERRUPTED = 130;

/** --no-color, then NO_COLOR (an opt-out always wins), then FORCE_COLOR (colour into a pipe, e.g. CI logs). */
export function useColor(stream: NodeJS.WriteStream = process.stdout): boolean {
  if (process.argv.includes('--no-color')) return false;
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  const force = process.env.FORCE_COLOR;
  if (force !== undefined && force !== '') return force !== '0' && force !== 'false';
  return Boolean(stream.isTTY);
}

export function formatError(err: StatewardError, color = useColor(process.stderr)): string {
  const c = pc.createColors(color);
  const where = err.location ? `${formatLocation(err.location)}: ` : '';
  const lines = [`${where}${c.red('error')} ${c.dim(`[${err.code}]`)} ${err.message}`];
  if (err.fix) lines.push(`  ${c.cyan('fix:')} ${err.fix}`);
  return lines.join('\n');
}

export function exitWithError(err: unknown): never {
  if (err instanceof StatewardErrors) {
    for (const e of err.errors) process.stderr.write(`${formatError(e)}\n`);
    process.stderr.write(`${err.errors.length} error${err.errors.length === 1 ? '' : 's'}\n`);
  } else if (err instanceof StatewardError) {
    process.stderr.write(`${formatError(err)}\n`);
  } else {
    const text = err instanceof Error ? (err.stack ?? err.message) : String(err);
    process.stderr.write(`stateward: unexpected error (please report it):\n${text}\n`);
  }
  process.exit(EXIT_ERROR);
}
