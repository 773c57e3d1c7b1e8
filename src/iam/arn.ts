// ARN matching, shared by the Resource element and the Arn* condition operators: each of the
// six colon-separated parts is matched on its own (AWS: "each of the six colon-delimited
// components of the ARN is checked separately"); the last part keeps any further colons.
import type { ContextIndex } from './context.ts';
import { resolvePolicyString, splitOutsideVariables } from './variables.ts';
import { matchesPattern } from './wildcard.ts';

export interface ArnParts {
  partition: string;
  service: string;
  region: string;
  account: string;
  resource: string;
}

const SEGMENTS = 6;

function toParts(pieces: string[]): ArnParts | undefined {
  if (pieces.length < SEGMENTS || pieces[0] !== 'arn') return undefined;
  const [, partition, service, region, account] = pieces as [string, string, string, string, string];
  return { partition, service, region, account, resource: pieces.slice(SEGMENTS - 1).join(':') };
}

export function splitArn(arn: string): ArnParts | undefined {
  return toParts(arn.split(':'));
}

/** Splits a policy ARN, which may hold variables with colons in their names. */
function splitPolicyArn(pattern: string, padTrailingWildcard: boolean): ArnParts | undefined {
  const pieces = splitOutsideVariables(pattern, ':');
  // AWS: a '*' that ends a segment may extend past the colons, so `arn:aws:s3:*` is a full ARN.
  if (padTrailingWildcard && pieces.length < SEGMENTS && pieces.at(-1)?.endsWith('*')) {
    while (pieces.length < SEGMENTS) pieces.push('*');
  }
  return toParts(pieces);
}

export type ArnMatch = 'match' | 'no-match' | 'unresolvable' | 'invalid';

const PART_NAMES = ['partition', 'service', 'region', 'account', 'resource'] as const;

/**
 * Matches a policy ARN (with `*`, `?` and variables) against a concrete ARN. `invalid` when
 * either side is not an ARN; `unresolvable` when a variable has no value in the request.
 */
export function matchArn(
  policyArn: string,
  requestArn: string,
  context: ContextIndex,
  padTrailingWildcard: boolean,
): ArnMatch {
  const policy = splitPolicyArn(policyArn, padTrailingWildcard);
  const request = splitArn(requestArn);
  if (!policy || !request) return 'invalid';
  // A part that clearly differs decides, even when another part holds a variable without a value.
  let unresolvable = false;
  for (const part of PART_NAMES) {
    const pattern = resolvePolicyString(policy[part], context, true);
    if (!pattern) unresolvable = true;
    else if (!matchesPattern(pattern, request[part])) return 'no-match';
  }
  return unresolvable ? 'unresolvable' : 'match';
}

/** The account id of an ARN, or undefined when it has none (S3 bucket ARNs, for example). */
export function arnAccount(arn: string): string | undefined {
  const parts = splitArn(arn);
  return parts?.account ? parts.account : undefined;
}
