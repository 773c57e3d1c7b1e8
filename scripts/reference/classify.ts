// Names one recorded HTTP exchange the way IAM sees it: the API, the action it is authorized as, the resource
// and the condition-context values the request carries. Anything it does not recognise stops the recording,
// so a new Terraform that sends something new cannot slip into the reference half-read.
import type { Exchange } from '../../test/support/recording-proxy.ts';

export type ContextValue = string | number | string[];

export interface ReferenceRequest {
  api: string;
  iamAction: string;
  resource: string;
  condition?: Record<string, ContextValue>;
  status: number;
}

export interface Place {
  region: string;
  /** Written instead of moto's account id: the reference holds no account. */
  account: string;
}

export function classify(exchange: Exchange, place: Place): ReferenceRequest {
  const target = exchange.headers['x-amz-target'];
  return target ? dynamodbRequest(exchange, target, place) : s3Request(exchange);
}

function s3Request(exchange: Exchange): ReferenceRequest {
  const url = new URL(exchange.url, 'http://recorded');
  const [bucket = '', ...rest] = url.pathname.slice(1).split('/');
  const key = decodeURIComponent(rest.join('/'));
  const query = url.searchParams;
  const { method, headers, status } = exchange;
  const object = (api: string, iamAction: string, condition: Record<string, ContextValue> = {}) =>
    request(api, iamAction, `arn:aws:s3:::${decodeURIComponent(bucket)}/${key}`, condition, status);

  if (key === '') {
    if (method === 'GET' && query.get('list-type') === '2') {
      const condition: Record<string, ContextValue> = {};
      if (query.has('prefix')) condition['s3:prefix'] = query.get('prefix') ?? '';
      if (query.has('delimiter')) condition['s3:delimiter'] = query.get('delimiter') ?? '';
      if (query.has('max-keys')) condition['s3:max-keys'] = Number(query.get('max-keys'));
      return request('ListObjectsV2', 's3:ListBucket', `arn:aws:s3:::${bucket}`, condition, status);
    }
    return unknown(exchange);
  }
  if (method === 'HEAD') return object('HeadObject', 's3:GetObject');
  if (method === 'GET') return object('GetObject', 's3:GetObject');
  if (method === 'PUT' && query.has('uploadId')) return object('UploadPart', 's3:PutObject');
  if (method === 'PUT') return object('PutObject', 's3:PutObject', writeContext(headers));
  if (method === 'POST' && query.has('uploads')) return object('CreateMultipartUpload', 's3:PutObject', sse(headers));
  if (method === 'POST' && query.has('uploadId')) return object('CompleteMultipartUpload', 's3:PutObject');
  if (method === 'DELETE' && query.has('uploadId')) return object('AbortMultipartUpload', 's3:AbortMultipartUpload');
  if (method === 'DELETE') return object('DeleteObject', 's3:DeleteObject');
  return unknown(exchange);
}

function writeContext(headers: Record<string, string>): Record<string, ContextValue> {
  const condition: Record<string, ContextValue> = {};
  if (headers['if-none-match'] !== undefined) condition['s3:if-none-match'] = headers['if-none-match'];
  if (headers['if-match'] !== undefined) condition['s3:if-match'] = headers['if-match'];
  return { ...condition, ...sse(headers) };
}

function sse(headers: Record<string, string>): Record<string, ContextValue> {
  const condition: Record<string, ContextValue> = {};
  for (const name of ['x-amz-server-side-encryption', 'x-amz-server-side-encryption-aws-kms-key-id']) {
    if (headers[name] !== undefined) condition[`s3:${name}`] = headers[name];
  }
  return condition;
}

interface DynamoBody {
  TableName?: string;
  Key?: { LockID?: { S?: string } };
  Item?: Record<string, { S?: string }>;
  ProjectionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
}

function dynamodbRequest(exchange: Exchange, target: string, place: Place): ReferenceRequest {
  const api = target.replace(/^DynamoDB_\d{8}\./, '');
  if (!['PutItem', 'GetItem', 'DeleteItem'].includes(api)) return unknown(exchange);
  const body = JSON.parse(exchange.body) as DynamoBody;
  const lockId = (api === 'PutItem' ? body.Item?.LockID?.S : body.Key?.LockID?.S) ?? unknown(exchange);
  const condition: Record<string, ContextValue> = { 'dynamodb:LeadingKeys': [lockId] };
  const attributes = api === 'PutItem' ? Object.keys(body.Item ?? {}) : projected(body);
  if (attributes.length > 0) condition['dynamodb:Attributes'] = attributes.sort();
  const table = `arn:aws:dynamodb:${place.region}:${place.account}:table/${body.TableName}`;
  return request(api, `dynamodb:${api}`, table, condition, exchange.status);
}

/** The attribute names of a ProjectionExpression, with `#name` placeholders resolved. */
function projected(body: DynamoBody): string[] {
  if (!body.ProjectionExpression) return [];
  return body.ProjectionExpression.split(',')
    .map((name) => name.trim())
    .map((name) => body.ExpressionAttributeNames?.[name] ?? name);
}

function request(
  api: string,
  iamAction: string,
  resource: string,
  condition: Record<string, ContextValue>,
  status: number,
): ReferenceRequest {
  // Field order is the file's order: api, action, resource, condition, status.
  return Object.keys(condition).length > 0
    ? { api, iamAction, resource, condition, status }
    : { api, iamAction, resource, status };
}

function unknown(exchange: Exchange): never {
  throw new Error(`record-terraform-reference: unrecognised request ${exchange.method} ${exchange.url}`);
}
