// A recorded request filled in for one target, with what it touches, why, and whether a denial is fatal.
import { bucketArn } from './keys.ts';
import { kindOf, purposeOf, type RequestKind } from './kinds.ts';
import { needOf } from './need.ts';
import { fill, fillContext, type RecordedRequest } from './recorded.ts';
import type { BackendRequest, BackendTarget } from './types.ts';

export interface LabelledRequest extends BackendRequest {
  kind: RequestKind;
}

/** A HeadObject of the state answered 404 in the recording: the state did not exist at that point. */
export function headsMissingState(request: RecordedRequest): boolean {
  return request.api === 'HeadObject' && request.status === 404 && kindOf(request) === 'state';
}

export function label(
  request: RecordedRequest,
  target: BackendTarget,
  values: Record<string, string>,
  listTolerated: boolean,
): LabelledRequest {
  const kind = kindOf(request);
  const labelled: LabelledRequest = {
    kind,
    api: request.api,
    action: request.action,
    resource: fill(request.resource, values),
    context: fillContext(request.context, values),
    need: needOf(kind, request.api, listTolerated),
    purpose: purposeOf(kind, request.api),
  };
  if (headsMissingState(request)) {
    labelled.whenStateMissing = {
      alsoNeeds: { action: 's3:ListBucket', resource: bucketArn(target.bucket), context: {} },
    };
  }
  return labelled;
}

function identity(request: BackendRequest): string {
  const context = Object.keys(request.context)
    .sort()
    .map((name) => [name, request.context[name]]);
  return JSON.stringify([request.api, request.action, request.resource, context]);
}

/**
 * Keeps the first of identical requests (same API, action, resource and context): Terraform's repeated
 * Lists and Heads need nothing a single one does not. A merged copy is required if any copy was, and keeps
 * the missing-state rule if any copy had it.
 */
export function dedupe(requests: LabelledRequest[]): LabelledRequest[] {
  const byIdentity = new Map<string, LabelledRequest>();
  for (const request of requests) {
    const id = identity(request);
    const first = byIdentity.get(id);
    if (first === undefined) {
      byIdentity.set(id, { ...request });
      continue;
    }
    if (request.need === 'required') first.need = 'required';
    if (first.whenStateMissing === undefined && request.whenStateMissing !== undefined)
      first.whenStateMissing = request.whenStateMissing;
  }
  return [...byIdentity.values()];
}

export function unlabel({ kind: _kind, ...request }: LabelledRequest): BackendRequest {
  return request;
}
