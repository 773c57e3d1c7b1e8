// .pre-commit-config.yaml: the static checks that run before each commit. They need no AWS access
// (terraform_validate initialises with -backend=false); everything credentialed runs in CI.
import { TOOLS } from './tool.ts';
import type { ScaffoldFile, Tool } from './types.ts';

export const PRE_COMMIT_PATH = '.pre-commit-config.yaml';
export const PRE_COMMIT_TERRAFORM_REPO = 'https://github.com/antonbabenko/pre-commit-terraform';
export const PRE_COMMIT_TERRAFORM_REV = 'v1.100.0';
export const STATIC_HOOKS = ['terraform_fmt', 'terraform_validate', 'terraform_tflint'] as const;

/** The hooks that call the Terraform binary; for OpenTofu they are pointed at `tofu` explicitly. */
const BINARY_HOOKS = new Set<string>(['terraform_fmt', 'terraform_validate']);

export function preCommitConfig(tool: Tool): ScaffoldFile {
  const hooks = STATIC_HOOKS.map((id) => {
    const args =
      tool === 'tofu' && BINARY_HOOKS.has(id)
        ? `\n        args:\n          - --hook-config=--tf-path=${TOOLS.tofu.binary}`
        : '';
    return `      - id: ${id}${args}`;
  });
  const content = `# Static checks only: no hook here needs AWS credentials. Plan and apply run in CI.
# Install: pre-commit install (needs ${TOOLS[tool].binary} and tflint on PATH).
repos:
  - repo: ${PRE_COMMIT_TERRAFORM_REPO}
    rev: ${PRE_COMMIT_TERRAFORM_REV}
    hooks:
${hooks.join('\n')}
`;
  return { path: PRE_COMMIT_PATH, content };
}
