/**
 * The check every SDK client of gatewatch gets from the client factory (aws/clients.ts): a
 * successful response must be what its protocol promises before the SDK deserialises it.
 *
 * The SDK reads an HTTP 200 whose body is an HTML page (a proxy, a captive portal) or is empty as
 * an empty answer for the XML protocols (awsQuery, ec2Query, restXml): a page of route tables
 * read that way is an empty last page, and a rule PASSes what it never saw. This middleware sits
 * innermost in the `deserialize` step — between the HTTP handler and the SDK's deserializer, so
 * it sees the raw response — reads the whole body under a time limit, keeps it re-readable for
 * the deserializer, and throws when it is not the protocol's:
 *
 * - awsQuery, ec2Query: an XML document whose root element is `<OperationResponse>`, closed;
 * - restXml: an XML document (not HTML) whose root element is closed;
 * - awsJson1_0, awsJson1_1, restJson1: a JSON document that parses;
 * - an output whose body is a string or blob payload (S3 GetBucketPolicy: the policy JSON inside
 *   restXml) is taken as it is, unless it is HTML, or declared JSON and does not parse;
 * - an empty body only where the output has nothing in the body (or HTTP 204);
 * - streaming outputs (S3 GetObject, event streams) are not read here at all.
 *
 * Errors and other non-2xx responses are left to the SDK, which already throws on them.
 */
import { NormalizedSchema } from '@smithy/core/schema';
import { HttpResponse, getSmithyContext } from '@smithy/core/transport';
import type { AbsoluteLocation, DeserializeHandlerArguments, DeserializeHandlerOptions, DeserializeHandlerOutput, DeserializeMiddleware, HandlerExecutionContext, MiddlewareStack } from '@smithy/types';

/** The body is not the protocol's: HTML, another format, the wrong document, or empty where a body is due. */
export const UNEXPECTED_BODY = 'UnexpectedResponseBody';
/** The body began as the protocol's but did not end: the root element is not closed, the JSON does not parse, or the connection closed mid-body. */
export const TRUNCATED_BODY = 'TruncatedResponseBody';

/** A successful response that does not hold what its protocol promises. */
export class ResponseBodyError extends Error {
  override readonly name: typeof UNEXPECTED_BODY | typeof TRUNCATED_BODY;
  readonly $fault = 'server' as const;
  readonly $metadata: { httpStatusCode: number; requestId?: string };
  /** A truncated body may come whole on another attempt: the SDK retries it (`$retryable`). */
  readonly $retryable?: { readonly throttling?: boolean };

  constructor(name: typeof UNEXPECTED_BODY | typeof TRUNCATED_BODY, message: string, response: { statusCode: number; headers: Record<string, string> }, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = name;
    const requestId = header(response.headers, 'x-amzn-requestid') ?? header(response.headers, 'x-amz-request-id');
    this.$metadata = { httpStatusCode: response.statusCode, ...(requestId === undefined ? {} : { requestId }) };
    if (name === TRUNCATED_BODY) this.$retryable = {};
  }
}

/** The protocol families, by the Smithy protocol's shape id. */
export type Family = 'query' | 'restXml' | 'json' | 'unknown';

const FAMILIES: Readonly<Record<string, Family>> = {
  'aws.protocols#awsQuery': 'query',
  'aws.protocols#ec2Query': 'query',
  'aws.protocols#restXml': 'restXml',
  'aws.protocols#awsJson1_0': 'json',
  'aws.protocols#awsJson1_1': 'json',
  'aws.protocols#restJson1': 'json',
};

/** What the output of an operation puts in the response body. */
export type BodyShape =
  /** A streaming payload or an event stream: left alone. */
  | { readonly kind: 'stream' }
  /** A string or blob payload, taken as it is (S3 GetBucketPolicy). */
  | { readonly kind: 'raw' }
  /** A document of the protocol; `required`: the output has members in the body. */
  | { readonly kind: 'document'; readonly required: boolean };

/** Member traits that bind a member elsewhere than the body. */
const NOT_IN_BODY = ['httpHeader', 'httpPrefixHeaders', 'httpResponseCode', 'httpQuery', 'httpQueryParams', 'httpLabel'] as const;

const shapes = new WeakMap<object, BodyShape>();

