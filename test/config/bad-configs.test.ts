// Each bad config yields exactly the expected errors, at the expected line:column, with a fix.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseConfig } from '../../src/config/load.ts';
import { StatewardErrors } from '../../src/errors.ts';

const HEAD = `version: 1
account: "111122223333"
region: eu-west-1
github: { org: acme }
humans: [alice]
`;

interface Expected {
  line: number;
  column: number;
  code: string;
  message: RegExp;
  fix?: RegExp;
}
interface Case {
  name: string;
  yaml: string;
  errors: Expected[];
}

const cases: Case[] = [
  {
    name: 'YAML syntax error',
    yaml: `${HEAD}projects: [\n  - name: a\n`,
    errors: [
      { line: 7, column: 3, code: 'CONFIG_YAML_SYNTAX', message: /Block collections are not allowed within flow/ },
      { line: 8, column: 1, code: 'CONFIG_YAML_SYNTAX', message: /end with a \]/ },
    ],
  },
  {
    name: 'duplicate key',
    yaml: `${HEAD}region: us-east-1\nprojects: [{ name: a }]\n`,
    errors: [{ line: 6, column: 1, code: 'CONFIG_DUPLICATE_KEY', message: /twice/, fix: /silently lost/ }],
  },
  {
    name: 'unknown top-level key, misspelt',
    yaml: `${HEAD}projets: []\nprojects: [{ name: a }]\n`,
    errors: [
      {
        line: 6,
        column: 1,
        code: 'CONFIG_UNKNOWN_KEY',
        message: /unknown key "projets" in the top level/,
        fix: /did you mean "projects"/,
      },
    ],
  },
  {
    name: 'unknown project key',
    yaml: `${HEAD}projects:\n  - name: a\n    lockng: dynamodb\n`,
    errors: [
      {
        line: 8,
        column: 5,
        code: 'CONFIG_UNKNOWN_KEY',
        message: /"lockng" in projects\[0\]/,
        fix: /did you mean "locking"/,
      },
    ],
  },
  {
    name: 'missing projects',
    yaml: HEAD,
    errors: [{ line: 1, column: 1, code: 'CONFIG_MISSING_KEY', message: /projects is required/ }],
  },
  {
    name: 'empty projects list',
    yaml: `${HEAD}projects: []\n`,
    errors: [{ line: 6, column: 11, code: 'CONFIG_INVALID_VALUE', message: /must not be empty/ }],
  },
  {
    name: 'wrong version',
    yaml: `${HEAD.replace('version: 1', 'version: 2')}projects: [{ name: a }]\n`,
    errors: [{ line: 1, column: 10, code: 'CONFIG_WRONG_TYPE', message: /version must be one of 1/ }],
  },
  {
    name: 'unquoted account loses its type',
    yaml: `${HEAD.replace('"111122223333"', '111122223333')}projects: [{ name: a }]\n`,
    errors: [
      {
        line: 2,
        column: 10,
        code: 'CONFIG_WRONG_TYPE',
        message: /account must be a string/,
        fix: /quote the account id/,
      },
    ],
  },
  {
    name: 'short account id',
    yaml: `${HEAD.replace('111122223333', '11112222333')}projects: [{ name: a }]\n`,
    errors: [{ line: 2, column: 10, code: 'CONFIG_ACCOUNT', message: /not a 12-digit/ }],
  },
  {
    name: 'implausible region',
    yaml: `${HEAD.replace('eu-west-1', 'europe-1')}projects: [{ name: a }]\n`,
    errors: [{ line: 3, column: 9, code: 'CONFIG_REGION', message: /"europe-1" does not look like an AWS region/ }],
  },
  {
    name: 'bad GitHub org',
    yaml: `${HEAD.replace('org: acme', 'org: -acme-')}projects: [{ name: a }]\n`,
    errors: [{ line: 4, column: 16, code: 'CONFIG_GITHUB_ORG', message: /not a valid GitHub organization/ }],
  },
  {
    name: 'project name not kebab-case',
    yaml: `${HEAD}projects:\n  - name: MyProject\n`,
    errors: [{ line: 7, column: 11, code: 'CONFIG_PROJECT_NAME', message: /not kebab-case/, fix: /"my-project"/ }],
  },
  {
    name: 'duplicate project names',
    yaml: `${HEAD}projects:\n  - name: a\n  - name: a\n`,
    errors: [{ line: 8, column: 11, code: 'CONFIG_DUPLICATE', message: /project "a" is listed twice/ }],
  },
  {
    name: 'project name too long for the bucket',
    yaml: `${HEAD}projects:\n  - name: ${'a'.repeat(43)}\n`,
    errors: [
      {
        line: 7,
        column: 11,
        code: 'CONFIG_PROJECT_NAME_LENGTH',
        message: /43 characters; its bucket name .* would exceed S3's 63/,
        fix: /at most 42/,
      },
    ],
  },
  {
    name: 'invalid IAM user name',
    yaml: `${HEAD.replace('humans: [alice]', 'humans: [alice, "bob smith"]')}projects: [{ name: a }]\n`,
    errors: [
      { line: 5, column: 17, code: 'CONFIG_IAM_USER_NAME', message: /"bob smith" is not a valid IAM user name/ },
    ],
  },
  {
    name: 'project human not in the top-level list',
    yaml: `${HEAD}projects:\n  - name: a\n    humans: [carol]\n`,
    errors: [
      {
        line: 8,
        column: 14,
        code: 'CONFIG_HUMAN_UNKNOWN',
        message: /"carol" is not in the top-level humans/,
        fix: /add "carol"/,
      },
    ],
  },
  {
    name: 'access key outside the project prefix',
    yaml: `${HEAD}projects:\n  - name: a\n    access:\n      apply: [{ key: "b/terraform.tfstate" }]\n`,
    errors: [
      { line: 9, column: 22, code: 'CONFIG_GRANT_KEY_PREFIX', message: /outside the project's own prefix "a\/"/ },
    ],
  },
  {
    name: 'access key in _bootstrap',
    yaml: `${HEAD}projects:\n  - name: a\n    access:\n      read: [{ key: "_bootstrap/terraform.tfstate" }]\n`,
    errors: [{ line: 9, column: 21, code: 'CONFIG_GRANT_KEY_PREFIX', message: /outside the project's own prefix/ }],
  },
  // Issue 12 §6: a prefix that is not a plain path makes keys the policies do not name.
  ...['.', 'x/..', 'env:${aws:username}', 'a//b'].map((prefix) => ({
    name: `workspaceKeyPrefix ${prefix}`,
    yaml: `${HEAD}projects:\n  - name: a\n    access:\n      apply: [{ key: "a/terraform.tfstate", workspaceKeyPrefix: "${prefix}" }]\n`,
    errors: [
      {
        line: 9,
        column: 65,
        code: 'CONFIG_WORKSPACE_PREFIX',
        message: /holds (a "\." or "\.\." segment|"\$\{"|an empty segment)/,
        fix: /plain prefix/,
      },
    ],
  })),
  // Issue 12 §7: S3 cannot use a key of another region; another account's key policy is out of reach.
  {
    name: 'kmsKeyArn in another region and account',
    yaml: `${HEAD}projects:\n  - name: a\n    encryption: { type: sse-kms, kmsKeyArn: "arn:aws:kms:us-east-1:444455556666:key/k1" }\n`,
    errors: [
      {
        line: 8,
        column: 45,
        code: 'CONFIG_KMS_KEY_PLACE',
        message:
          /is in region us-east-1 and account 444455556666; the state bucket is in region eu-west-1 of account 111122223333/,
        fix: /create the key in eu-west-1 of account 111122223333/,
      },
    ],
  },
  {
    name: 'a key with a ".." segment',
    yaml: `${HEAD}projects:\n  - name: a\n    access:\n      apply: [{ key: "a/../_bootstrap/x.tfstate" }]\n`,
    errors: [{ line: 9, column: 22, code: 'CONFIG_GRANT_KEY_PREFIX', message: /holds a "\." or "\.\." segment/ }],
  },
  {
    name: 'duplicate grant across levels',
    yaml: `${HEAD}projects:\n  - name: a\n    access:\n      apply: [{ key: "a/terraform.tfstate" }]\n      plan: [{ key: "a/terraform.tfstate" }]\n`,
    errors: [
      {
        line: 10,
        column: 14,
        code: 'CONFIG_GRANT_DUPLICATE',
        message: /repeats access.apply\[0\] for key "a\/terraform.tfstate" \(the default workspace\)/,
      },
    ],
  },
  {
    name: 'grant naming a lock object',
    yaml: `${HEAD}projects:\n  - name: a\n    access:\n      apply: [{ key: "a/terraform.tfstate.tflock" }]\n`,
    errors: [{ line: 9, column: 22, code: 'CONFIG_GRANT_KEY_SUFFIX', message: /lock or digest object/ }],
  },
  {
    name: 'grant with no workspace at all',
    yaml: `${HEAD}projects:\n  - name: a\n    access:\n      apply: [{ key: "a/t.tfstate", workspaces: [], defaultWorkspace: false }]\n`,
    errors: [{ line: 9, column: 15, code: 'CONFIG_GRANT_EMPTY', message: /names no workspace/ }],
  },
  {
    name: 'workspace name with a slash',
    yaml: `${HEAD}projects:\n  - name: a\n    access:\n      apply: [{ key: "a/t.tfstate", workspaces: ["x/y"] }]\n`,
    errors: [{ line: 9, column: 50, code: 'CONFIG_WORKSPACE_NAME', message: /"x\/y" is not a valid named workspace/ }],
  },
  {
    name: 'OIDC subject for another repo',
    yaml: `${HEAD}projects:\n  - name: a\n    oidcSubjects: ["repo:acme/*"]\n`,
    errors: [{ line: 8, column: 20, code: 'CONFIG_OIDC_SUBJECT', message: /not pinned to acme\/terraform-a/ }],
  },
  {
    name: 'repoId without github.ownerId',
    yaml: `${HEAD}projects:\n  - name: a\n    repoId: 42\n`,
    errors: [{ line: 8, column: 13, code: 'CONFIG_REPO_ID', message: /github.ownerId is not/ }],
  },
  {
    name: 'reads an unknown project',
    yaml: `${HEAD}projects:\n  - name: network\n  - name: app\n    reads: [netwrk]\n`,
    errors: [
      {
        line: 9,
        column: 13,
        code: 'CONFIG_READS_UNKNOWN',
        message: /"netwrk", which is not a project/,
        fix: /did you mean "network"/,
      },
    ],
  },
  {
    name: 'reads itself',
    yaml: `${HEAD}projects:\n  - name: a\n    reads: [a]\n`,
    errors: [{ line: 8, column: 13, code: 'CONFIG_READS_SELF', message: /lists itself/ }],
  },
  {
    name: 'malformed managed policy ARN',
    yaml: `${HEAD}projects:\n  - name: a\n    managedPolicies: ["PowerUserAccess"]\n`,
    errors: [{ line: 8, column: 23, code: 'CONFIG_POLICY_ARN', message: /not a managed policy ARN/ }],
  },
  {
    name: 'malformed admin ARN',
    yaml: `${HEAD}admins: ["platform-admin"]\nprojects: [{ name: a }]\n`,
    errors: [{ line: 6, column: 10, code: 'CONFIG_ADMIN_ARN', message: /not an IAM user, role or account-root ARN/ }],
  },
  {
    name: 'unknown locking mode',
    yaml: `${HEAD}projects:\n  - name: a\n    locking: dynamo\n`,
    errors: [
      {
        line: 8,
        column: 14,
        code: 'CONFIG_WRONG_TYPE',
        message: /locking must be one of "lockfile", "dynamodb", "both"/,
      },
    ],
  },
  {
    name: 'KMS alias instead of key ARN',
    yaml: `${HEAD}defaults:\n  encryption: { type: sse-kms, kmsKeyArn: "alias/state" }\nprojects: [{ name: a }]\n`,
    errors: [
      { line: 7, column: 43, code: 'CONFIG_KMS_KEY_ARN', message: /not a KMS key ARN/, fix: /aliases do not match/ },
    ],
  },
  {
    name: 'inherited bad setting reported once, where written',
    yaml: `${HEAD}defaults: { keepStateVersions: 101 }\nprojects: [{ name: a }, { name: b }]\n`,
    errors: [{ line: 6, column: 32, code: 'CONFIG_KEEP_VERSIONS', message: /101 exceeds/ }],
  },
  {
    name: 'too many kept versions',
    yaml: `${HEAD}projects:\n  - name: a\n    keepStateVersions: 500\n`,
    errors: [{ line: 8, column: 24, code: 'CONFIG_KEEP_VERSIONS', message: /exceeds S3's limit of 100/ }],
  },
  {
    name: 'non-integer noncurrentDays',
    yaml: `${HEAD}defaults: { noncurrentDays: 1.5 }\nprojects: [{ name: a }]\n`,
    errors: [{ line: 6, column: 29, code: 'CONFIG_INVALID_VALUE', message: /whole number/ }],
  },
  {
    name: 'standard tag overridden',
    yaml: `${HEAD}tags: { ManagedBy: terraform }\nprojects: [{ name: a }]\n`,
    errors: [
      { line: 6, column: 9, code: 'CONFIG_TAG_RESERVED', message: /one of the four standard tags/, fix: /managedBy/ },
    ],
  },
  {
    name: 'duplicate human',
    yaml: `${HEAD.replace('[alice]', '[alice, alice]')}projects: [{ name: a }]\n`,
    errors: [{ line: 5, column: 17, code: 'CONFIG_DUPLICATE', message: /human "alice" is listed twice/ }],
  },
  {
    name: 'apply subject that admits pull requests, without the opt-out',
    yaml: `${HEAD}projects:\n  - name: a\n    oidcSubjects: ["repo:acme/terraform-a:ref:refs/heads/main", "repo:acme/terraform-a:pull_request"]\n`,
    errors: [
      {
        line: 8,
        column: 65,
        code: 'CONFIG_OIDC_SUBJECT_ANY_BRANCH',
        message: /gives the apply role to pull requests/,
        fix: /tf-a\.plan.*allowPullRequestApply: true/,
      },
    ],
  },
  {
    name: 'wildcard apply subject, without the opt-out',
    yaml: `${HEAD}projects:\n  - name: a\n    oidcSubjects: ["repo:acme/terraform-a:*"]\n`,
    errors: [{ line: 8, column: 20, code: 'CONFIG_OIDC_SUBJECT_ANY_BRANCH', message: /to every workflow it matches/ }],
  },
  {
    name: 'defaultBranch with a wildcard, under defaults',
    yaml: `${HEAD}defaults: { defaultBranch: "release/*" }\nprojects: [{ name: a }, { name: b }]\n`,
    errors: [
      { line: 6, column: 28, code: 'CONFIG_DEFAULT_BRANCH', message: /"release\/\*" is not a plain branch name/ },
    ],
  },
  {
    name: 'GitHub environment with a wildcard, and one listed twice',
    yaml: `${HEAD}projects:\n  - name: a\n    githubEnvironments: [prod, "prod*", prod]\n`,
    errors: [
      { line: 8, column: 32, code: 'CONFIG_GITHUB_ENVIRONMENT', message: /"prod\*" is not an environment name/ },
      { line: 8, column: 41, code: 'CONFIG_DUPLICATE', message: /GitHub environment "prod" is listed twice/ },
    ],
  },
  {
    name: 'planManagedPolicies entry that is no policy ARN',
    yaml: `${HEAD}projects:\n  - name: a\n    planManagedPolicies: [ReadOnlyAccess]\n`,
    errors: [
      { line: 8, column: 27, code: 'CONFIG_POLICY_ARN', message: /"ReadOnlyAccess" is not a managed policy ARN/ },
    ],
  },
  {
    name: 'several errors at once, in file order',
    yaml: `${HEAD}projects:\n  - name: Bad_Name\n  - name: b\n    locking: both\n    reads: [zzz]\n`,
    errors: [
      { line: 7, column: 11, code: 'CONFIG_PROJECT_NAME', message: /not kebab-case/ },
      { line: 10, column: 13, code: 'CONFIG_READS_UNKNOWN', message: /"zzz"/ },
    ],
  },
];

test('at least 25 bad configs are covered', () => assert.ok(cases.length >= 25, `${cases.length} cases`));

for (const c of cases) {
  test(`bad config: ${c.name}`, () => {
    let thrown: unknown;
    try {
      parseConfig(c.yaml, 'stateward.yaml');
    } catch (err) {
      thrown = err;
    }
    assert.ok(thrown instanceof StatewardErrors, `expected config errors, got ${String(thrown)}`);
    const actual = thrown.errors.map((e) => ({
      at: `${e.location?.line}:${e.location?.column}`,
      code: e.code,
      message: e.message,
      fix: e.fix,
    }));
    assert.equal(actual.length, c.errors.length, JSON.stringify(actual, null, 2));
    c.errors.forEach((expected, i) => {
      const got = actual[i]!;
      assert.equal(got.at, `${expected.line}:${expected.column}`, `position of ${got.message}`);
      assert.equal(got.code, expected.code, got.message);
      assert.match(got.message, expected.message);
      assert.ok(got.fix.length > 0, 'every error carries a fix');
      if (expected.fix) assert.match(got.fix, expected.fix);
      assert.equal(thrown.errors[i]!.location?.file, 'stateward.yaml');
    });
  });
}
