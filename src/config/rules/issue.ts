// A problem found by a semantic rule, addressed by config path; the loader turns it into file:line:col.

import type { Config } from '../types.ts';
import type { ConfigPath } from '../yaml-source.ts';

export interface RuleIssue {
  path: ConfigPath;
  code: string;
  message: string;
  fix: string;
  /** Point at the mapping key rather than its value (e.g. a tag name). */
  target?: 'key' | 'value';
}

export type Rule = (config: Config) => RuleIssue[];

export function issue(
  path: ConfigPath,
  code: string,
  message: string,
  fix: string,
  target?: 'key' | 'value',
): RuleIssue {
  return target ? { path, code, message, fix, target } : { path, code, message, fix };
}

/** Reports each value that occurs more than once in a list, at its second occurrence. */
export function duplicatesIn(values: readonly string[], path: ConfigPath, what: string): RuleIssue[] {
  const seen = new Set<string>();
  return values.flatMap((value, index) => {
    if (!seen.has(value)) {
      seen.add(value);
      return [];
    }
    return [
      issue([...path, index], 'CONFIG_DUPLICATE', `${what} "${value}" is listed twice`, 'remove the repeated entry'),
    ];
  });
}
