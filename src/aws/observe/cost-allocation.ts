// The cost allocation tag's status in Cost Explorer. Read only when the config turns cost allocation on:
// it needs ce:ListCostAllocationTags, which only the management (payer) account's principals usually hold.
import * as CE from '@aws-sdk/client-cost-explorer';
import type { ObservedAccountResources } from '../../model/observed.ts';
import type { DesiredCostAllocationTag } from '../../model/types.ts';
import type { Reader } from './read.ts';

export async function observeCostAllocationTag(
  reader: Reader,
  desired: DesiredCostAllocationTag,
): Promise<NonNullable<ObservedAccountResources['costAllocationTag']>> {
  const listed = await reader.must((c) =>
    c.costExplorer.send(new CE.ListCostAllocationTagsCommand({ TagKeys: [desired.key], Type: 'UserDefined' })),
  );
  const found = (listed.CostAllocationTags ?? []).find((tag) => tag.TagKey === desired.key);
  return { key: desired.key, status: found?.Status ?? 'unknown' };
}
