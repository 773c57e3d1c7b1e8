// tf-assume-roles, the only permission of the tf-operators group: become a tf-* role, with MFA. The
// roles' trust policies decide who may become which.
import type { PolicyDocument } from '../iam/document.ts';
import { ROLE_PREFIX } from '../names/naming.ts';

export function buildHumansPolicy(account: string): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AssumeTerraformRoles',
        Effect: 'Allow',
        Action: 'sts:AssumeRole',
        Resource: `arn:aws:iam::${account}:role/${ROLE_PREFIX}*`,
        // The trust policies stateward writes demand MFA; a tf-* role it did not write may not, so the
        // group's own grant demands it too.
        Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
      },
    ],
  };
}
