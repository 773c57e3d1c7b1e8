// moto's request recorder (MOTO_ENABLE_RECORDING / /moto-api/recorder/*): what reached the emulator, in order.
import { motoRequest } from './moto-http.ts';

export interface RecordedRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body: string;
  /** A short name for counting: `DynamoDB PutItem`, `S3 PUT /bucket/key?x-id=PutObject`, `POST / Action=...`. */
  call: string;
}

export interface MotoRecorder {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Forgets everything recorded so far. */
  reset(): Promise<void>;
  download(): Promise<RecordedRequest[]>;
}

interface RawEntry {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | null;
  body_encoded: boolean;
}

export function motoRecorder(endpoint: string, ca?: string): MotoRecorder {
  const call = async (action: string, method = 'POST'): Promise<string> => {
    const response = await motoRequest(`${endpoint}/moto-api/recorder/${action}`, { method, ca });
    if (!response.ok) throw new Error(`moto recorder ${action} failed: ${response.status}`);
    return response.text;
  };
  return {
    start: async () => void (await call('start-recording')),
    stop: async () => void (await call('stop-recording')),
    reset: async () => void (await call('reset-recording')),
    download: async () => parseRecording(await call('download-recording', 'GET')),
  };
}

export function parseRecording(text: string): RecordedRequest[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => toRecordedRequest(JSON.parse(line) as RawEntry));
}

function toRecordedRequest(entry: RawEntry): RecordedRequest {
  const body = entry.body_encoded ? Buffer.from(entry.body ?? '', 'base64').toString('utf8') : (entry.body ?? '');
  const url = new URL(entry.url);
  return {
    method: entry.method,
    url,
    headers: entry.headers,
    body,
    call: describeCall(entry.method, url, entry.headers, body),
  };
}

function describeCall(method: string, url: URL, headers: Record<string, string>, body: string): string {
  // JSON protocols (DynamoDB, ...) name the operation in X-Amz-Target, e.g. DynamoDB_20120810.PutItem.
  const target = headerValue(headers, 'x-amz-target');
  if (target) return target.replace(/_\d{8}\./, ' ').replace('.', ' ');
  // Query protocols (IAM, STS) name it in the Action parameter.
  const action = new URLSearchParams(method === 'POST' ? body : url.search).get('Action');
  if (action) return `${method} / Action=${action}`;
  return `S3 ${method} ${decodeURIComponent(url.pathname)}${url.search}`;
}

function headerValue(headers: Record<string, string>, name: string): string | undefined {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : headers[key];
}
