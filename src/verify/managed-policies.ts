// Managed policies whose documents verify knows without AWS. Offline, any other managed policy is
// assumed to allow everything: the worst case, so a fence that holds here holds for any policy.
// `verify --live` reads the real documents instead.
import type { PolicyDocument } from '../iam/document.ts';

export const ASSUMED_BROAD: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Sid: 'AssumedBroadUnknownPolicy', Effect: 'Allow', Action: '*', Resource: '*' }],
};

const KNOWN: Record<string, PolicyDocument> = {
  // The plan role's default. AWS's document lists thousands of read actions; what matters to state is that it
  // reads every bucket and table (s3:Get*, s3:List*, dynamodb:GetItem, Scan...) and writes nothing.
  'arn:aws:iam::aws:policy/ReadOnlyAccess': {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: ['*:BatchGet*', '*:Describe*', '*:Get*', '*:List*', 'dynamodb:Query', 'dynamodb:Scan'],
        Resource: '*',
      },
    ],
  },
  'arn:aws:iam::aws:policy/AdministratorAccess': {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
  },
  // As published by AWS (version v5): everything but IAM, Organizations and Account, plus a few reads.
  'arn:aws:iam::aws:policy/PowerUserAccess': {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 'account:*'], Resource: '*' },
      {
        Effect: 'Allow',
        Action: [
          'account:GetAccountInformation',
          'account:GetPrimaryEmail',
          'account:ListRegions',
          'iam:CreateServiceLinkedRole',
          'iam:DeleteServiceLinkedRole',
          'iam:ListRoles',
          'organizations:DescribeOrganization',
        ],
        Resource: '*',
      },
    ],
  },
};

export interface ManagedPolicyDocument {
  arn: string;
  document: PolicyDocument;
  /** True when the document is not known and the worst case was assumed. */
  assumed: boolean;
}

export function offlineManagedPolicy(arn: string): ManagedPolicyDocument {
  const known = KNOWN[arn];
  return known ? { arn, document: known, assumed: false } : { arn, document: ASSUMED_BROAD, assumed: true };
}
