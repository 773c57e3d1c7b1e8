// Which AWS error names mean what. Kept apart from the messages so the lists are easy to review.

export const EXPIRED_TOKEN = new Set([
  'ExpiredToken',
  'ExpiredTokenException',
  'RequestExpired',
  'TokenRefreshRequired',
]);

export const INVALID_CREDENTIALS = new Set([
  'InvalidAccessKeyId',
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
  'UnrecognizedClientException',
  'AuthFailure',
  'IncompleteSignature',
]);

export const ACCESS_DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'AllAccessDisabled', 'Forbidden']);

export const THROTTLED = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceededException',
  'BandwidthLimitExceeded',
  'EC2ThrottledException',
  'PriorRequestNotComplete',
]);

export const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
]);

export interface AwsErrorShape {
  name?: string;
  code?: string;
  message?: string;
  errors?: unknown[];
  $metadata?: { httpStatusCode?: number; attempts?: number };
}

export function shapeOf(error: unknown): AwsErrorShape {
  return typeof error === 'object' && error !== null ? (error as AwsErrorShape) : { message: String(error) };
}

/** The AWS error code (the SDK's error name), e.g. "NoSuchBucketPolicy". */
export function awsErrorName(error: unknown): string | undefined {
  return shapeOf(error).name;
}

export function httpStatusOf(error: unknown): number | undefined {
  return shapeOf(error).$metadata?.httpStatusCode;
}

export function isAwsError(error: unknown, ...names: string[]): boolean {
  const name = awsErrorName(error);
  return name !== undefined && names.includes(name);
}

/** A socket-level failure (also inside Node's AggregateError from trying several addresses). */
export function networkCodeOf(error: unknown): string | undefined {
  const shape = shapeOf(error);
  if (shape.code && NETWORK_CODES.has(shape.code)) return shape.code;
  if (shape.name === 'TimeoutError') return 'ETIMEDOUT';
  for (const inner of shape.errors ?? []) {
    const code = networkCodeOf(inner);
    if (code) return code;
  }
  return undefined;
}

/** S3 answers 403 with an empty body (no error code) for HEAD requests and some denials. */
export function isAccessDenied(error: unknown): boolean {
  const name = awsErrorName(error);
  return (
    (name !== undefined && ACCESS_DENIED.has(name)) ||
    (httpStatusOf(error) === 403 && (name === 'Unknown' || name === '403'))
  );
}
