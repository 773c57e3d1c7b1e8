// Who stateward says holds a lock it takes (terraform's own form of LockInfo.Who), and stateward's version.
import { hostname, userInfo } from 'node:os';

declare const STATEWARD_VERSION: string;
export const STATEWARD = typeof STATEWARD_VERSION === 'string' ? STATEWARD_VERSION : '0.0.0-dev';

export function whoAmI(): string {
  let user = 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // no passwd entry (some containers): keep "unknown"
  }
  return `${user}@${hostname()}`;
}
