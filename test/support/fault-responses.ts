// What AWS answers when it fails, in each service's own wire format, so that the SDK parses an injected fault
// exactly as it would parse the real one (error name, retryable or not). The service is read from the
// request's SigV4 credential scope, which every signed call carries.
import type { IncomingHttpHeaders } from 'node:http';

export type AwsService = 's3' | 'iam' | 'sts' | 'dynamodb' | 'other';

/** Faults answered with an HTTP error; `reset`, `lost-response` and `timeout` act on the connection instead. */
export type ErrorFault = 'server-error' | 'slow-down' | 'throttle';

export interface FaultResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export function serviceOf(headers: IncomingHttpHeaders): AwsService {
  const scope = /Credential=[^/]+\/\d{8}\/[^/]+\/([a-z0-9-]+)\/aws4_request/.exec(String(headers.authorization ?? ''));
  const service = scope?.[1];
  if (service === 's3' || service === 'iam' || service === 'sts' || service === 'dynamodb') return service;
  return String(headers['x-amz-target'] ?? '').startsWith('DynamoDB_') ? 'dynamodb' : 'other';
}

let sequence = 0;
const requestId = () => `FAULT${String(++sequence).padStart(11, '0')}`;

export function faultResponse(fault: ErrorFault, service: AwsService): FaultResponse {
  const [status, code, message] = errorOf(fault, service);
  if (service === 'dynamodb') return dynamodbError(status, code, message);
  if (service === 'iam' || service === 'sts') return queryError(status, code, message, service);
  return s3Error(status, code, message);
}

/** [HTTP status, error code, message] as each service documents it. */
function errorOf(fault: ErrorFault, service: AwsService): [number, string, string] {
  switch (fault) {
    case 'server-error':
      if (service === 'dynamodb') return [500, 'InternalServerError', 'Internal server error'];
      if (service === 's3' || service === 'other')
        return [500, 'InternalError', 'We encountered an internal error. Please try again.'];
      return [500, 'InternalFailure', 'The request processing has failed because of an unknown error.'];
    case 'slow-down':
      if (service === 'dynamodb') return [503, 'ServiceUnavailable', 'The service is currently unavailable or busy.'];
      if (service === 's3' || service === 'other') return [503, 'SlowDown', 'Please reduce your request rate.'];
      return [503, 'ServiceUnavailable', 'Service is unable to handle request.'];
    case 'throttle':
      if (service === 'dynamodb')
        return [400, 'ThrottlingException', 'Rate of requests exceeds the allowed throughput.'];
      // S3 throttles with 503 SlowDown; it has no 400 throttling error.
      if (service === 's3' || service === 'other') return [503, 'SlowDown', 'Please reduce your request rate.'];
      return [400, 'Throttling', 'Rate exceeded'];
  }
}

function s3Error(status: number, code: string, message: string): FaultResponse {
  const id = requestId();
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>${id}</RequestId><HostId>fault-proxy</HostId></Error>`;
  return { status, headers: { 'content-type': 'application/xml', 'x-amz-request-id': id }, body };
}

function queryError(status: number, code: string, message: string, service: 'iam' | 'sts'): FaultResponse {
  const id = requestId();
  const namespace =
    service === 'iam' ? 'https://iam.amazonaws.com/doc/2010-05-08/' : 'https://sts.amazonaws.com/doc/2011-06-15/';
  const type = status >= 500 ? 'Receiver' : 'Sender';
  const body = `<ErrorResponse xmlns="${namespace}"><Error><Type>${type}</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>${id}</RequestId></ErrorResponse>`;
  return { status, headers: { 'content-type': 'text/xml', 'x-amzn-requestid': id }, body };
}

function dynamodbError(status: number, code: string, message: string): FaultResponse {
  const id = requestId();
  const body = JSON.stringify({ __type: `com.amazonaws.dynamodb.v20120810#${code}`, message });
  return { status, headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': id }, body };
}
