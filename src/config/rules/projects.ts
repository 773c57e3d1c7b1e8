// Per-project identity rules: names, repo and OIDC subjects, humans, policies, encryption, reads.

import { bucketName, MAX_PROJECT_NAME, roleName, STATE_ACCESS_POLICY_NAME } from '../../names/naming.ts';
import { closestName } from '../closest-name.ts';
import type { Config, ProjectConfig } from '../types.ts';
import { bucketNameProblem, GITHUB_REPO, KEBAB_CASE, KMS_KEY_ARN, POLICY_ARN } from './formats.ts';
import { duplicatesIn, issue, type Rule, type RuleIssue } from './issue.ts';

/** S3 lifecycle's NewerNoncurrentVersions accepts at most 100. */
const MAX_KEPT_VERSIONS = 100;

type ProjectRule = (project: ProjectConfig, path: ['projects', number], config: Config) => RuleIssue[];

const projectRules: ProjectRule[] = [
  nameRule,
  repoRule,
  subjectsRule,
  humansRule,
  policiesRule,
  encryptionRule,
  versionsRule,
  readsRule,
];

export const projectsRules: Rule[] = [
  (c) => c.projects.flatMap((p, i) => projectRules.flatMap((rule) => rule(p, ['projects', i], c))),
  (c) =>
    duplicatesIn(
      c.projects.map((p) => p.name),
      ['projects'],
      'project',
    ).map((e) => ({ ...e, path: [...e.path, 'name'] })),
];

function nameRule(p: ProjectConfig, path: ['projects', number], c: Config): RuleIssue[] {
  const at = [...path, 'name'];
  if (!KEBAB_CASE.test(p.name))
    return [
      issue(
        at,
        'CONFIG_PROJECT_NAME',
        `project name "${p.name}" is not kebab-case`,
        `use lowercase letters, digits and single hyphens, e.g. "${toKebab(p.name)}"`,
      ),
    ];
  if (p.name.length > MAX_PROJECT_NAME)
    return [
      issue(
        at,
        'CONFIG_PROJECT_NAME_LENGTH',
        `project name "${p.name}" is ${p.name.length} characters; its bucket name ${bucketName(p.name, c.account)} would exceed S3's 63`,
        `shorten it to at most ${MAX_PROJECT_NAME} characters`,
      ),
    ];
  const bucketProblem = bucketNameProblem(bucketName(p.name, c.account));
  if (bucketProblem)
    return [
      issue(
        at,
        'CONFIG_BUCKET_NAME',
        `bucket name ${bucketName(p.name, c.account)} ${bucketProblem}`,
        'choose another project name',
      ),
    ];
  if (roleName(p.name).length > 64)
    return [
      issue(
        at,
        'CONFIG_ROLE_NAME_LENGTH',
        `role name ${roleName(p.name)} exceeds IAM's 64 characters`,
        'shorten the project name',
      ),
    ];
  return [];
}

function repoRule(p: ProjectConfig, path: ['projects', number], c: Config): RuleIssue[] {
  // A defaulted repo is derived from github.org, whose own rule already reports a bad org.
  if (GITHUB_REPO.test(p.repo) || p.repo === `${c.github.org}/terraform-${p.name}`) return [];
  return [
    issue(
      [...path, 'repo'],
      'CONFIG_REPO',
      `repo "${p.repo}" is not "<org>/<name>"`,
      'write the GitHub repository as org/name, e.g. acme/terraform-network',
    ),
  ];
}

function subjectsRule(p: ProjectConfig, path: ['projects', number], c: Config): RuleIssue[] {
  const at = [...path, 'oidcSubjects'];
  const pinned = `repo:${p.repo}:`;
  const problems = p.oidcSubjects.flatMap((subject, i) => {
    if (!subject.startsWith(pinned))
      return [
        issue(
          [...at, i],
          'CONFIG_OIDC_SUBJECT',
          `OIDC subject "${subject}" is not pinned to ${p.repo}`,
          `start it with "${pinned}", e.g. "${pinned}ref:refs/heads/main" or "${pinned}pull_request"`,
        ),
      ];
    if (subject.length === pinned.length)
      return [
        issue(
          [...at, i],
          'CONFIG_OIDC_SUBJECT',
          `OIDC subject "${subject}" names no ref, environment or event`,
          `add one after the colon, or use "${pinned}*" for every workflow of the repo`,
        ),
      ];
    return [];
  });
  if (p.oidcSubjects.length === 0)
    problems.push(
      issue(
        at,
        'CONFIG_OIDC_SUBJECT',
        'oidcSubjects is empty, so GitHub Actions could never assume the role',
        `list at least one subject, e.g. "${pinned}*"`,
      ),
    );
  if (p.repoId !== undefined && c.github.ownerId === undefined)
    problems.push(
      issue(
        [...path, 'repoId'],
        'CONFIG_REPO_ID',
        "repoId is set but github.ownerId is not; GitHub's immutable subject needs both",
        'add github.ownerId (the numeric id of the organization), or remove repoId',
      ),
    );
  return [...problems, ...duplicatesIn(p.oidcSubjects, at, 'OIDC subject')];
}

function humansRule(p: ProjectConfig, path: ['projects', number], c: Config): RuleIssue[] {
  const at = [...path, 'humans'];
  const outsiders = p.humans.flatMap((human, i) =>
    c.humans.includes(human)
      ? []
      : [
          issue(
            [...at, i],
            'CONFIG_HUMAN_UNKNOWN',
            `human "${human}" is not in the top-level humans list, so it is not in the tf-operators group and cannot assume roles`,
            `add "${human}" to the top-level humans`,
          ),
        ],
  );
  // Membership in the (validated) top-level list implies a valid user name.
  return [...outsiders, ...duplicatesIn(p.humans, at, 'human')];
}

