/**
 * A fault-injecting proxy on loopback between gatewatch and the emulator. Each request is matched
 * by its service (the SigV4 signing name) and operation; a matching fault answers instead of, or
 * spoils, the emulator's answer:
 *
 * - `throttle`: a share of the requests (the first of each operation, then every Nth) gets the
 *   protocol's throttling error once; the request's retry goes through;
 * - `denied`: AccessDenied (HTTP 403), as an IAM policy without the action gives;
 * - `error500`: InternalFailure (HTTP 500);
 * - `hang`: the connection is accepted and never answered (until the client gives up);
 * - `html`: HTTP 200 with an HTML page (a proxy or captive portal in the way);
 * - `truncated`: the emulator's answer cut in half, with a Content-Length that matches the cut;
 * - `drop`: the connection is closed without an answer.
 *
 * Errors are written in each protocol's own shape (query XML, EC2 XML, REST XML, JSON 1.0/1.1,
 * REST JSON), so the SDK parses them as it would AWS's. The proxy listens on 127.0.0.1 only.
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { freePort } from './moto-server.js';

export const FAULT_MODES = ['throttle', 'denied', 'error500', 'hang', 'html', 'truncated', 'drop'] as const;
export type FaultMode = (typeof FAULT_MODES)[number];

export interface Fault {
  /** The SigV4 signing name (`ec2`, `elasticfilesystem`, `es`, `tagging` …). */
  readonly service: string;
  /** Only this operation; absent: every operation of the service. */
  readonly operation?: string | undefined;
  readonly mode: FaultMode;
  /** `throttle` only: one request in `every` is throttled (default 2: every second). */
  readonly every?: number | undefined;
}

export interface FaultProxy {
  readonly endpoint: string;
  /** Replaces the faults in force. */
  set(faults: readonly Fault[]): void;
  /** service:Operation of every request the faults touched, with the mode. */
  readonly injected: { service: string; operation: string; mode: FaultMode }[];
  stop(): Promise<void>;
}

type Protocol = 'query' | 'ec2' | 'restXml' | 'json' | 'restJson';

