// aws-vault.config: the profile block a human adds to ~/.aws/config. aws-vault asks for the MFA code
// (mfa_serial), assumes the role from the base profile's long-lived key, and hands the one-hour session
// to the command it runs; nothing reaches ~/.aws/credentials.
import { MAX_SESSION_SECONDS } from '../names/naming.ts';
import type { BackendTarget } from './target.ts';
import { TOOLS } from './tool.ts';
import type { ScaffoldFile, Tool } from './types.ts';

export const AWS_VAULT_PATH = 'aws-vault.config';
/** Placeholders the user replaces: their own base profile (holding their IAM user's key) and MFA device. */
export const BASE_PROFILE_PLACEHOLDER = 'your-base-profile';
export const MFA_USER_PLACEHOLDER = '<your-user>';

export function awsVaultProfileName(target: BackendTarget): string {
  return target.roleName;
}

export function mfaSerial(target: BackendTarget): string {
  return `arn:aws:iam::${target.account}:mfa/${MFA_USER_PLACEHOLDER}`;
}

export function awsVaultConfig(target: BackendTarget, humans: readonly string[], tool: Tool): ScaffoldFile {
  const who =
    humans.length > 0
      ? `IAM users allowed to assume it (stateward.yaml): ${humans.join(', ')}.`
      : 'No IAM user may assume it yet: add humans to the project in stateward.yaml.';
  const content = `; Profile for project "${target.project}": append to ~/.aws/config, then replace
; ${BASE_PROFILE_PLACEHOLDER} with the profile holding your own IAM user's key (aws-vault add <name>)
; and ${MFA_USER_PLACEHOLDER} with your MFA device's name. ${who}
; Use: aws-vault exec ${awsVaultProfileName(target)} -- ${TOOLS[tool].binary} plan
[profile ${awsVaultProfileName(target)}]
source_profile = ${BASE_PROFILE_PLACEHOLDER}
role_arn = ${target.roleArn}
mfa_serial = ${mfaSerial(target)}
region = ${target.region}
duration_seconds = ${MAX_SESSION_SECONDS}
`;
  return { path: AWS_VAULT_PATH, content };
}