function policiesRule(p: ProjectConfig, path: ['projects', number]): RuleIssue[] {
  const at = [...path, 'managedPolicies'];
  const malformed = p.managedPolicies.flatMap((arn, i) =>
    POLICY_ARN.test(arn)
      ? []
      : [
          issue(
            [...at, i],
            'CONFIG_POLICY_ARN',
            `"${arn}" is not a managed policy ARN`,
            'write e.g. arn:aws:iam::aws:policy/PowerUserAccess or arn:aws:iam::111122223333:policy/name',
          ),
        ],
  );
  const boundary = p.permissionsBoundary;
  if (boundary !== undefined && !POLICY_ARN.test(boundary))
    malformed.push(
      issue(
        [...path, 'permissionsBoundary'],
        'CONFIG_POLICY_ARN',
        `permissionsBoundary "${boundary}" is not a managed policy ARN`,
        'write a policy ARN such as arn:aws:iam::111122223333:policy/tf-boundary',
      ),
    );
  return [...malformed, ...duplicatesIn(p.managedPolicies, at, 'managed policy'), ...inlineNamesRule(p, path)];
}

/** IAM's policy-name pattern; stateward's own name stays stateward's. */
const POLICY_NAME = /^[\w+=,.@-]{1,128}$/;

function inlineNamesRule(p: ProjectConfig, path: ['projects', number]): RuleIssue[] {
  return Object.keys(p.inlinePolicies).flatMap((name) => {
    const at = [...path, 'inlinePolicies', name];
    if (name === STATE_ACCESS_POLICY_NAME)
      return [
        issue(
          at,
          'CONFIG_INLINE_POLICY_NAME',
          `inline policy name "${name}" is stateward's own (the role's state access)`,
          'choose another name, e.g. "infrastructure"',
          'key',
        ),
      ];
    if (POLICY_NAME.test(name)) return [];
    return [
      issue(
        at,
        'CONFIG_INLINE_POLICY_NAME',
        `inline policy name "${name}" is not a valid IAM policy name`,
        'use 1 to 128 letters, digits and + = , . @ _ -',
        'key',
      ),
    ];
  });
}

function encryptionRule(p: ProjectConfig, path: ['projects', number], c: Config): RuleIssue[] {
  if (p.encryption.type !== 'sse-kms') return [];
  const arn = p.encryption.kmsKeyArn;
  const [, , , region, account] = arn.split(':');
  // S3 encrypts only with a key of the bucket's region; the boundary and verify assume the config's account.
  if (KMS_KEY_ARN.test(arn) && (region !== c.region || account !== c.account))
    return [
      issue(
        [...path, 'encryption', 'kmsKeyArn'],
        'CONFIG_KMS_KEY_PLACE',
        `kmsKeyArn "${arn}" is in ${region !== c.region ? `region ${region}` : ''}${region !== c.region && account !== c.account ? ' and ' : ''}${account !== c.account ? `account ${account}` : ''}; the state bucket is in region ${c.region} of account ${c.account}`,
        `create the key in ${c.region} of account ${c.account} (S3 cannot use a key of another region, and another account's key policy is out of stateward's reach) and use its ARN`,
      ),
    ];
  if (KMS_KEY_ARN.test(arn)) return [];
  return [
    issue(
      [...path, 'encryption', 'kmsKeyArn'],
      'CONFIG_KMS_KEY_ARN',
      `kmsKeyArn "${p.encryption.kmsKeyArn}" is not a KMS key ARN`,
      'use the key ARN (arn:aws:kms:<region>:<account>:key/<id>); aliases do not match in IAM policies',
    ),
  ];
}

function versionsRule(p: ProjectConfig, path: ['projects', number]): RuleIssue[] {
  if (p.keepStateVersions <= MAX_KEPT_VERSIONS) return [];
  return [
    issue(
      [...path, 'keepStateVersions'],
      'CONFIG_KEEP_VERSIONS',
      `keepStateVersions ${p.keepStateVersions} exceeds S3's limit of ${MAX_KEPT_VERSIONS} newer noncurrent versions`,
      `use at most ${MAX_KEPT_VERSIONS}; raise noncurrentDays to keep versions longer`,
    ),
  ];
}

function readsRule(p: ProjectConfig, path: ['projects', number], c: Config): RuleIssue[] {
  const at = [...path, 'reads'];
  const names = c.projects.map((q) => q.name);
  const problems = p.reads.flatMap((name, i) => {
    if (name === p.name)
      return [
        issue(
          [...at, i],
          'CONFIG_READS_SELF',
          `project "${p.name}" lists itself in reads`,
          'remove it: a project always reaches its own state',
        ),
      ];
    if (names.includes(name)) return [];
    const guess = closestName(name, names);
    return [
      issue(
        [...at, i],
        'CONFIG_READS_UNKNOWN',
        `reads names "${name}", which is not a project in this config`,
        guess ? `did you mean "${guess}"?` : `use one of: ${names.join(', ')}`,
      ),
    ];
  });
  return [...problems, ...duplicatesIn(p.reads, at, 'project')];
}

function toKebab(name: string): string {
  return (
    name
      .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'my-project'
  );
}