/** Which wire protocol a request speaks, from its headers and the service. */
function protocolOf(service: string, headers: IncomingMessage['headers']): Protocol {
  if (headers['x-amz-target'] !== undefined) return 'json';
  if (String(headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) return service === 'ec2' ? 'ec2' : 'query';
  if (service === 's3' || service === 'cloudfront') return 'restXml';
  return 'restJson';
}

function serviceOf(headers: IncomingMessage['headers']): string {
  return /Credential=[^/]+\/\d{8}\/[^/]+\/([^/]+)\/aws4_request/.exec(String(headers.authorization ?? ''))?.[1] ?? 'unknown';
}

function operationOf(headers: IncomingMessage['headers'], body: string, url: string, method: string): string {
  const target = headers['x-amz-target'];
  if (typeof target === 'string') return target.split('.').pop() ?? target;
  const action = /(?:^|&)Action=([A-Za-z0-9]+)/.exec(body)?.[1] ?? new URL(url, 'http://x').searchParams.get('Action');
  if (action !== null && action !== undefined) return action;
  return `${method} ${new URL(url, 'http://x').pathname}`;
}

/** An error body in the protocol's shape, with its status and headers. */
function errorAnswer(protocol: Protocol, code: string, message: string, status: number): { status: number; headers: Record<string, string>; body: string } {
  const requestId = 'fault-proxy-0000';
  switch (protocol) {
    case 'ec2':
      return { status, headers: { 'content-type': 'text/xml' }, body: `<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error><Code>${code}</Code><Message>${message}</Message></Error></Errors><RequestID>${requestId}</RequestID></Response>` };
    case 'query':
      return { status, headers: { 'content-type': 'text/xml' }, body: `<ErrorResponse><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>` };
    case 'restXml':
      return { status, headers: { 'content-type': 'application/xml' }, body: `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message><RequestId>${requestId}</RequestId></Error>` };
    case 'json':
      return { status, headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': requestId }, body: JSON.stringify({ __type: code, message }) };
    case 'restJson':
      return { status, headers: { 'content-type': 'application/json', 'x-amzn-errortype': code, 'x-amzn-requestid': requestId }, body: JSON.stringify({ message }) };
  }
}

const THROTTLE_CODE: Record<Protocol, string> = { ec2: 'RequestLimitExceeded', query: 'Throttling', restXml: 'SlowDown', json: 'ThrottlingException', restJson: 'TooManyRequestsException' };
const DENIED_CODE: Record<Protocol, string> = { ec2: 'UnauthorizedOperation', query: 'AccessDenied', restXml: 'AccessDenied', json: 'AccessDeniedException', restJson: 'AccessDeniedException' };

/** Starts the proxy in front of `target` (the emulator's endpoint). */
export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const upstream = new URL(target);
  const port = await freePort();
  let faults: readonly Fault[] = [];
  const counters = new Map<string, number>();
  const throttled = new Set<string>();
  const injected: FaultProxy['injected'] = [];
  const hung = new Set<ServerResponse>();
  const sockets = new Set<Socket>();

  const forward = (req: IncomingMessage, body: Buffer): Promise<{ status: number; headers: IncomingMessage['headers']; body: Buffer }> =>
    new Promise((resolve, reject) => {
      const outgoing = httpRequest(
        // The client's Host header is kept: moto builds URLs it hands out (SQS queue URLs) from it,
        // so the client's next calls come back through the proxy.
        { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
        (answer) => {
          const chunks: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => chunks.push(chunk));
          answer.on('end', () => resolve({ status: answer.statusCode ?? 502, headers: answer.headers, body: Buffer.concat(chunks) }));
          answer.on('error', reject);
        },
      );
      outgoing.on('error', reject);
      outgoing.end(body);
    });

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void (async () => {
        const body = Buffer.concat(chunks);
        const service = serviceOf(req.headers);
        const operation = operationOf(req.headers, body.toString('utf8'), req.url ?? '/', req.method ?? 'GET');
        const fault = faults.find((candidate) => candidate.service === service && (candidate.operation === undefined || candidate.operation === operation));
        const protocol = protocolOf(service, req.headers);
        let mode = fault?.mode;
        if (fault !== undefined && mode === 'throttle') {
          // Distinct requests (a retry repeats its request's method, URL and body): the first of
          // each operation, then one in `every`, is throttled once; its retry goes through. So a
          // client that retries throttling recovers, whatever the interleaving of concurrent calls.
          const request = `${service}:${operation} ${req.method ?? ''} ${req.url ?? ''} ${body.toString('utf8')}`;
          if (throttled.has(request)) {
            mode = undefined;
          } else {
            const key = `${service}:${operation}`;
            const count = (counters.get(key) ?? 0) + 1;
            counters.set(key, count);
            if ((count - 1) % (fault.every ?? 2) === 0) throttled.add(request);
            else mode = undefined;
          }
        }
        if (mode !== undefined) injected.push({ service, operation, mode });
        const send = (answer: { status: number; headers: Record<string, string>; body: string | Buffer }) => {
          res.writeHead(answer.status, { ...answer.headers, 'content-length': String(Buffer.byteLength(answer.body)) });
          res.end(answer.body);
        };
        switch (mode) {
          case 'throttle':
            return send(errorAnswer(protocol, THROTTLE_CODE[protocol], 'Rate exceeded (fault proxy)', protocol === 'restJson' ? 429 : 400));
          case 'denied':
            return send(errorAnswer(protocol, DENIED_CODE[protocol], `not authorized to perform ${service}:${operation} (fault proxy)`, 403));
          case 'error500':
            return send(errorAnswer(protocol, 'InternalFailure', 'internal error (fault proxy)', 500));
          case 'hang':
            hung.add(res);
            return undefined;
          case 'html':
            return send({ status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: '<!DOCTYPE html><html><head><title>Sign in</title></head><body><p>Please sign in to continue.</p></body></html>' });
          case 'drop':
            req.socket.destroy();
            return undefined;
          case 'truncated':
          case undefined: {
            const answer = await forward(req, body);
            const headers = Object.fromEntries(
              Object.entries(answer.headers).flatMap(([name, value]) => (value === undefined || name === 'content-length' || name === 'transfer-encoding' || name === 'connection' ? [] : [[name, String(value)]])),
            );
            return send({ status: answer.status, headers, body: mode === 'truncated' ? answer.body.subarray(0, Math.floor(answer.body.length / 2)) : answer.body });
          }
        }
      })().catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(`fault proxy: ${String(error)}`);
      });
    });
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${port}`,
    set(next) {
      faults = next;
      counters.clear();
      throttled.clear();
    },
    injected,
    stop: async () => {
      for (const res of hung) res.destroy();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
