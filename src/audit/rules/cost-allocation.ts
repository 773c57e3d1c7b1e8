// Cost allocation: when the config turns it on, the Project tag must be active in Cost Explorer, or
// costs cannot be reported per project. Only judged with a config that asks for it.
import type { AuditContext } from '../context.ts';
import type { Rule } from '../types.ts';

export const costAllocationOff: Rule<AuditContext> = {
  meta: {
    id: 'SW-COST-001',
    severity: 'low',
    title: 'Project tag not active for cost allocation',
    rationale:
      'The config asks for costs per project; Cost Explorer reports them only for tags activated for cost allocation.',
  },
  check: (context) => {
    const { config, costAllocationTag: tag } = context.snapshot;
    if (!config?.costAllocation || !tag || tag.status === 'Active') return [];
    return [
      {
        project: null,
        resource: `cost-allocation-tag/${tag.key}`,
        message: `Tag ${tag.key} is not active for cost allocation, though ${config.file} turns cost allocation on.`,
        evidence: `ListCostAllocationTags ${tag.key}: ${tag.status === 'unknown' ? 'not listed yet' : tag.status}`,
        fix: `Run \`stateward apply\` with the management account's credentials (or aws ce update-cost-allocation-tags-status --cost-allocation-tags-status TagKey=${tag.key},Status=Active); Cost Explorer lists a key about a day after it is first on a resource.`,
      },
    ];
  },
};
