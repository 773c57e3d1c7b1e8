// SDK errors become StatewardErrors at the edge: a stable code per cause, the action and resource involved,
// and what the operator can do. Callers check for the expected "absent" codes first and translate the rest;
// nothing is ever folded into "absent" by default.
import { StatewardError } from '../errors.ts';
import {
  ACCESS_DENIED,
  EXPIRED_TOKEN,
  INVALID_CREDENTIALS,
  isAccessDenied,
  networkCodeOf,
  shapeOf,
  THROTTLED,
} from './error-kinds.ts';
import { callOf } from './middleware/call-context.ts';
import { iamActionOf, resourceOf } from './permissions.ts';

export { awsErrorName, httpStatusOf, isAccessDenied, isAwsError } from './error-kinds.ts';

/** Where the calls went: the account and region of the config and the endpoint, if not AWS itself. */
export interface EdgeContext {
  account: string;
  region: string;
  endpoint?: string;
}

export function translateAwsError(error: unknown, edge: EdgeContext): StatewardError {
  if (error instanceof StatewardError) return error;
  const shape = shapeOf(error);
  const name = shape.name ?? 'Error';
  const awsMessage = (shape.message ?? '').trim();
  const call = callOf(error);
  const action = call ? iamActionOf(call) : 'the AWS call';
  const resource = call ? resourceOf(call, edge.account, edge.region) : '*';
  const options = { cause: error };

  if (name === 'CredentialsProviderError' || name === 'TokenProviderError') {
    if (/expired|refresh|sso session/i.test(awsMessage)) return expired(awsMessage, options);
    return new StatewardError(
      'AWS_NO_CREDENTIALS',
      `No AWS credentials found: ${awsMessage || 'no provider in the standard chain returned any'}.`,
      'Pass --profile NAME (or set AWS_PROFILE), run `aws sso login --profile NAME` for an SSO profile, or export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.',
      options,
    );
  }
  if (EXPIRED_TOKEN.has(name)) return expired(awsMessage, options);
  if (!call && shape.$metadata === undefined && !networkCodeOf(error)) {
    return new StatewardError(
      'UNEXPECTED_ERROR',
      `Unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      'This is a bug in stateward; please report it with the command you ran and this message.',
      options,
    );
  }
  if (INVALID_CREDENTIALS.has(name)) {
    return new StatewardError(
      'AWS_INVALID_CREDENTIALS',
      `AWS rejected the credentials (${name}) when calling ${action}: ${awsMessage}`,
      'Check which credentials are in use with `aws sts get-caller-identity`; the access key may be deleted or its secret wrong.',
      options,
    );
  }
  const network = networkCodeOf(error);
  if (network) {
    const target = edge.endpoint ?? `AWS in ${edge.region}`;
    return new StatewardError(
      'AWS_ENDPOINT_UNREACHABLE',
      `Could not reach ${target} (${network}) for ${action}.`,
      'Check --endpoint-url / AWS_ENDPOINT_URL, --region, the network and any proxy; for a local emulator, make sure it is running.',
      options,
    );
  }
  if (THROTTLED.has(name)) {
    const attempts = shape.$metadata?.attempts;
    return new StatewardError(
      'AWS_THROTTLED',
      `AWS kept throttling ${action} on ${resource}${attempts ? ` after ${attempts} attempts` : ''} (${name}).`,
      'Run again later or with a lower --concurrency (e.g. --concurrency 2); other tools in the account share its API rate.',
      options,
    );
  }
  if (ACCESS_DENIED.has(name) || isAccessDenied(error))
    return accessDenied(action, resource, awsMessage, call?.service === 's3', edge, options);
  if (name === 'NoSuchBucket') {
    return new StatewardError(
      'AWS_NO_SUCH_BUCKET',
      `Bucket ${bucketOf(resource)} does not exist (${action}).`,
      'Run `stateward apply` to create it, or check the project name and the account in the config.',
      options,
    );
  }
  if (name === 'BucketAlreadyExists') return bucketNameTaken(bucketOf(resource), edge.account, options);
  if (/^MalformedPolicyDocument/.test(name) && /invalid principal/i.test(awsMessage)) {
    return new StatewardError(
      'AWS_INVALID_PRINCIPAL',
      `${action} on ${resource} was refused: ${awsMessage}`,
      'Every principal a policy names must exist: create the IAM users listed in `humans` first (stateward never creates users), or remove them from the config.',
      options,
    );
  }
  if (/^NoSuchEntity/.test(name) && call?.operation === 'AddUserToGroup') {
    return new StatewardError(
      'AWS_NO_SUCH_USER',
      `IAM user ${String(call.input.UserName)} does not exist, so it cannot join ${String(call.input.GroupName)}.`,
      'Create the user first (stateward never creates IAM users), or remove it from `humans` in the config.',
      options,
    );
  }
  const policyArn = call?.input.PolicyArn ?? call?.input.PermissionsBoundary;
  if (
    /^NoSuchEntity/.test(name) &&
    policyArn !== undefined &&
    ['AttachRolePolicy', 'PutRolePermissionsBoundary', 'CreateRole'].includes(call?.operation ?? '')
  ) {
    return new StatewardError(
      'AWS_NO_SUCH_POLICY',
      `managed policy ${String(policyArn)} does not exist in this account or is not attachable, so it cannot be set on ${resource}.`,
      'Correct the ARN under `managedPolicies` or `permissionsBoundary` in the config, or create that policy first (stateward attaches managed policies, it does not create them).',
      options,
    );
  }
  return new StatewardError(
    'AWS_REQUEST_FAILED',
    `${action} on ${resource} failed: ${name}${awsMessage ? `: ${awsMessage}` : ''}`,
    'This is the error AWS returned; fix its cause and run again (stateward changes only what still differs).',
    options,
  );
}

function expired(awsMessage: string, options: { cause: unknown }): StatewardError {
  return new StatewardError(
    'AWS_EXPIRED_TOKEN',
    `The AWS credentials have expired${awsMessage ? `: ${awsMessage}` : '.'}`,
    'Get fresh ones (e.g. `aws sso login --profile NAME`, a new `aws-vault exec` session, or assume the role again), then run again.',
    options,
  );
}

function accessDenied(
  action: string,
  resource: string,
  awsMessage: string,
  isS3: boolean,
  edge: EdgeContext,
  options: { cause: unknown },
): StatewardError {
  const ownerNote = isS3
    ? ` S3 also answers 403 when the bucket belongs to another account than ${edge.account} (every call carries ExpectedBucketOwner).`
    : '';
  return new StatewardError(
    'AWS_ACCESS_DENIED',
    `Access denied: ${action} on ${resource}.${awsMessage && awsMessage !== 'UnknownError' ? ` AWS said: ${awsMessage}` : ''}${ownerNote}`,
    `Grant the identity running stateward the permission ${action} on ${resource} (or run with a --profile that has it).`,
    options,
  );
}

export function bucketNameTaken(bucket: string, account: string, options?: { cause: unknown }): StatewardError {
  return new StatewardError(
    'AWS_BUCKET_NAME_TAKEN',
    `Bucket name ${bucket} is owned by another AWS account, not ${account}; stateward never uses a bucket it does not own.`,
    'S3 bucket names are global: delete that bucket in the account that owns it, or rename the project (its bucket is tfstate-<project>-<account>).',
    options,
  );
}

function bucketOf(resource: string): string {
  return resource.replace(/^arn:aws:s3:::/, '').split('/')[0] ?? resource;
}
