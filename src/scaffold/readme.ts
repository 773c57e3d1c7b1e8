// SCAFFOLD.md: what each generated file is for and how to run the project, locally and in CI.
import { AWS_VAULT_PATH, BASE_PROFILE_PLACEHOLDER, MFA_USER_PLACEHOLDER } from './aws-vault.ts';
import { PRE_COMMIT_PATH } from './pre-commit.ts';
import type { BackendTarget } from './target.ts';
import { TERRAGRUNT_ROOT_PATH } from './terragrunt.ts';
import { TOOLS } from './tool.ts';
import type { ScaffoldFile, ScaffoldOptions } from './types.ts';
import { WORKFLOW_PATH } from './workflow.ts';

export const README_PATH = 'SCAFFOLD.md';

function ciLines(target: BackendTarget, branch: string): string[] {
  if (!target.planRoleArn)
    return [
      `The workflow assumes \`${target.roleName}\` with its OIDC token (\`permissions: id-token: write\`), on pull requests too`,
      `(the project sets allowPullRequestApply). Apply runs only on pushes to \`${branch}\`, from the plan saved in the same job.`,
    ];
  return [
    `Pull requests assume the plan-only role \`${target.planRoleArn}\` with their OIDC token`,
    `(\`permissions: id-token: write\`): it reads the state and takes the lock, and cannot write the state. Pushes to`,
    `\`${branch}\` assume \`${target.roleName}\` and apply the plan saved in the same job.`,
  ];
}

export function readmeFile(target: BackendTarget, options: ScaffoldOptions): ScaffoldFile {
  const { binary } = TOOLS[options.tool];
  const exec = `aws-vault exec ${target.roleName} --`;
  const lines = [
    `# State and access for \`${target.repo}\` (stateward project \`${target.project}\`)`,
    '',
    `State lives in \`s3://${target.bucket}/${target.key}\` (${target.region}). Humans and CI both assume`,
    `\`${target.roleArn}\`; nobody holds AWS keys for this repo.`,
    '',
    '| file | what it is |',
    '|---|---|',
    '| `backend.tf` | the s3 backend: bucket, key, region, encryption, locking |',
    `| \`${WORKFLOW_PATH}\` | CI: plan on pull requests, apply the saved plan on pushes to \`${options.branch}\`, through GitHub OIDC |`,
    `| \`${AWS_VAULT_PATH}\` | the \`${target.roleName}\` profile for \`~/.aws/config\` |`,
    `| \`${PRE_COMMIT_PATH}\` | static checks before each commit (fmt, validate, tflint); nothing that needs AWS |`,
    ...(options.terragrunt
      ? [`| \`${TERRAGRUNT_ROOT_PATH}\` | Terragrunt variant: generates each unit's backend.tf |`]
      : []),
    '',
    '## Run it locally',
    '',
    `1. Append \`${AWS_VAULT_PATH}\` to \`~/.aws/config\`; set \`source_profile\` (now \`${BASE_PROFILE_PLACEHOLDER}\`) to the profile`,
    `   holding your own IAM user's key (\`aws-vault add <name>\`) and replace \`${MFA_USER_PLACEHOLDER}\` in \`mfa_serial\`.`,
    '2. Run every command through aws-vault, which asks for your MFA code and injects a one-hour session:',
    '',
    '```sh',
    `${exec} ${binary} init`,
    `${exec} ${binary} plan`,
    '```',
    '',
    '## CI',
    '',
    ...ciLines(target, options.branch),
    'Install the hooks with `pre-commit install`.',
  ];
  return { path: README_PATH, content: `${lines.join('\n')}\n` };
}
