// Plain requests to moto's own API (/moto-api/...), over http or, for a TLS moto, https trusting only its
// certificate. Node 20's fetch cannot be given a CA, hence node:http(s).
import http from 'node:http';
import https from 'node:https';

export interface MotoHttpResponse {
  status: number;
  /** 2xx, as fetch's `ok` (moto answers some of its own API with 201). */
  ok: boolean;
  text: string;
}

export function motoRequest(
  url: string,
  options: { method?: string; body?: string; ca?: string } = {},
): Promise<MotoHttpResponse> {
  const target = new URL(url);
  const transport = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = transport.request(target, { method: options.method ?? 'GET', ca: options.ca }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => {
        const status = response.statusCode ?? 0;
        resolve({ status, ok: status >= 200 && status < 300, text });
      });
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(options.body);
  });
}
