// The cost allocation tag's status, read only when the config turns cost allocation on; a refusal (no
// billing permission outside the management account) is recorded, not fatal.
import type { AuditSnapshot } from '../../audit/snapshot.ts';
import type { Config } from '../../config/types.ts';
import { PROJECT_TAG } from '../../desired/build.ts';
import { observeCostAllocationTag } from '../observe/cost-allocation.ts';
import type { Reader } from '../observe/read.ts';
import { capture, type ErrorSink } from './capture.ts';

export async function discoverCostAllocationTag(
  reader: Reader,
  config: Config | undefined,
  errors: ErrorSink,
): Promise<AuditSnapshot['costAllocationTag']> {
  if (!config?.costAllocation) return undefined;
  const key = PROJECT_TAG;
  return capture(errors, `cost-allocation-tag/${key}`, null, () =>
    observeCostAllocationTag(reader, { key, status: 'Active' }),
  );
}
