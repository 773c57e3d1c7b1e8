// Fix texts: the AWS CLI call that repairs one setting, preceded by `stateward apply` when the project is
// in the config (apply restores every setting of the pattern at once).
import type { AuditContext } from './context.ts';

export function applyOr(context: AuditContext, project: string | null, cli: string): string {
  if (context.configProject(project))
    return `Run \`stateward apply\` (project ${project} is in the config), or by hand: ${cli}`;
  return cli;
}

/** Quotes a JSON document for a POSIX shell. */
export const shellJson = (value: unknown): string => `'${JSON.stringify(value).replace(/'/g, `'\\''`)}'`;