/** The body shape of an operation's output, from its schema (`[9, namespace, name, traits, input, output]`). */
function bodyShape(operationSchema: unknown): BodyShape {
  if (!Array.isArray(operationSchema)) return { kind: 'document', required: false };
  const cached = shapes.get(operationSchema);
  if (cached !== undefined) return cached;
  let shape: BodyShape = { kind: 'document', required: false };
  let output: NormalizedSchema | undefined;
  try {
    output = NormalizedSchema.of(operationSchema[5] as Parameters<typeof NormalizedSchema.of>[0]);
  } catch {
    // A schema this code cannot read: the body is still checked against the protocol, but may be empty.
    output = undefined;
  }
  if (output?.isStructSchema() === true) {
    for (const [, member] of output.structIterator()) {
      const traits = member.getMergedTraits() as Record<string, unknown>;
      if (traits['httpPayload'] !== undefined) {
        shape = member.isStreaming() ? { kind: 'stream' } : member.isBlobSchema() || member.isStringSchema() ? { kind: 'raw' } : { kind: 'document', required: true };
        break;
      }
      if (NOT_IN_BODY.some((trait) => traits[trait] !== undefined)) continue;
      if (member.isStreaming()) {
        shape = { kind: 'stream' };
        break;
      }
      shape = { kind: 'document', required: true };
    }
  }
  shapes.set(operationSchema, shape);
  return shape;
}

function header(headers: Record<string, string>, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === name) return value;
  return undefined;
}

/** What a client config holds that the check reads. */
export interface CheckedClientConfig {
  readonly protocol?: unknown;
  readonly serviceId?: string;
  readonly streamCollector?: (stream: unknown) => Promise<Uint8Array>;
}

export interface ResponseCheckSettings {
  /** The longest the whole body may take to arrive once the headers did. */
  readonly bodyTimeoutMs: number;
}

function familyOf(protocol: unknown): Family {
  const shapeId = typeof protocol === 'object' && protocol !== null && typeof (protocol as { getShapeId?: unknown }).getShapeId === 'function' ? String((protocol as { getShapeId: () => unknown }).getShapeId()) : '';
  return FAMILIES[shapeId] ?? 'unknown';
}

/** The error a read cut by the request's abort signal throws (the SDK's name for it). */
function abortError(signal: AbortSignal): Error {
  return Object.assign(new Error('Request aborted', { cause: signal.reason }), { name: 'AbortError' });
}

interface NodeReadable {
  on(event: string, listener: (...args: never[]) => void): unknown;
  removeListener(event: string, listener: (...args: never[]) => void): unknown;
  destroy(error?: Error): unknown;
  readonly destroyed?: boolean;
  readonly readableEnded?: boolean;
}

function isNodeReadable(body: unknown): body is NodeReadable {
  return typeof body === 'object' && body !== null && typeof (body as { on?: unknown }).on === 'function' && typeof (body as { destroy?: unknown }).destroy === 'function' && typeof (body as { pipe?: unknown }).pipe === 'function';
}

/**
 * The whole body of a Node stream: rejects with a TimeoutError after `timeoutMs`, an AbortError
 * when `signal` aborts, and the stream's error (or a premature close) as a truncated body.
 */
function readNodeStream(stream: NodeReadable, timeoutMs: number, signal: AbortSignal | undefined, truncated: (cause: unknown) => Error, what: string): Promise<Uint8Array> {
  return new Promise<Uint8Array>((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let size = 0;
    const onData = (chunk: Uint8Array | string) => {
      const bytes = typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk;
      chunks.push(bytes);
      size += bytes.byteLength;
    };
    const onEnd = () => {
      const body = new Uint8Array(size);
      let offset = 0;
      for (const chunk of chunks) {
        body.set(chunk, offset);
        offset += chunk.byteLength;
      }
      settle(undefined, body);
    };
    // The handler's own socket timeout and the request's abort end the read under their own names.
    const onError = (error: Error) => settle(error.name === 'TimeoutError' || error.name === 'AbortError' ? error : truncated(error));
    const onClose = () => settle(truncated(new Error('the connection closed before the body ended')));
    const onAbort = () => {
      stream.destroy();
      settle(abortError(signal as AbortSignal));
    };
    const timer = setTimeout(() => {
      const error = Object.assign(new Error(`${what}: the response body did not arrive within ${timeoutMs} ms`), { name: 'TimeoutError' });
      stream.destroy();
      settle(error);
    }, timeoutMs);
    let settled = false;
    function settle(error: Error | undefined, body?: Uint8Array): void {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      stream.removeListener('data', onData);
      stream.removeListener('end', onEnd);
      stream.removeListener('error', onError);
      stream.removeListener('close', onClose);
      if (error === undefined) resolve(body ?? new Uint8Array());
      else reject(error);
    }
    if (signal?.aborted === true) return onAbort();
    if (stream.destroyed === true) return onClose();
    signal?.addEventListener('abort', onAbort, { once: true });
    stream.on('data', onData);
    stream.on('end', onEnd);
    stream.on('error', onError);
    stream.on('close', onClose);
  });
}

