// tf-assume-roles, the only permission of the tf-operators group: become a tf-* role. The roles'
// trust policies decide who may become which, and demand MFA.
import type { PolicyDocument } from '../iam/document.ts';
import { ROLE_PREFIX } from '../model/naming.ts';

export function buildHumansPolicy(account: string): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AssumeTerraformRoles',
        Effect: 'Allow',
        Action: 'sts:AssumeRole',
        Resource: `arn:aws:iam::${account}:role/${ROLE_PREFIX}*`,
      },
    ],
  };
}
