// A throw-away Terraform working directory whose s3 backend points at a Moto.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StatewardError } from '../../src/errors.ts';
import { type AwsCredentials, childEnv } from './aws-env.ts';
import type { Moto } from './moto.ts';
import { findOnPath } from './process.ts';
import { type BackendOptions, backendConfigArgs, MAIN_TF } from './terraform-config.ts';
import { type BackgroundRun, runTerraform, startTerraform, type TerraformResult } from './terraform-process.ts';

export type { Locking } from './terraform-config.ts';
export type { BackgroundRun, TerraformResult };

export interface TerraformProjectOptions extends BackendOptions {
  moto: Moto;
  /** Credentials for every run; default: moto's test keys (account 123456789012, no IAM enforcement). */
  credentials?: AwsCredentials;
}

export interface RunOptions {
  /** Credentials for this run only. */
  credentials?: AwsCredentials;
  env?: Record<string, string>;
}

export interface TerraformProject {
  dir: string;
  /** The `-backend-config=...` arguments `init()` passes. */
  backendConfig: string[];
  /** `terraform init` with the backend config; throws if it fails. */
  init(extraArgs?: string[], options?: RunOptions): Promise<TerraformResult>;
  /** `terraform apply -auto-approve` with `-var name=value` per entry; throws if it fails. */
  apply(vars?: Record<string, string | number>, options?: RunOptions): Promise<TerraformResult>;
  /** `terraform plan`; throws unless the exit code is 0, or 2 with `-detailed-exitcode`. */
  plan(extraArgs?: string[], options?: RunOptions): Promise<TerraformResult>;
  /** `terraform output -raw <name>`; throws if it fails. */
  output(name: string, options?: RunOptions): Promise<string>;
  /** `terraform <args>` exactly as given; never throws on a non-zero exit. */
  run(args: string[], options?: RunOptions): Promise<TerraformResult>;
  /** Starts `terraform <args>` and returns at once, e.g. an apply with `-var sleep_seconds=60` to kill later. */
  background(args: string[], options?: RunOptions): BackgroundRun;
  cleanup(): Promise<void>;
}

// -no-color and -input=false through TF_CLI_ARGS_<command>, so `run` can pass any command's args unchanged.
const COMMAND_DEFAULTS: Record<string, string> = {
  TF_CLI_ARGS_init: '-input=false -no-color',
  TF_CLI_ARGS_plan: '-input=false -no-color',
  TF_CLI_ARGS_apply: '-input=false -no-color',
  TF_CLI_ARGS_destroy: '-input=false -no-color',
  TF_CLI_ARGS_output: '-no-color',
};

export function terraformProject(options: TerraformProjectOptions): TerraformProject {
  const binary = terraformBinary();
  const dir = mkdtempSync(join(tmpdir(), 'stateward-tf-'));
  writeFileSync(join(dir, 'main.tf'), MAIN_TF);
  // An empty CLI config: no plugin cache, credentials or mirrors from the user's ~/.terraformrc.
  writeFileSync(join(dir, 'terraformrc'), '');
  const backendConfig = backendConfigArgs(options.moto, options);

  const envFor = (run: RunOptions = {}): NodeJS.ProcessEnv => ({
    ...childEnv(options.moto.env, run.credentials ?? options.credentials),
    TF_IN_AUTOMATION: '1',
    CHECKPOINT_DISABLE: '1',
    TF_CLI_CONFIG_FILE: join(dir, 'terraformrc'),
    ...COMMAND_DEFAULTS,
    ...run.env,
  });
  const run = (args: string[], runOptions?: RunOptions) => runTerraform(binary, args, dir, envFor(runOptions));
  const expect = async (args: string[], runOptions: RunOptions | undefined, okCodes = [0]) => {
    const result = await run(args, runOptions);
    if (!okCodes.includes(result.code)) throw terraformFailed(args, result);
    return result;
  };

  return {
    dir,
    backendConfig,
    run,
    init: (extraArgs = [], runOptions) => expect(['init', ...backendConfig, ...extraArgs], runOptions),
    apply: (vars = {}, runOptions) => expect(['apply', '-auto-approve', ...varArgs(vars)], runOptions),
    plan: (extraArgs = [], runOptions) =>
      expect(['plan', ...extraArgs], runOptions, extraArgs.includes('-detailed-exitcode') ? [0, 2] : [0]),
    output: async (name, runOptions) => (await expect(['output', '-raw', name], runOptions)).stdout,
    background: (args, runOptions) => startTerraform(binary, args, dir, envFor(runOptions)),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

function terraformBinary(): string {
  const binary = findOnPath('terraform');
  if (!binary) {
    throw new StatewardError(
      'TERRAFORM_NOT_INSTALLED',
      'terraform is not on PATH; the end-to-end tests run a real terraform binary.',
      'Install Terraform 1.11 (https://developer.hashicorp.com/terraform/install) and put it on PATH.',
    );
  }
  return binary;
}

function varArgs(vars: Record<string, string | number>): string[] {
  return Object.entries(vars).map(([name, value]) => `-var=${name}=${value}`);
}

function terraformFailed(args: string[], result: TerraformResult): Error {
  return new Error(
    `terraform ${args[0]} exited with ${result.code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`,
  );
}
