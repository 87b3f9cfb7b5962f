/**
 * How hard gatewatch may call each AWS service: the request rates AWS publishes, and the settings
 * the live source derives from them (inventory/live/live-source.ts). One table, so that the limit,
 * its source and the setting are read in one place, and the README's table is this one.
 *
 * Scope. AWS meters almost every API per account and per Region: each Region's endpoint has its
 * own budget, so the live source keeps one limiter (and one token bucket) per service × Region
 * endpoint. A global service (IAM, CloudFront) has one endpoint for the whole account whatever
 * Region the client names, so one limiter serves every Region. S3's per-bucket calls go to the
 * bucket's own Region, so they count against that Region's limiter.
 *
 * The settings:
 * - `bucket`: a token bucket (burst, sustained rate per second) the client keeps itself, at the
 *   published limit, for every request of the service to one endpoint; `operations`: the same for
 *   one operation where AWS publishes per-operation limits. A request waits for a token instead of
 *   being refused by AWS; adaptive retry (the SDK's, then retryThrottled) still handles throttling
 *   caused by other callers sharing the account's budget.
 * - `concurrency`: requests in flight per endpoint. Where a rate is published it only has to keep
 *   that rate fed while a request takes up to a quarter of a second: ceil(rate × 0.25 s), at least
 *   2. Where AWS publishes no rate, it is what bounds the service: 10, or S3's 50 (the SDK's
 *   default socket pool per client, so no request waits for a socket instead).
 *
 * Where AWS documents limits per API and the documentation can be read either way (EC2's, CloudTrail's),
 * one bucket for all of the service's reads is kept: the stricter reading, never over either.
 */

/** A token bucket: `burst` requests at once after a quiet spell, `perSecond` sustained. */
export interface TokenBucket {
  readonly burst: number;
  readonly perSecond: number;
}

export interface RateLimit {
  /** The service's label in call statistics and errors (a collector's `service`; `tagging` for the Tagging API). */
  readonly service: string;
  /** The SDK's Smithy namespace of the service (`com.amazonaws.ec2`): how a client's request is matched to its entry. */
  readonly namespace: string;
  /** `regional`: a budget per account × Region endpoint; `global`: one endpoint (and budget) for the account. */
  readonly endpoint: 'regional' | 'global';
  /** What AWS publishes, in words (or that no rate was found, where none was). */
  readonly published: string;
  /** Where it is published. */
  readonly source: string;
  /** Requests in flight per endpoint. */
  readonly concurrency: number;
  /** The token bucket for every request of the service to one endpoint, when AWS publishes one. */
  readonly bucket?: TokenBucket | undefined;
  /** Token buckets of single operations (by operation name, `DescribeStreamSummary`), when AWS publishes them. */
  readonly operations?: Readonly<Record<string, TokenBucket>> | undefined;
}

/** A service the table does not know: the live source's former setting, 4 in flight, no pacing. */
export const DEFAULT_CONCURRENCY = 4;

/** Requests in flight that keep `perSecond` fed while each request takes up to 250 ms. */
function feeding(perSecond: number): number {
  return Math.max(2, Math.ceil(perSecond * 0.25));
}

/** Where no rate is published, the requests in flight per endpoint. */
const UNPUBLISHED_CONCURRENCY = 10;

function unpublished(service: string, namespace: string, source: string, note = 'no request rate found in its quotas page (the link); adaptive retry handles throttling'): RateLimit {
  return { service, namespace, endpoint: 'regional', published: note, source, concurrency: UNPUBLISHED_CONCURRENCY };
}

