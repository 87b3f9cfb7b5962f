/**
 * The requests moto recorded, as gatewatch's call accounting names them: `service:Operation` with
 * the collectors' service labels (`opensearch` for the `es` signing name, `efs` for
 * `elasticfilesystem`) and, for the REST protocols (S3, Lambda, EFS, OpenSearch, GuardDuty,
 * CloudFront, Security Hub, Access Analyzer), the operation the method and path stand for.
 */
import type { RecordedRequest } from './moto-server.js';
import { operationOf, serviceOf } from './recorded-calls.js';

/** The collectors' labels of the services whose signing name differs. */
const SERVICE_LABELS: Readonly<Record<string, string>> = { es: 'opensearch', elasticfilesystem: 'efs' };

interface RestOperation {
  readonly method: string;
  /** The path, matched whole. */
  readonly path: RegExp;
  /** A query key the request carries (S3's sub-resources: `?policy`). */
  readonly query?: string;
  readonly operation: string;
}

const BUCKET = /^\/[a-z0-9][a-z0-9.-]+\/?$/;

/** The REST operations of the services gatewatch calls, by signing name. */
const REST: Readonly<Record<string, readonly RestOperation[]>> = {
  s3: [
    { method: 'GET', path: /^\/$/, query: 'x-id', operation: 'ListBuckets' },
    { method: 'GET', path: BUCKET, query: 'encryption', operation: 'GetBucketEncryption' },
    { method: 'GET', path: BUCKET, query: 'policy', operation: 'GetBucketPolicy' },
    { method: 'GET', path: BUCKET, query: 'publicAccessBlock', operation: 'GetPublicAccessBlock' },
    { method: 'GET', path: BUCKET, query: 'location', operation: 'GetBucketLocation' },
  ],
  lambda: [{ method: 'GET', path: /^\/2015-03-31\/functions\/?$/, operation: 'ListFunctions' }],
  elasticfilesystem: [{ method: 'GET', path: /^\/2015-02-01\/file-systems\/?$/, operation: 'DescribeFileSystems' }],
  es: [
    { method: 'GET', path: /^\/2021-01-01\/domain\/?$/, operation: 'ListDomainNames' },
    { method: 'POST', path: /^\/2021-01-01\/opensearch\/domain-info\/?$/, operation: 'DescribeDomains' },
  ],
  guardduty: [
    { method: 'GET', path: /^\/detector\/?$/, operation: 'ListDetectors' },
    { method: 'GET', path: /^\/detector\/[^/]+\/?$/, operation: 'GetDetector' },
  ],
  cloudfront: [{ method: 'GET', path: /^\/2020-05-31\/distribution\/?$/, operation: 'ListDistributions' }],
  securityhub: [
    { method: 'POST', path: /^\/findings\/import\/?$/, operation: 'BatchImportFindings' },
    { method: 'PATCH', path: /^\/findings\/batchupdate\/?$/, operation: 'BatchUpdateFindings' },
    { method: 'POST', path: /^\/findings\/?$/, operation: 'GetFindings' },
    { method: 'GET', path: /^\/accounts\/?$/, operation: 'DescribeHub' },
    { method: 'POST', path: /^\/standards\/get\/?$/, operation: 'GetEnabledStandards' },
  ],
  'access-analyzer': [{ method: 'GET', path: /^\/analyzer\/?$/, operation: 'ListAnalyzers' }],
};

/** `service:Operation` of one request, in gatewatch's names. */
export function gatewatchCall(request: RecordedRequest): string {
  const service = serviceOf(request);
  let operation = operationOf(request);
  const rest = REST[service];
  if (rest !== undefined && operation.startsWith(`${request.method} `)) {
    const url = new URL(request.url);
    const match = rest.find((candidate) => candidate.method === request.method && candidate.path.test(url.pathname) && (candidate.query === undefined || url.searchParams.has(candidate.query)));
    if (match !== undefined) operation = match.operation;
  }
  return `${SERVICE_LABELS[service] ?? service}:${operation}`;
}

/** `service:Operation` → count, sorted. */
export function gatewatchCalls(requests: readonly RecordedRequest[]): Record<string, number> {
  const counts = new Map<string, number>();
  for (const request of requests) {
    const key = gatewatchCall(request);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return Object.fromEntries([...counts].sort(([a], [b]) => a.localeCompare(b)));
}
