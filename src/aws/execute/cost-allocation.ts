// Activates the cost allocation tag. Cost Explorer answers 200 even when it refuses a key: the refusal
// is in the response's Errors, so it is checked here and turned into a typed error.
import * as CE from '@aws-sdk/client-cost-explorer';
import { StatewardError } from '../../errors.ts';
import type { Change } from '../../plan/change.ts';
import type { AwsClients } from '../clients.ts';
import { unknownSetting } from './bucket.ts';
import { send, wasTolerated } from './send.ts';

export async function executeCostAllocationTagChange(change: Change, clients: AwsClients): Promise<void> {
  if (change.setting !== 'status') throw unknownSetting(change);
  const TagKey = change.resourceName;
  const result = await send(clients, (c) =>
    c.costExplorer.send(
      new CE.UpdateCostAllocationTagsStatusCommand({
        CostAllocationTagsStatus: [{ TagKey, Status: change.new as CE.CostAllocationTagStatus }],
      }),
    ),
  );
  const refusal = wasTolerated(result) ? undefined : result.Errors?.find((e) => e.TagKey === TagKey);
  if (!refusal) return;
  throw new StatewardError(
    'APPLY_COST_TAG_REFUSED',
    `Cost Explorer did not activate tag ${TagKey} for cost allocation: ${refusal.Code ?? 'refused'}: ${refusal.Message ?? ''}`.trim(),
    'Cost Explorer knows a tag key about a day after it is first on a resource, and only the management account may activate it: run `stateward apply` again later with its credentials, or set `costAllocation: false`.',
  );
}
