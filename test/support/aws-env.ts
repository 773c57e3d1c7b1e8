// The environment a child process gets when it must talk to moto and to nothing else.

/** moto's default account: requests signed with unknown test keys land here. */
export const TEST_ACCOUNT_ID = '123456789012';
export const TEST_REGION = 'eu-west-1';
export const TEST_ACCESS_KEY_ID = 'testing';
export const TEST_SECRET_ACCESS_KEY = 'testing';

const SERVICE_ENDPOINT_VARS = [
  'AWS_ENDPOINT_URL_S3',
  'AWS_ENDPOINT_URL_IAM',
  'AWS_ENDPOINT_URL_STS',
  'AWS_ENDPOINT_URL_DYNAMODB',
];

/**
 * Variables for a child process that point every AWS SDK (JS v3, Go v2 in terraform) at moto. Settings the user
 * may have exported (profile, session token, per-service endpoints) are overridden, not inherited, so that a
 * spread like `{ ...process.env, ...moto.env }` still cannot reach a real account.
 */
export function isolatedAwsEnv(endpoint: string, scratchDir: string, caFile?: string): Record<string, string> {
  const env: Record<string, string> = {
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: TEST_ACCESS_KEY_ID,
    AWS_SECRET_ACCESS_KEY: TEST_SECRET_ACCESS_KEY,
    AWS_SESSION_TOKEN: '',
    AWS_PROFILE: '',
    AWS_DEFAULT_PROFILE: '',
    AWS_REGION: TEST_REGION,
    AWS_DEFAULT_REGION: TEST_REGION,
    AWS_CONFIG_FILE: `${scratchDir}/no-such-aws-config`,
    AWS_SHARED_CREDENTIALS_FILE: `${scratchDir}/no-such-aws-credentials`,
    AWS_EC2_METADATA_DISABLED: 'true',
  };
  for (const name of SERVICE_ENDPOINT_VARS) env[name] = endpoint;
  // A TLS moto's self-signed certificate: terraform's AWS SDK (AWS_CA_BUNDLE), Go itself (SSL_CERT_FILE, which
  // replaces the system roots: nothing else is reachable anyway) and Node (NODE_EXTRA_CA_CERTS, for stateward).
  if (caFile) Object.assign(env, { AWS_CA_BUNDLE: caFile, SSL_CERT_FILE: caFile, NODE_EXTRA_CA_CERTS: caFile });
  return env;
}

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** process.env without any AWS_* variable, then `overlay`, then the given credentials. */
export function childEnv(overlay: Record<string, string>, credentials?: AwsCredentials): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) if (!name.startsWith('AWS_')) env[name] = value;
  Object.assign(env, overlay);
  if (credentials) {
    env.AWS_ACCESS_KEY_ID = credentials.accessKeyId;
    env.AWS_SECRET_ACCESS_KEY = credentials.secretAccessKey;
    env.AWS_SESSION_TOKEN = credentials.sessionToken ?? '';
  }
  return env;
}