export const RATE_LIMITS: readonly RateLimit[] = [
  {
    service: 'ec2',
    namespace: 'com.amazonaws.ec2',
    endpoint: 'regional',
    published: 'non-mutating (Describe*, Get*) requests: token bucket of 100, refilled 20/s, per account per Region (documented per API; applied here to all of EC2\'s reads together)',
    source: 'https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-throttling.html',
    bucket: { burst: 100, perSecond: 20 },
    concurrency: feeding(20),
  },
  {
    service: 'rds',
    namespace: 'com.amazonaws.rds',
    endpoint: 'regional',
    published: 'every RDS API request: 300 in a burst, 12/s sustained, per account per Region',
    source: 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-api-throttling.html',
    bucket: { burst: 300, perSecond: 12 },
    concurrency: feeding(12),
  },
  unpublished('elasticache', 'com.amazonaws.elasticache', 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/quota-limits.html'),
  unpublished('redshift', 'com.amazonaws.redshift', 'https://docs.aws.amazon.com/redshift/latest/mgmt/amazon-redshift-limits.html'),
  unpublished('opensearch', 'com.amazonaws.opensearch', 'https://docs.aws.amazon.com/opensearch-service/latest/developerguide/limits.html'),
  unpublished('efs', 'com.amazonaws.efs', 'https://docs.aws.amazon.com/efs/latest/ug/limits.html'),
  unpublished('autoscaling', 'com.amazonaws.autoscaling', 'https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-quotas.html'),
  unpublished('elasticloadbalancing', 'com.amazonaws.elasticloadbalancingv2', 'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-limits.html'),
  {
    service: 'lambda',
    namespace: 'com.amazonaws.lambda',
    endpoint: 'regional',
    published: 'control plane API requests (all but invocation, GetFunction and GetPolicy): 15/s per Region, not adjustable',
    source: 'https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html',
    bucket: { burst: 15, perSecond: 15 },
    concurrency: feeding(15),
  },
  {
    service: 'ecs',
    namespace: 'com.amazonaws.ecs',
    endpoint: 'regional',
    published: 'token buckets per account per Region; the documented one for reads (DescribeClusters): 50 in a burst, 20/s sustained',
    source: 'https://docs.aws.amazon.com/AmazonECS/latest/APIReference/request-throttling.html',
    bucket: { burst: 50, perSecond: 20 },
    concurrency: feeding(20),
  },
  {
    service: 's3',
    namespace: 'com.amazonaws.s3',
    endpoint: 'regional',
    published: 'none published for bucket-configuration reads (the published 5,500 GET/HEAD per second apply per prefix, to objects); per-bucket calls go to the bucket\'s Region',
    source: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/optimizing-performance.html',
    concurrency: 50,
  },
  {
    service: 'iam',
    namespace: 'com.amazonaws.iam',
    endpoint: 'global',
    published: 'none published; one global endpoint for the account',
    source: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html',
    concurrency: UNPUBLISHED_CONCURRENCY,
  },
  unpublished('sns', 'com.amazonaws.sns', 'https://docs.aws.amazon.com/general/latest/gr/sns.html', 'per-API rates by Region in the Service Quotas console; none transcribed here'),
  unpublished('sqs', 'com.amazonaws.sqs', 'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-messages.html'),
  {
    service: 'dynamodb',
    namespace: 'com.amazonaws.dynamodb',
    endpoint: 'regional',
    published: 'control plane requests (ListTables, DescribeTable …): 2,500/s',
    source: 'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-control-plane.html',
    bucket: { burst: 2500, perSecond: 2500 },
    concurrency: UNPUBLISHED_CONCURRENCY,
  },
  {
    service: 'kinesis',
    namespace: 'com.amazonaws.kinesis',
    endpoint: 'regional',
    published: 'ListStreams: 5 transactions/s per account; DescribeStreamSummary: 20 transactions/s per account',
    source: 'https://docs.aws.amazon.com/kinesis/latest/APIReference/API_DescribeStreamSummary.html',
    operations: { ListStreams: { burst: 5, perSecond: 5 }, DescribeStreamSummary: { burst: 20, perSecond: 20 } },
    concurrency: feeding(20),
  },
  {
    service: 'cloudfront',
    namespace: 'com.amazonaws.cloudfront',
    endpoint: 'global',
    published: 'none published; one global endpoint for the account',
    source: 'https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html',
    concurrency: DEFAULT_CONCURRENCY,
  },
  {
    service: 'cloudtrail',
    namespace: 'com.amazonaws.cloudtrail',
    endpoint: 'regional',
    published: 'get, describe and list APIs: 10 transactions/s per account per Region, not adjustable (applied here to all of them together)',
    source: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/WhatIsCloudTrail-Limits.html',
    bucket: { burst: 10, perSecond: 10 },
    concurrency: feeding(10),
  },
  unpublished('guardduty', 'com.amazonaws.guardduty', 'https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_limits.html'),
  unpublished('config', 'com.amazonaws.configservice', 'https://docs.aws.amazon.com/config/latest/developerguide/configlimits.html'),
  unpublished('access-analyzer', 'com.amazonaws.accessanalyzer', 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-quotas.html'),
  {
    service: 'budgets',
    namespace: 'com.amazonaws.budgets',
    endpoint: 'global',
    published: 'none published for the Budgets API; one endpoint for the partition (us-east-1)',
    source: 'https://docs.aws.amazon.com/cost-management/latest/userguide/management-limits.html',
    concurrency: UNPUBLISHED_CONCURRENCY,
  },
  {
    service: 'ce',
    namespace: 'com.amazonaws.costexplorer',
    endpoint: 'global',
    published: 'none published for the reads gatewatch makes (ListCostAllocationTags, GetAnomalyMonitors, GetAnomalySubscriptions); one endpoint for the partition (us-east-1)',
    source: 'https://docs.aws.amazon.com/cost-management/latest/userguide/management-limits.html',
    concurrency: UNPUBLISHED_CONCURRENCY,
  },
  {
    service: 'organizations',
    namespace: 'com.amazonaws.organizations',
    endpoint: 'global',
    published: 'none published as a rate (throttling is answered with TooManyRequestsException); one endpoint for the account',
    source: 'https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html',
    concurrency: DEFAULT_CONCURRENCY,
  },
  unpublished('tagging', 'com.amazonaws.resourcegroupstaggingapi', 'https://docs.aws.amazon.com/resourcegroupstagging/latest/APIReference/Welcome.html'),
  {
    service: 'sts',
    namespace: 'com.amazonaws.sts',
    endpoint: 'regional',
    published: 'request rate for AWS STS API operations: 600/s per account per Region',
    source: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html',
    bucket: { burst: 600, perSecond: 600 },
    concurrency: 2,
  },
  {
    // The publisher's pacer (aws/pacer.ts) keeps under this rate; a scan's DescribeHub and
    // GetEnabledStandards (securityhub collector) fall under "all other operations", at the same rate.
    service: 'securityhub',
    namespace: 'com.amazonaws.securityhub',
    endpoint: 'regional',
    published: 'BatchImportFindings, and every other operation gatewatch calls (DescribeHub, GetEnabledStandards): 10 transactions/s per account per Region, burst 30',
    source: 'https://docs.aws.amazon.com/securityhub/latest/partnerguide/guidelines-batchimportfindings.html',
    bucket: { burst: 30, perSecond: 10 },
    concurrency: feeding(10),
  },
  {
    // Fix-cost estimates read unit prices (aws/price-list.ts); the API has three endpoints (us-east-1,
    // eu-central-1, ap-south-1), whatever Region the priced product is in.
    service: 'pricing',
    namespace: 'com.amazonaws.pricing',
    endpoint: 'regional',
    published: 'Price List Query API: DescribeServices, GetAttributeValues and GetProducts each a token bucket of 10, refilled 5/s, per account per Region',
    source: 'https://docs.aws.amazon.com/awsaccountbilling/latest/aboutv2/using-pelong.html',
    operations: { DescribeServices: { burst: 10, perSecond: 5 }, GetAttributeValues: { burst: 10, perSecond: 5 }, GetProducts: { burst: 10, perSecond: 5 } },
    concurrency: feeding(5),
  },
];

/** Changes to the table: per service, any of its settings (a service not in the table may be added). */
export type RateLimitOverrides = Readonly<Record<string, Partial<Pick<RateLimit, 'concurrency' | 'bucket' | 'operations' | 'endpoint'>>>>;

function checkBucket(label: string, bucket: TokenBucket | undefined): void {
  if (bucket === undefined) return;
  if (!Number.isInteger(bucket.burst) || bucket.burst < 1) throw new Error(`${label}: burst must be a positive integer, got ${bucket.burst}`);
  if (!Number.isFinite(bucket.perSecond) || bucket.perSecond <= 0) throw new Error(`${label}: perSecond must be a positive number, got ${bucket.perSecond}`);
}

/** The settings of every service, looked up by label or by SDK namespace. */
export class RateLimits {
  private readonly byService = new Map<string, RateLimit>();
  private readonly byNamespace = new Map<string, RateLimit>();

  constructor(table: readonly RateLimit[] = RATE_LIMITS, overrides: RateLimitOverrides = {}) {
    for (const entry of table) this.byService.set(entry.service, entry);
    for (const [service, change] of Object.entries(overrides)) {
      const base: RateLimit = this.byService.get(service) ?? {
        service,
        namespace: `gatewatch.unknown.${service}`,
        endpoint: 'regional',
        published: 'not in the table',
        source: '',
        concurrency: DEFAULT_CONCURRENCY,
      };
      this.byService.set(service, { ...base, ...change, published: base.published, source: base.source });
    }
    for (const entry of this.byService.values()) {
      if (!Number.isInteger(entry.concurrency) || entry.concurrency < 1) throw new Error(`${entry.service}: concurrency must be a positive integer, got ${entry.concurrency}`);
      checkBucket(entry.service, entry.bucket);
      for (const [operation, bucket] of Object.entries(entry.operations ?? {})) checkBucket(`${entry.service}:${operation}`, bucket);
      this.byNamespace.set(entry.namespace, entry);
    }
  }

  /** A service's settings (a service not in the table: {@link DEFAULT_CONCURRENCY} in flight per Region, no pacing). */
  of(service: string): RateLimit {
    return (
      this.byService.get(service) ?? {
        service,
        namespace: `gatewatch.unknown.${service}`,
        endpoint: 'regional',
        published: 'not in the table',
        source: '',
        concurrency: DEFAULT_CONCURRENCY,
      }
    );
  }

  /** The entry of an SDK namespace (`com.amazonaws.kinesis`), if the table has one. */
  ofNamespace(namespace: string): RateLimit | undefined {
    return this.byNamespace.get(namespace);
  }

  /** Every entry, in the table's order (overrides of unknown services last). */
  list(): RateLimit[] {
    return [...this.byService.values()];
  }

  /**
   * The endpoint a request of `service` sent to `region` counts against: `service/region`, or
   * `service` alone for a global service.
   */
  endpointKey(service: string, region: string): string {
    return this.of(service).endpoint === 'global' ? service : `${service}/${region}`;
  }

  /** The same table with every rate multiplied by `factor` (simulated time running `factor` times faster). */
  scaled(factor: number): RateLimits {
    const scale = (bucket: TokenBucket): TokenBucket => ({ burst: bucket.burst, perSecond: bucket.perSecond * factor });
    return new RateLimits(
      this.list().map((entry) => ({
        ...entry,
        bucket: entry.bucket === undefined ? undefined : scale(entry.bucket),
        operations: entry.operations === undefined ? undefined : Object.fromEntries(Object.entries(entry.operations).map(([operation, bucket]) => [operation, scale(bucket)])),
      })),
    );
  }
}

/**
 * The service namespace and operation of an SDK command (`['com.amazonaws.kinesis',
 * 'DescribeStreamSummary']`), read from the operation schema every generated command carries
 * (`[9, namespace, name, …]`); undefined for anything else.
 */
export function operationOf(command: unknown): { readonly namespace: string; readonly operation: string } | undefined {
  if (typeof command !== 'object' || command === null) return undefined;
  const schema = (command as { schema?: unknown }).schema;
  if (!Array.isArray(schema) || schema[0] !== 9 || typeof schema[1] !== 'string' || typeof schema[2] !== 'string') return undefined;
  return { namespace: schema[1], operation: schema[2] };
}
