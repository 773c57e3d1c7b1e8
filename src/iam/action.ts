// Action / NotAction: `service:Action`, case-insensitive, with `*` and `?` in the action name.
import { matchesGlob } from './wildcard.ts';

function splitAction(action: string): { service: string; name: string } | undefined {
  const colon = action.indexOf(':');
  if (colon <= 0) return undefined;
  return { service: action.slice(0, colon), name: action.slice(colon + 1) };
}

/** Whether one Action entry (`*`, `s3:Get*`, `s3:GetObject`) covers the requested action. */
export function actionEntryMatches(entry: string, requestAction: string): boolean {
  if (entry === '*') return true;
  const policy = splitAction(entry);
  const request = splitAction(requestAction);
  if (!policy || !request || policy.name === '' || /\s/u.test(policy.name)) return false;
  if (policy.service.toLowerCase() !== request.service.toLowerCase()) return false;
  return matchesGlob(policy.name, request.name, true);
}

export function actionsMatch(entries: readonly string[], requestAction: string): boolean {
  return entries.some((entry) => actionEntryMatches(entry, requestAction));
}