async function readBody(body: unknown, config: CheckedClientConfig, timeoutMs: number, signal: AbortSignal | undefined, truncated: (cause: unknown) => Error, what: string): Promise<Uint8Array> {
  if (body === undefined || body === null) return new Uint8Array();
  if (body instanceof Uint8Array) return body;
  if (typeof body === 'string') return new TextEncoder().encode(body);
  if (isNodeReadable(body)) return readNodeStream(body, timeoutMs, signal, truncated, what);
  if (config.streamCollector === undefined) throw new TypeError(`${what}: cannot read a response body of this kind`);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`${what}: the response body did not arrive within ${timeoutMs} ms`), { name: 'TimeoutError' })), timeoutMs);
  });
  try {
    return await Promise.race([config.streamCollector(body), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The body's opening, for a message: printable, short. */
function opening(text: string): string {
  const start = text.trimStart().slice(0, 60).replace(/\s+/g, ' ');
  return JSON.stringify(text.trimStart().length > 60 ? `${start}…` : start);
}

const WHITESPACE = /^[\s\uFEFF]*/;

/**
 * The root element of an XML document: its name, whether the document closes it, or `html` for
 * an HTML page. Undefined when the text does not begin like XML.
 */
export function xmlRoot(text: string): { readonly name: string; readonly closed: boolean } | undefined {
  let index = WHITESPACE.exec(text)?.[0].length ?? 0;
  for (;;) {
    if (text.startsWith('<?', index)) {
      const end = text.indexOf('?>', index);
      if (end < 0) return undefined;
      index = end + 2;
    } else if (text.startsWith('<!--', index)) {
      const end = text.indexOf('-->', index);
      if (end < 0) return undefined;
      index = end + 3;
    } else if (text.startsWith('<!', index)) {
      if (/^<!doctype\s+html\b/i.test(text.slice(index, index + 20))) return { name: 'html', closed: false };
      const end = text.indexOf('>', index);
      if (end < 0) return undefined;
      index = end + 1;
    } else break;
    index += WHITESPACE.exec(text.slice(index))?.[0].length ?? 0;
  }
  const start = /^<([A-Za-z_][\w.:-]*)/.exec(text.slice(index, index + 300));
  if (start?.[1] === undefined) return undefined;
  const name = start[1];
  const tagEnd = text.indexOf('>', index);
  if (tagEnd < 0) return { name, closed: false };
  const rest = text.slice(tagEnd + 1).trimEnd();
  const closed = text[tagEnd - 1] === '/' ? rest.trim() === '' : new RegExp(`</${name.replace(/[.]/g, '\\.')}\\s*>$`).test(rest);
  return { name, closed };
}

function localName(name: string): string {
  return name.slice(name.indexOf(':') + 1);
}

/**
 * An HTML page, judged by the body: AWS-compatible endpoints (moto, LocalStack, a corporate proxy
 * that passes answers through) may send a valid JSON or XML answer under a `text/html` content
 * type, so the content type alone decides nothing; the protocol checks below judge the rest.
 */
function looksLikeHtml(text: string): boolean {
  const head = text.trimStart().slice(0, 20).toLowerCase();
  return head.startsWith('<!doctype html') || head.startsWith('<html');
}

/** Throws a ResponseBodyError when `bytes` is not what `family` promises for an output of `shape`. */
export function checkBody(family: Family, shape: Exclude<BodyShape, { kind: 'stream' }>, operation: string, response: { statusCode: number; headers: Record<string, string> }, bytes: Uint8Array, what: string): void {
  const contentType = header(response.headers, 'content-type') ?? '';
  const unexpected = (problem: string) => new ResponseBodyError(UNEXPECTED_BODY, `${what}: HTTP ${response.statusCode} with ${problem}${contentType === '' ? '' : ` (content-type ${contentType})`} — not the service's answer; a proxy or captive portal in the way?`, response);
  const truncated = (problem: string, cause?: unknown) => new ResponseBodyError(TRUNCATED_BODY, `${what}: HTTP ${response.statusCode} with ${problem} — the body is incomplete`, response, cause);
  const text = new TextDecoder().decode(bytes);
  if (text.trim() === '') {
    const required = shape.kind === 'raw' || shape.required || family === 'query';
    if (required && response.statusCode !== 204) throw unexpected('an empty body where the operation answers with one');
    return;
  }
  if (looksLikeHtml(text)) throw unexpected(`an HTML page ${opening(text)}`);
  if (shape.kind === 'raw') {
    if (/json/i.test(contentType)) {
      try {
        JSON.parse(text);
      } catch (error) {
        throw truncated('a JSON payload that does not parse', error);
      }
    }
    return;
  }
  switch (family) {
    case 'query':
    case 'restXml': {
      const root = xmlRoot(text);
      if (root === undefined) throw unexpected(`a body that is not XML ${opening(text)}`);
      if (family === 'query' && localName(root.name) !== `${operation}Response`) throw unexpected(`an XML document <${root.name}> instead of <${operation}Response>`);
      if (!root.closed) throw truncated(`an XML document whose root element <${root.name}> is not closed`);
      return;
    }
    case 'json': {
      const first = text.trimStart()[0];
      if (first !== '{' && first !== '[') throw unexpected(`a body that is not JSON ${opening(text)}`);
      try {
        JSON.parse(text);
      } catch (error) {
        throw truncated('JSON that does not parse', error);
      }
      return;
    }
    case 'unknown':
      return;
  }
}

/**
 * The middleware: reads the body of a 2xx response, keeps it for the deserializer (a Uint8Array
 * the SDK reads as it is), and checks it against the client's protocol and the operation's output.
 */
export function responseCheckMiddleware(config: CheckedClientConfig, settings: ResponseCheckSettings): DeserializeMiddleware<object, object> {
  return (next, context: HandlerExecutionContext) =>
    async (args: DeserializeHandlerArguments<object>): Promise<DeserializeHandlerOutput<object>> => {
      const result = await next(args);
      const { response } = result;
      if (!HttpResponse.isInstance(response) || response.statusCode < 200 || response.statusCode >= 300) return result;
      const smithy = getSmithyContext(context);
      const shape = bodyShape(smithy['operationSchema']);
      if (shape.kind === 'stream') return result;
      const operation = (context.commandName ?? '').replace(/Command$/, '') || (Array.isArray(smithy['operationSchema']) ? String(smithy['operationSchema'][2]) : 'operation');
      const what = `${config.serviceId ?? context.clientName ?? 'AWS'}:${operation}`;
      const signal = smithy['abortSignal'] instanceof AbortSignal ? smithy['abortSignal'] : undefined;
      const truncated = (cause: unknown) =>
        Object.assign(new ResponseBodyError(TRUNCATED_BODY, `${what}: HTTP ${response.statusCode}, and the connection failed before the body ended (${cause instanceof Error ? cause.message : String(cause)})`, response, cause), {
          ...(typeof (cause as { code?: unknown })?.code === 'string' ? { code: (cause as { code: string }).code } : {}),
        });
      const bytes = await readBody(response.body, config, settings.bodyTimeoutMs, signal, truncated, what);
      response.body = bytes;
      checkBody(familyOf(config.protocol), shape, operation, response, bytes, what);
      return result;
    };
}

/** Where the check sits: the deserialize step's innermost place, between the HTTP handler and the deserializer. */
export const RESPONSE_CHECK: DeserializeHandlerOptions & AbsoluteLocation = { name: 'gatewatchResponseCheck', step: 'deserialize', priority: 'low', override: true, tags: ['GATEWATCH'] };

/** Adds the check to an SDK client (anything with a middleware stack and a config). */
export function addResponseCheck(client: unknown, settings: ResponseCheckSettings): void {
  const candidate = client as { middlewareStack?: MiddlewareStack<object, object>; config?: CheckedClientConfig } | null;
  if (candidate?.middlewareStack === undefined || candidate.config === undefined) return;
  candidate.middlewareStack.add(responseCheckMiddleware(candidate.config, settings), RESPONSE_CHECK);
}
