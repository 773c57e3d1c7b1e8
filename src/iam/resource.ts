// Resource / NotResource. Resource ARNs are case-sensitive and may hold policy variables.
// A variable without a value makes its entry unusable; AWS says such a match "fails and causes
// the statement to be invalid", so NotResource never treats it as "not listed" either.
import { matchArn } from './arn.ts';
import type { ContextIndex } from './context.ts';

type EntryMatch = 'match' | 'no-match' | 'unresolvable';

function resourceEntryMatch(entry: string, requestResource: string, context: ContextIndex): EntryMatch {
  if (entry === '*') return 'match';
  const result = matchArn(entry, requestResource, context, true);
  return result === 'invalid' ? 'no-match' : result;
}

/** `Resource`: some entry matches. */
export function resourcesMatch(entries: readonly string[], requestResource: string, context: ContextIndex): boolean {
  return entries.some((entry) => resourceEntryMatch(entry, requestResource, context) === 'match');
}

/** `NotResource`: no entry matches and every entry could be evaluated. */
export function notResourcesMatch(entries: readonly string[], requestResource: string, context: ContextIndex): boolean {
  return entries.every((entry) => resourceEntryMatch(entry, requestResource, context) === 'no-match');
}
