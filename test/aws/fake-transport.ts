// A fake HTTP transport for the SDK clients: records every request and answers from a script, so the
// middlewares and error translation are tested without any network.
import type { HttpRequest } from '@smithy/types';
import { type AwsClients, createAwsClients } from '../../src/aws/clients.ts';

export interface FakeResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

export interface FakeTransport {
  requests: HttpRequest[];
  clients: AwsClients;
}

export const FAKE_ACCOUNT = '111122223333';

/** `answer` decides each response; by default every request gets 200 with an empty body. */
export function fakeClients(
  answer: (request: HttpRequest, index: number) => FakeResponse | Error = () => ({ status: 200 }),
  maxAttempts = 1,
): FakeTransport {
  const requests: HttpRequest[] = [];
  const requestHandler = {
    handle: async (request: HttpRequest) => {
      requests.push(request);
      const reply = answer(request, requests.length - 1);
      if (reply instanceof Error) throw reply;
      const body = new TextEncoder().encode(reply.body ?? '');
      return {
        response: {
          statusCode: reply.status,
          headers: { 'content-length': String(body.length), ...reply.headers },
          body,
        },
      };
    },
    updateHttpClientConfig: () => undefined,
    httpHandlerConfigs: () => ({}),
  };
  const clients = createAwsClients({
    account: FAKE_ACCOUNT,
    region: 'eu-west-1',
    endpointUrl: 'http://127.0.0.1:9',
    credentials: { accessKeyId: 'AKIDFAKE', secretAccessKey: 'fake' },
    requestHandler: requestHandler as never,
    maxAttempts,
  });
  return { requests, clients };
}

export function s3Error(status: number, code: string, message = ''): FakeResponse {
  return {
    status,
    headers: { 'content-type': 'application/xml' },
    body: `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`,
  };
}

export function iamError(status: number, code: string, message = ''): FakeResponse {
  return {
    status,
    headers: { 'content-type': 'text/xml' },
    body: `<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>r</RequestId></ErrorResponse>`,
  };
}
