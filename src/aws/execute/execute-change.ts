// executeChange(change, clients): carries out one planned change, exactly as its `new` value says
// (the contract is documented in src/plan/change.ts).
import type { Change } from '../../plan/change.ts';
import type { AwsClients } from '../clients.ts';
import { executeGroupChange, executeGroupPolicyChange, executeOidcProviderChange } from './account.ts';
import { executeBucketChange } from './bucket.ts';
import { executeCostAllocationTagChange } from './cost-allocation.ts';
import { executeLockTableChange } from './lock-table.ts';
import { executeRoleChange } from './role.ts';

const EXECUTORS: Record<Change['resourceType'], (change: Change, clients: AwsClients) => Promise<void>> = {
  bucket: executeBucketChange,
  role: executeRoleChange,
  'oidc-provider': executeOidcProviderChange,
  group: executeGroupChange,
  'group-policy': executeGroupPolicyChange,
  // The same calls without an attachment: CreatePolicy, CreatePolicyVersion, TagPolicy.
  'managed-policy': executeGroupPolicyChange,
  'lock-table': executeLockTableChange,
  'cost-allocation-tag': executeCostAllocationTagChange,
};

export async function executeChange(change: Change, clients: AwsClients): Promise<void> {
  await EXECUTORS[change.resourceType](change, clients);
}
