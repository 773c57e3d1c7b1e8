// Configs for the scaffold tests, written as a user would write stateward.yaml.
import { parseConfig } from '../../src/config/load.ts';
import type { Config } from '../../src/config/types.ts';

export const ACCOUNT = '111122223333';
export const REGION = 'eu-west-1';
export const KMS_KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/0d3e1b8a-4c2f-4f57-9b4e-7a1c2d3e4f50`;

/** stateward.yaml with one project `app`; `project` is YAML lines (4-space indented) added to it. */
export function configYaml(project = '', top = ''): string {
  return `version: 1
account: "${ACCOUNT}"
region: ${REGION}
github: { org: acme }
humans: [alice]
${top}projects:
  - name: app
${project}
  - name: other
`;
}

export function config(project = '', top = ''): Config {
  return parseConfig(configYaml(project, top), 'stateward.yaml');
}

export const LOCK_MODES = ['lockfile', 'dynamodb', 'both'] as const;

/** Every backend shape: each lock mode with SSE-S3, and SSE-KMS. */
export const BACKEND_VARIANTS: Array<{ name: string; project: string }> = [
  ...LOCK_MODES.map((mode) => ({ name: mode, project: `    locking: ${mode}` })),
  { name: 'lockfile + sse-kms', project: `    encryption: { type: sse-kms, kmsKeyArn: "${KMS_KEY}" }` },
  { name: 'both + sse-kms', project: `    locking: both\n    encryption: { type: sse-kms, kmsKeyArn: "${KMS_KEY}" }` },
];
