/**
 * Turns moto's recorded requests into `service:Operation` counts, the way AWS would bill them:
 * the service from the SigV4 credential scope, the operation from the query `Action`, the JSON
 * protocol's `X-Amz-Target`, or (REST services) the method and path.
 */
import type { RecordedRequest } from './moto-server.js';

/** The SigV4 signing name: `Credential=KEY/DATE/REGION/SERVICE/aws4_request`. */
export function serviceOf(request: RecordedRequest): string {
  const authorization = request.headers['Authorization'] ?? request.headers['authorization'] ?? '';
  return /Credential=[^/]+\/\d{8}\/[^/]+\/([^/]+)\/aws4_request/.exec(authorization)?.[1] ?? 'unknown';
}

/** The region of the credential scope. */
export function regionOf(request: RecordedRequest): string {
  const authorization = request.headers['Authorization'] ?? request.headers['authorization'] ?? '';
  return /Credential=[^/]+\/\d{8}\/([^/]+)\//.exec(authorization)?.[1] ?? 'unknown';
}

/** The operation, where the protocol names it in the request; else `METHOD /path`. */
export function operationOf(request: RecordedRequest): string {
  const target = request.headers['X-Amz-Target'] ?? request.headers['x-amz-target'];
  if (target !== undefined) return target.split('.').pop() ?? target;
  const action = /(?:^|&)Action=([A-Za-z0-9]+)/.exec(request.body)?.[1] ?? new URL(request.url).searchParams.get('Action');
  if (action !== null && action !== undefined) return action;
  const url = new URL(request.url);
  return `${request.method} ${url.pathname}${url.search === '' ? '' : `?${[...url.searchParams.keys()].join('&')}`}`;
}

/** `service:Operation` → count, sorted by key. */
export function countCalls(requests: readonly RecordedRequest[]): Record<string, number> {
  const counts = new Map<string, number>();
  for (const request of requests) {
    const key = `${serviceOf(request)}:${operationOf(request)}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return Object.fromEntries([...counts.entries()].sort(([a], [b]) => a.localeCompare(b)));
}
