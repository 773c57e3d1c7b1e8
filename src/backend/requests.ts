// requestsFor: every request Terraform's s3 backend sends for one operation on one target, as data.

import { withEncryption } from './encryption.ts';
import { dedupe, headsMissingState, label, unlabel } from './labelled.ts';
import { listDenialTolerated } from './need.ts';
import { placeholderValues, recordedRequests } from './recorded.ts';
import { recordedCommandsFor } from './sequence.ts';
import type { BackendOperation, BackendRequest, BackendTarget, RequestOptions } from './types.ts';

/**
 * The requests in the order Terraform first sends them, each distinct request once. Built from Terraform
 * 1.11.4's recorded traffic (src/backend/recorded-requests.json) with the target's names substituted.
 */
export function requestsFor(
  operation: BackendOperation,
  target: BackendTarget,
  opts: RequestOptions = {},
): BackendRequest[] {
  const recorded = recordedCommandsFor(operation, target, opts.stateExists ?? true).flatMap((command) =>
    recordedRequests(target.locking, command),
  );
  const listTolerated = listDenialTolerated(target, recorded.some(headsMissingState));
  const values = placeholderValues(target);
  const labelled = recorded.map((request) => label(request, target, values, listTolerated));
  return dedupe(withEncryption(labelled, target)).map(unlabel);
}
