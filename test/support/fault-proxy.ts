// An HTTP proxy between stateward and moto that fails a share of the requests the way AWS and networks fail:
// 500s, 503 SlowDown, throttling (each in its service's own format), connections reset before the request
// reaches the server or after it was carried out (the answer is lost), and requests held without an answer
// until the client gives up. Every other request is forwarded unchanged (S3 is path-style, so Host is fine).
// A test can also hold chosen requests and release them later, to act while they are in flight.
// With `latencyMs`, every request waits that long before it is forwarded: AWS's round trip, for the bench.
// Decisions come from a seeded generator, one draw pair per request in arrival order: the same seed gives
// the same sequence of faults (which call meets which fault still depends on the order calls arrive in).
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { type ErrorFault, faultResponse, serviceOf } from './fault-responses.ts';
import { seededRandom } from './seeded-random.ts';

export type FaultKind = ErrorFault | 'reset' | 'lost-response' | 'timeout';

export const FAULT_KINDS: readonly FaultKind[] = [
  'server-error',
  'slow-down',
  'throttle',
  'reset',
  'lost-response',
  'timeout',
];

export interface FaultProxyOptions {
  /** moto's endpoint, e.g. http://127.0.0.1:5000. */
  target: string;
  seed: number;
  /** Share of requests that meet a fault, 0..1. */
  rate: number;
  kinds?: readonly FaultKind[];
  /** A fault for chosen requests (e.g. every PUT of one key), on top of the seeded ones; undefined forwards. */
  faultFor?: (method: string, path: string) => FaultKind | undefined;
  /** Milliseconds every request waits before anything else happens to it (AWS-like latency); default 0. */
  latencyMs?: number;
}

/** Which requests to hold (forwarded only once released): e.g. to interrupt a command while a call is in flight. */
export type HoldRule = (request: { method: string; url: string }) => boolean;

export interface FaultProxy {
  endpoint: string;
  /** Requests received so far (each an SDK attempt). */
  readonly requests: number;
  /** Faults injected so far, by kind. */
  readonly injected: Readonly<Record<FaultKind, number>>;
  setRate(rate: number): void;
  /** From now on, requests the rule matches wait (unanswered) until release(). */
  hold(rule: HoldRule): void;
  /** Requests waiting now. */
  readonly held: number;
  /** Forwards every held request and holds no more. */
  release(): void;
  stop(): Promise<void>;
}

export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const target = new URL(options.target);
  if (target.hostname !== '127.0.0.1')
    throw new Error(`the fault proxy forwards to 127.0.0.1 only, not ${target.hostname}`);
  const kinds = options.kinds ?? FAULT_KINDS;
  const random = seededRandom(options.seed);
  const injected = Object.fromEntries(FAULT_KINDS.map((kind) => [kind, 0])) as Record<FaultKind, number>;
  const sockets = new Set<Socket>();
  let rate = options.rate;
  let requests = 0;
  let holdRule: HoldRule | undefined;
  const waiting: Array<() => void> = [];

  const server = createServer(async (req, res) => {
    requests += 1;
    const [roll, pick] = [random(), random()];
    const fault =
      options.faultFor?.(req.method ?? '', req.url ?? '') ??
      (roll < rate ? kinds[Math.floor(pick * kinds.length)] : undefined);
    const body = await readBody(req);
    if (options.latencyMs) await new Promise((resolve) => setTimeout(resolve, options.latencyMs));
    if (holdRule?.({ method: req.method ?? '', url: req.url ?? '' }))
      await new Promise<void>((resolve) => waiting.push(resolve));
    if (fault) injected[fault] += 1;
    if (fault === 'timeout') return; // held: the client's own timeout ends it, closing the socket
    if (fault === 'reset') return void req.socket.resetAndDestroy();
    if (fault === 'server-error' || fault === 'slow-down' || fault === 'throttle') {
      const answer = faultResponse(fault, serviceOf(req.headers));
      res.writeHead(answer.status, { ...answer.headers, 'content-length': String(Buffer.byteLength(answer.body)) });
      return void res.end(req.method === 'HEAD' ? undefined : answer.body);
    }
    forward(target, req, body, res, fault === 'lost-response');
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
    get requests() {
      return requests;
    },
    injected,
    setRate: (next) => void (rate = next),
    hold: (rule) => void (holdRule = rule),
    get held() {
      return waiting.length;
    },
    release: () => {
      holdRule = undefined;
      for (const resolve of waiting.splice(0)) resolve();
    },
    stop: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    // A client that gave up mid-body: nothing to forward.
    req.on('error', () => resolve(Buffer.concat(chunks)));
  });
}

/** Sends the request to moto; with `loseAnswer` moto carries it out and the client's connection is reset instead. */
function forward(target: URL, req: IncomingMessage, body: Buffer, res: ServerResponse, loseAnswer: boolean): void {
  const upstream = httpRequest(
    { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
    (answer) => {
      if (loseAnswer) {
        answer.resume();
        answer.once('end', () => req.socket.resetAndDestroy());
        return;
      }
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  upstream.once('error', () => req.socket.destroy());
  upstream.end(body);
}
