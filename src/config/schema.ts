// The shape of stateward.yaml as the user writes it (before defaults). Shape only: naming and
// cross-field rules live in rules.ts, where they can report several problems with context.
import * as v from 'valibot';

const stringList = (description: string) => v.pipe(v.array(v.string()), v.description(description));
const positiveInt = (description: string) => v.pipe(v.number(), v.integer(), v.minValue(1), v.description(description));

export const LOCKING_MODES = ['lockfile', 'dynamodb', 'both'] as const;

const encryptionSchema = v.pipe(
  v.variant('type', [
    v.strictObject({ type: v.literal('sse-s3') }),
    v.strictObject({
      type: v.literal('sse-kms'),
      kmsKeyArn: v.pipe(v.string(), v.description('ARN of the KMS key for bucket-default SSE-KMS')),
    }),
  ]),
  v.description('Default encryption of the state bucket'),
);

const settingsEntries = {
  locking: v.optional(v.pipe(v.picklist(LOCKING_MODES), v.description('lockfile (S3 .tflock), dynamodb, or both'))),
  encryption: v.optional(encryptionSchema),
  keepStateVersions: v.optional(positiveInt('Newest noncurrent state versions kept')),
  noncurrentDays: v.optional(positiveInt('Days before older noncurrent versions expire')),
  fence: v.optional(
    v.pipe(
      v.boolean(),
      v.description('Bucket-policy fence: deny object access to all but the project role, readers and admins'),
    ),
  ),
  defaultBranch: v.optional(
    v.pipe(v.string(), v.description('Default branch of the repo; its pushes get the apply role (default main)')),
  ),
  githubEnvironments: v.optional(
    stringList('GitHub environments whose jobs get the apply role (subject repo:<repo>:environment:<name>)'),
  ),
  allowPullRequestApply: v.optional(
    v.pipe(
      v.boolean(),
      v.description(
        'Accept the risk that every workflow, pull requests included, gets the apply role (trust repo:<repo>:*, no plan role; default false)',
      ),
    ),
  ),
  planManagedPolicies: v.optional(
    stringList(
      'Managed policy ARNs of the plan role tf-<project>.plan; default ["arn:aws:iam::aws:policy/ReadOnlyAccess"]',
    ),
  ),
};

const grantSchema = v.strictObject({
  key: v.pipe(v.string(), v.description('Backend key, inside "<project>/"')),
  workspaces: v.optional(stringList('Named workspaces (wildcards allowed; ["*"] = all; [] = none)')),
  defaultWorkspace: v.optional(v.pipe(v.boolean(), v.description('Include the default workspace (default true)'))),
  workspaceKeyPrefix: v.optional(v.pipe(v.string(), v.description('Backend workspace_key_prefix (default "env:")'))),
});

const grantList = v.array(grantSchema);

/** An environment account (seed 002): the account id and the role stateward assumes there to manage it. */
const environmentAccountSchema = v.strictObject({
  account: v.pipe(v.string(), v.description('12-digit id of the environment account, quoted')),
  managementRole: v.optional(
    v.pipe(
      v.string(),
      v.description('Role stateward assumes in the account to manage it (default OrganizationAccountAccessRole)'),
    ),
  ),
});

/** What a project's deploy role in one environment account carries. */
const projectEnvironmentSchema = v.strictObject({
  managedPolicies: v.optional(stringList('Managed policy ARNs of the deploy role in this environment account')),
  permissionsBoundary: v.optional(
    v.pipe(v.string(), v.description('Permissions boundary policy ARN of the deploy role in this environment')),
  ),
  oidcSubjects: v.optional(
    stringList('GitHub OIDC subjects that may assume the deploy role directly (default: none, only the admin role)'),
  ),
  planManagedPolicies: v.optional(
    stringList(
      "Managed policy ARNs of the plan role tf-<project>.plan in this environment account (default: the project's planManagedPolicies)",
    ),
  ),
});

const projectSchema = v.strictObject({
  name: v.pipe(v.string(), v.description('kebab-case project name')),
  repo: v.optional(v.pipe(v.string(), v.description('GitHub repo "<org>/<name>"; default <org>/terraform-<name>'))),
  oidcSubjects: v.optional(
    stringList('GitHub OIDC subjects the apply role trusts; default the defaultBranch and the githubEnvironments'),
  ),
  repoId: v.optional(positiveInt("GitHub repository id, for GitHub's immutable subject form")),
  humans: v.optional(stringList('IAM users that may assume this role with MFA; default: top-level humans')),
  managedPolicies: v.optional(stringList('Managed policy ARNs attached to the role (infrastructure permissions)')),
  inlinePolicies: v.optional(
    v.pipe(
      v.record(v.string(), v.string()),
      v.description(
        'Inline policies of the role (infrastructure permissions): name -> JSON policy file, relative to this config',
      ),
    ),
  ),
  permissionsBoundary: v.optional(v.pipe(v.string(), v.description('Permissions boundary policy ARN for the role'))),
  reads: v.optional(stringList('Other projects whose state this role may read (terraform_remote_state)')),
  access: v.optional(
    v.strictObject({ apply: v.optional(grantList), plan: v.optional(grantList), read: v.optional(grantList) }),
  ),
  environments: v.optional(
    v.pipe(
      v.record(v.string(), projectEnvironmentSchema),
      v.description('Environment accounts this project deploys to, by the top-level environment name'),
    ),
  ),
  ...settingsEntries,
});

export const configSchema = v.strictObject({
  version: v.pipe(v.literal(1), v.description('Config format version')),
  account: v.pipe(v.string(), v.description('12-digit AWS account id, quoted')),
  region: v.pipe(v.string(), v.description('AWS region of the state buckets')),
  github: v.strictObject({
    org: v.pipe(v.string(), v.description('GitHub organization')),
    ownerId: v.optional(positiveInt("GitHub organization id, for GitHub's immutable subject form")),
  }),
  humans: v.optional(stringList('IAM users (must exist) that may assume every tf-* role with MFA')),
  admins: v.optional(stringList('Principal ARNs that may administer state objects (day-2 operations)')),
  tags: v.optional(v.record(v.string(), v.string())),
  managedBy: v.optional(v.pipe(v.string(), v.description('Value of the ManagedBy tag (default stateward)'))),
  costAllocation: v.optional(
    v.pipe(
      v.boolean(),
      v.description(
        "Activate the Project tag as a cost allocation tag in Cost Explorer (needs the management account's billing permissions; default false)",
      ),
    ),
  ),
  environments: v.optional(
    v.pipe(
      v.record(v.string(), environmentAccountSchema),
      v.description(
        'Environment accounts (seed 002): name -> { account, managementRole }; "account" stays the administrative one',
      ),
    ),
  ),
  stateBoundary: v.optional(
    v.pipe(
      v.boolean(),
      v.description(
        'Create the managed policy tf-state-boundary (`stateward policy --kind boundary`) and set it as the permissions boundary of every project role with managedPolicies or inlinePolicies and no permissionsBoundary of its own (default false)',
      ),
    ),
  ),
  defaults: v.optional(v.strictObject(settingsEntries)),
  projects: v.pipe(v.array(projectSchema), v.minLength(1)),
});

export type RawConfig = v.InferOutput<typeof configSchema>;
export type RawProject = RawConfig['projects'][number];
export type RawProjectEnvironment = v.InferOutput<typeof projectEnvironmentSchema>;
export type RawGrant = v.InferOutput<typeof grantSchema>;
