// What `stateward scaffold` produces: files for the consuming repo, and warnings about the config
// that would make them fail at run time (a refused OIDC subject, an uncovered Terragrunt key).

export type Tool = 'terraform' | 'tofu';

export interface ScaffoldOptions {
  tool: Tool;
  /** Also write terragrunt/root.hcl. */
  terragrunt: boolean;
  /** The repo's default branch: the workflow applies on pushes to it. */
  branch: string;
}

export const DEFAULT_SCAFFOLD_OPTIONS: ScaffoldOptions = { tool: 'terraform', terragrunt: false, branch: 'main' };

export interface ScaffoldFile {
  /** Relative to the output directory, with `/` separators. */
  path: string;
  content: string;
}

/** A problem the generated files would meet at run time, with the change to stateward.yaml that avoids it. */
export interface ScaffoldWarning {
  code: string;
  message: string;
  fix: string;
}

export interface ScaffoldResult {
  files: ScaffoldFile[];
  warnings: ScaffoldWarning[];
}
