// Account-level settings: account id, region, GitHub org, humans, admins, tags.

import { partitionOf, SUPPORTED_PARTITION } from '../../names/partition.ts';
import { ACCOUNT_ID, GITHUB_OWNER, IAM_USER_NAME, PRINCIPAL_ARN, REGION, TAG_KEY, TAG_VALUE } from './formats.ts';
import { duplicatesIn, issue, type Rule, type RuleIssue } from './issue.ts';

const STANDARD_TAGS: Record<string, string> = {
  Project: 'it is set per project from its name',
  ManagedBy: 'set the top-level "managedBy" instead',
  Repo: 'it is set per project from its repo',
  Environment: 'stateward sets it to "bootstrap" on what it creates',
};
/** IAM and S3 both allow 50 tags per resource; stateward adds four. */
const MAX_EXTRA_TAGS = 46;

export const accountRules: Rule[] = [
  (c) =>
    ACCOUNT_ID.test(c.account)
      ? []
      : [
          issue(
            ['account'],
            'CONFIG_ACCOUNT',
            `account "${c.account}" is not a 12-digit AWS account id`,
            'write the 12 digits of the account, quoted, e.g. account: "111122223333"',
          ),
        ],
  (c) =>
    REGION.test(c.region)
      ? []
      : [
          issue(
            ['region'],
            'CONFIG_REGION',
            `region "${c.region}" does not look like an AWS region`,
            'use a region code such as eu-west-1 or us-east-1',
          ),
        ],
  (c) =>
    !REGION.test(c.region) || partitionOf(c.region) === SUPPORTED_PARTITION
      ? []
      : [
          issue(
            ['region'],
            'CONFIG_PARTITION',
            `region "${c.region}" is in the AWS partition ${partitionOf(c.region)}; stateward writes ARNs, service principals and the GitHub OIDC provider of the commercial partition (arn:aws:), which do not exist there`,
            'use a region of the commercial partition, e.g. us-east-1 or eu-west-1; GovCloud, China and the isolated regions are not supported',
          ),
        ],
  (c) =>
    GITHUB_OWNER.test(c.github.org)
      ? []
      : [
          issue(
            ['github', 'org'],
            'CONFIG_GITHUB_ORG',
            `github.org "${c.github.org}" is not a valid GitHub organization name`,
            'use the organization login: letters, digits and single hyphens, at most 39 characters',
          ),
        ],
  (c) => [...userNameIssues(c.humans, ['humans']), ...duplicatesIn(c.humans, ['humans'], 'human')],
  (c) => [
    ...c.admins.flatMap((arn, i) =>
      PRINCIPAL_ARN.test(arn)
        ? []
        : [
            issue(
              ['admins', i],
              'CONFIG_ADMIN_ARN',
              `admin "${arn}" is not an IAM user, role or account-root ARN`,
              'write a principal ARN such as arn:aws:iam::111122223333:role/platform-admin',
            ),
          ],
    ),
    ...duplicatesIn(c.admins, ['admins'], 'admin'),
  ],
  (c) => tagIssues(c.tags),
];

export function userNameIssues(names: readonly string[], path: ReadonlyArray<string | number>): RuleIssue[] {
  return names.flatMap((name, i) =>
    IAM_USER_NAME.test(name)
      ? []
      : [
          issue(
            [...path, i],
            'CONFIG_IAM_USER_NAME',
            `"${name}" is not a valid IAM user name`,
            'IAM user names are 1-64 characters of letters, digits and + = , . @ _ -',
          ),
        ],
  );
}

function tagIssues(tags: Record<string, string>): RuleIssue[] {
  const problems: RuleIssue[] = [];
  for (const [key, value] of Object.entries(tags)) {
    if (STANDARD_TAGS[key])
      problems.push(
        issue(
          ['tags', key],
          'CONFIG_TAG_RESERVED',
          `tag "${key}" is one of the four standard tags`,
          `remove it: ${STANDARD_TAGS[key]}`,
          'key',
        ),
      );
    else if (key.toLowerCase().startsWith('aws:'))
      problems.push(
        issue(
          ['tags', key],
          'CONFIG_TAG_KEY',
          `tag "${key}" uses the reserved "aws:" prefix`,
          'choose a key without the aws: prefix',
          'key',
        ),
      );
    else if (!TAG_KEY.test(key))
      problems.push(
        issue(
          ['tags', key],
          'CONFIG_TAG_KEY',
          `tag key "${key}" is not a valid AWS tag key`,
          'use 1-128 letters, digits, spaces and _ . : / = + - @',
          'key',
        ),
      );
    if (!TAG_VALUE.test(value))
      problems.push(
        issue(
          ['tags', key],
          'CONFIG_TAG_VALUE',
          `tag value "${value}" is not a valid AWS tag value`,
          'use at most 256 letters, digits, spaces and _ . : / = + - @',
        ),
      );
  }
  const count = Object.keys(tags).length;
  if (count > MAX_EXTRA_TAGS)
    problems.push(
      issue(
        ['tags'],
        'CONFIG_TAG_COUNT',
        `${count} tags plus the 4 standard ones exceed AWS's 50 tags per resource`,
        `keep at most ${MAX_EXTRA_TAGS} tags`,
      ),
    );
  return problems;
}
