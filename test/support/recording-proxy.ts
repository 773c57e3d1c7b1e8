// An HTTP proxy in front of moto that writes down every exchange: the request as the client sent it
// (method, path, headers, body) and the status moto answered. moto's own recorder (moto-recorder.ts) keeps the
// requests only; the Terraform reference also needs the answers (a HeadObject 404 is how Terraform learns
// there is no state yet), so the recording script puts this proxy between terraform and moto.
import { createServer, request as httpRequest, type IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';

export interface Exchange {
  method: string;
  /** Path and query exactly as sent, still percent-encoded. */
  url: string;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: string;
  status: number;
}

export interface RecordingProxy {
  endpoint: string;
  /** Returns the exchanges since the last call and starts a new list. */
  take(): Exchange[];
  stop(): Promise<void>;
}

export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const upstream = new URL(target);
  let exchanges: Exchange[] = [];
  const sockets = new Set<Socket>();
  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    const forwarded = httpRequest(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        exchanges.push({
          method: req.method ?? '',
          url: req.url ?? '',
          headers: flatHeaders(req),
          body: body.toString('utf8'),
          status: answer.statusCode ?? 0,
        });
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forwarded.once('error', () => req.socket.destroy());
    forwarded.end(body);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    take: () => {
      const taken = exchanges;
      exchanges = [];
      return taken;
    },
    stop: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function flatHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}
