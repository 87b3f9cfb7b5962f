/**
 * A local HTTP server on 127.0.0.1 (a free port) that answers SDK requests as the test says: a
 * protocol's answer, or a fault — an HTML page with HTTP 200, a body cut short, a hang, a dropped
 * connection, an error status. Real SDK clients reach it through `AWS_ENDPOINT_URL`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { afterAll, beforeAll } from '@jest/globals';

/** One request as the server saw it. */
export interface Exchange {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
  /** The operation: `Action=` of a query request, the `X-Amz-Target` suffix of a JSON one, else `METHOD path`. */
  readonly operation: string;
  readonly params: URLSearchParams;
}

export type Answer =
  | { readonly status?: number; readonly headers?: Record<string, string>; readonly body?: string }
  /** Accept the request and never answer. */
  | 'hang'
  /** Close the connection without an answer. */
  | 'drop'
  /** The headers and the first half of `body`, then nothing more (the connection stays open). */
  | { readonly stall: string; readonly headers?: Record<string, string> }
  /** The headers, then `body` one byte every `everyMs` — never idle, never done in time. */
  | { readonly trickle: string; readonly everyMs: number; readonly headers?: Record<string, string> };

export interface FaultServer {
  readonly endpoint: string;
  readonly requests: Exchange[];
  /** Connections the client closed (an abort, a timeout) while the server still held them. */
  readonly closedByClient: number;
  close(): Promise<void>;
}

function operationOf(method: string, path: string, headers: IncomingMessage['headers'], params: URLSearchParams): string {
  const action = params.get('Action');
  if (action !== null) return action;
  const target = headers['x-amz-target'];
  if (typeof target === 'string') return target.slice(target.indexOf('.') + 1);
  return `${method} ${path}`;
}

export async function startFaultServer(answer: (request: Exchange) => Answer): Promise<FaultServer> {
  const requests: Exchange[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<ReturnType<typeof setInterval>>();
  let closedByClient = 0;
  let closing = false;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const params = new URLSearchParams(req.headers['content-type']?.includes('x-www-form-urlencoded') === true ? body : url.search);
      const exchange: Exchange = { method: req.method ?? 'GET', path: url.pathname, headers: req.headers, body, params, operation: operationOf(req.method ?? 'GET', url.pathname, req.headers, params) };
      requests.push(exchange);
      const reply = answer(exchange);
      res.on('close', () => {
        if (!res.writableFinished && !closing) closedByClient += 1;
      });
      if (reply === 'hang') return;
      if (reply === 'drop') {
        req.socket.destroy();
        return;
      }
      if ('stall' in reply) {
        const bytes = Buffer.from(reply.stall);
        res.writeHead(200, { 'content-length': String(bytes.length), ...reply.headers });
        res.write(bytes.subarray(0, Math.floor(bytes.length / 2)));
        return;
      }
      if ('trickle' in reply) {
        const bytes = Buffer.from(reply.trickle);
        res.writeHead(200, { 'content-length': String(bytes.length), ...reply.headers });
        let sent = 0;
        const timer = setInterval(() => {
          if (sent >= bytes.length || res.destroyed) {
            clearInterval(timer);
            timers.delete(timer);
            if (!res.destroyed) res.end();
            return;
          }
          res.write(bytes.subarray(sent, sent + 1));
          sent += 1;
        }, reply.everyMs);
        timers.add(timer);
        return;
      }
      const text = reply.body ?? '';
      res.writeHead(reply.status ?? 200, { 'content-length': String(Buffer.byteLength(text)), ...reply.headers });
      res.end(text);
    });
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the fault server has no port');
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    requests,
    get closedByClient() {
      return closedByClient;
    },
    async close() {
      closing = true;
      for (const timer of timers) clearInterval(timer);
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Points the SDK (which reads the variable itself) at `endpoint` until the returned function is called. */
export function pointSdkAt(endpoint: string): () => void {
  const saved = process.env['AWS_ENDPOINT_URL'];
  process.env['AWS_ENDPOINT_URL'] = endpoint;
  return () => {
    if (saved === undefined) delete process.env['AWS_ENDPOINT_URL'];
    else process.env['AWS_ENDPOINT_URL'] = saved;
  };
}

/** A document of the EC2 query protocol. */
export const ec2Xml = (operation: string, inner: string) => `<?xml version="1.0" encoding="UTF-8"?>\n<${operation}Response xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>req-1</requestId>${inner}</${operation}Response>`;

/** A document of the AWS query protocol (IAM, STS, …). */
export const queryXml = (operation: string, inner: string) =>
  `<${operation}Response xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><${operation}Result>${inner}</${operation}Result><ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></${operation}Response>`;

/** An HTML page, as a captive portal or a proxy answers. */
export const HTML = { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: '<!DOCTYPE html>\n<html><head><title>Sign in to the network</title></head><body>Welcome</body></html>' } as const;

/** The first half of `body`, with a Content-Length that matches the cut: nothing at the HTTP level says it is short. */
export function cut(body: string, headers: Record<string, string>): { status: number; headers: Record<string, string>; body: string } {
  return { status: 200, headers, body: body.slice(0, Math.floor(body.length / 2)) };
}

/** A fault server for a whole test file: started before its tests, the SDK pointed at it, stopped after. */
export interface FaultServerFixture {
  /** How the server answers the next requests (default: it drops the connection). */
  answer: (request: Exchange) => Answer;
  /** The running server (after beforeAll). */
  readonly server: FaultServer;
}

/** Registers the beforeAll/afterAll of a file's fault server and returns its fixture. */
export function useFaultServer(): FaultServerFixture {
  let server: FaultServer | undefined;
  let restoreEndpoint: (() => void) | undefined;
  const fixture = {
    answer: (() => 'drop') as (request: Exchange) => Answer,
    get server(): FaultServer {
      if (server === undefined) throw new Error('the fault server starts in beforeAll');
      return server;
    },
  };
  beforeAll(async () => {
    server = await startFaultServer((request) => fixture.answer(request));
    restoreEndpoint = pointSdkAt(server.endpoint);
  });
  afterAll(async () => {
    restoreEndpoint?.();
    await server?.close();
  });
  return fixture;
}
