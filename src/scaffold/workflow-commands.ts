// The commands the generated workflow runs: the tool itself on the repo root, or Terragrunt over every unit
// under terragrunt/. Terragrunt's `run --all -- <command>` (its CLI since 0.73; the older `run-all` is gone in
// 1.0) runs the command in each unit with the binary root.hcl names, so `plan -out=tfplan` leaves one plan file per unit and
// `apply tfplan` applies exactly those.
import { dirname } from 'node:path';
import { TERRAGRUNT_ROOT_PATH } from './terragrunt.ts';
import { TOOLS } from './tool.ts';
import type { Tool } from './types.ts';

export const PLAN_FILE = 'tfplan';
const LOCK_TIMEOUT = '5m';
/** Pinned so a run is repeatable; the binary is checked against the release's SHA256SUMS before use. */
export const TERRAGRUNT_VERSION = '0.93.5';

export interface WorkflowCommands {
  /** What the header says runs; `terraform`, `tofu` or `terragrunt`. */
  runner: string;
  /** Extra YAML steps (already indented as steps) that install what the commands need. */
  installSteps: string;
  /** Where init, validate, plan and apply run, when not the repo root (format always checks the whole repo). */
  workingDirectory?: string;
  format: string;
  init: string;
  validate: string;
  plan: string;
  apply: string;
}

export function workflowCommands(tool: Tool, terragrunt: boolean): WorkflowCommands {
  const { binary } = TOOLS[tool];
  if (!terragrunt) {
    return {
      runner: binary,
      installSteps: '',
      format: `${binary} fmt -check -recursive`,
      init: `${binary} init`,
      validate: `${binary} validate`,
      plan: `${binary} plan -lock-timeout=${LOCK_TIMEOUT} -out=${PLAN_FILE}`,
      apply: `${binary} apply -lock-timeout=${LOCK_TIMEOUT} ${PLAN_FILE}`,
    };
  }
  const all = 'terragrunt run --all --non-interactive --';
  return {
    runner: 'terragrunt',
    installSteps: terragruntInstallStep(),
    workingDirectory: dirname(TERRAGRUNT_ROOT_PATH),
    format: `terragrunt hcl fmt --check && ${binary} fmt -check -recursive`,
    init: `${all} init`,
    validate: `${all} validate`,
    plan: `${all} plan -lock-timeout=${LOCK_TIMEOUT} -out=${PLAN_FILE}`,
    apply: `${all} apply -lock-timeout=${LOCK_TIMEOUT} ${PLAN_FILE}`,
  };
}

// No third-party setup action: the release binary, verified against the checksums published with it.
function terragruntInstallStep(): string {
  return `      - name: Install Terragrunt ${TERRAGRUNT_VERSION}
        env:
          TG_VERSION: "${TERRAGRUNT_VERSION}"
        working-directory: \${{ runner.temp }}
        run: |
          base="https://github.com/gruntwork-io/terragrunt/releases/download/v\${TG_VERSION}"
          curl -fsSLO "$base/terragrunt_linux_amd64"
          curl -fsSLO "$base/SHA256SUMS"
          grep ' terragrunt_linux_amd64$' SHA256SUMS | sha256sum --check --strict -
          sudo install -m 0755 terragrunt_linux_amd64 /usr/local/bin/terragrunt
          terragrunt --version
`;
}
