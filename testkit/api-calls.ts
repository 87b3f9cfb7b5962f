/**
 * The API-call benchmark: one LiveSource.collect over every resource type, against a mocked
 * account of `perType` resources of each type (testkit/mock-account/), and the calls it made per
 * service and operation set against the minimum AWS allows.
 *
 * FORMULAS is the single source of those minimums: one entry per (service, operation) the
 * collectors call, with the formula in words. A listing's minimum is its number of pages at the
 * API's largest page size (at least one call, even when empty); a per-resource call's minimum is
 * the number of resources, because AWS offers no bulk call for it.
 */
import { RESOURCE_TYPES } from '../model/configuration-item.js';
import { taggingFilter } from '../model/resource-types/index.js';
import { collectors } from '../inventory/live/collectors/index.js';
import type { CollectionError } from '../inventory/source.js';
import { mockedLiveSource } from './live.js';
import { MockAccount, type Census, type GlobalCensus, type RegionCensus } from './mock-account/index.js';

/** Pages of `count` items at `size` per page: at least one call, even for none. */
export function pages(count: number, size: number): number {
  return Math.max(1, Math.ceil(count / size));
}

/** A tag walk or follow-up call made only when the listing found something. */
function whenAny(count: number, calls: number): number {
  return count === 0 ? 0 : calls;
}

const sum = (values: readonly number[]): number => values.reduce((total, value) => total + value, 0);

export interface Formula {
  readonly service: string;
  readonly operation: string;
  /**
   * `per Region`: made in every Region scanned, over that Region's resources (summed over the
   * Regions); `per account`: made once per scan for the whole account (global services).
   */
  readonly scope: 'per Region' | 'per account' | 'per Region + per account';
  /** The minimum in words, for the report and the README. */
  readonly formula: string;
  readonly minimum: (census: Census) => number;
  /**
   * Why the API may answer a full last page with a token, so that one final empty page cannot be
   * avoided: the operation is then allowed minimum + 1 per walk (one walk per Region).
   */
  readonly finalEmptyPage?: string;
}

function perRegion(service: string, operation: string, formula: string, minimum: (region: RegionCensus) => number, finalEmptyPage?: string): Formula {
  return {
    service,
    operation,
    scope: 'per Region',
    formula,
    minimum: (census) => sum(census.regions.map(minimum)),
    ...(finalEmptyPage === undefined ? {} : { finalEmptyPage }),
  };
}

function perAccount(service: string, operation: string, formula: string, minimum: (account: GlobalCensus) => number): Formula {
  return { service, operation, scope: 'per account', formula, minimum: (census) => minimum(census.global) };
}

/**
 * The Tagging API walks (GetResources, 100 per page), one per collector × Region × filter set:
 * made only when that collector found resources, over the tagged resources matching the filter
 * (each type's filter as its description states it).
 */
export const TAG_WALKS: readonly { readonly collector: string; readonly filters: readonly string[]; readonly resources: (region: RegionCensus) => number }[] = [
  { collector: 'rds', filters: [taggingFilter('AWS::RDS::DBSubnetGroup')], resources: (r) => r.dbSubnetGroups },
  { collector: 'elasticache', filters: [taggingFilter('AWS::ElastiCache::ReplicationGroup'), taggingFilter('AWS::ElastiCache::CacheCluster')], resources: (r) => r.replicationGroups + r.cacheClusters },
  { collector: 'opensearch', filters: [taggingFilter('AWS::OpenSearch::Domain')], resources: (r) => r.domains },
  { collector: 'lambda', filters: [taggingFilter('AWS::Lambda::Function')], resources: (r) => r.functions },
  { collector: 'sns', filters: [taggingFilter('AWS::SNS::Topic')], resources: (r) => r.topics },
  { collector: 'sqs', filters: [taggingFilter('AWS::SQS::Queue')], resources: (r) => r.queues },
  { collector: 'dynamodb', filters: [taggingFilter('AWS::DynamoDB::Table')], resources: (r) => r.tables },
  { collector: 'kinesis', filters: [taggingFilter('AWS::Kinesis::Stream')], resources: (r) => r.streams },
  // S3 walks each Region that holds buckets, from the global collector.
  { collector: 's3', filters: [taggingFilter('AWS::S3::Bucket')], resources: (r) => r.buckets },
];

const tagWalksFormula = `Σ per walk of ceil(tagged(filter) / 100); walks per Region: ${TAG_WALKS.map((walk) => walk.filters.join(' + ')).join(', ')}; per account: ${taggingFilter('AWS::CloudFront::Distribution')} (in us-east-1)`;

/**
 * The minimum number of calls of every operation the collectors make. `tagged(x)` is the number
 * of tagged resources the Tagging API lists for the filter `x` (GetResources pages 100 at a time);
 * `ceil(n / k)` of a listing is at least 1.
 */
export const FORMULAS: readonly Formula[] = [
  perAccount('sts', 'GetCallerIdentity', '1', () => 1),

  perRegion('ec2', 'DescribeVpcs', 'ceil(VPCs / 1000)', (r) => pages(r.vpcs, 1000)),
  perRegion('ec2', 'DescribeSubnets', 'ceil(subnets / 1000)', (r) => pages(r.subnets, 1000)),
  perRegion('ec2', 'DescribeRouteTables', 'ceil(route tables / 100)', (r) => pages(r.routeTables, 100)),
  perRegion('ec2', 'DescribeInternetGateways', 'ceil(internet gateways / 1000)', (r) => pages(r.internetGateways, 1000)),
  perRegion('ec2', 'DescribeVpcEndpoints', 'ceil(VPC endpoints / 1000)', (r) => pages(r.vpcEndpoints, 1000)),
  perRegion('ec2', 'DescribeNetworkInterfaces', 'ceil(network interfaces / 1000)', (r) => pages(r.networkInterfaces, 1000)),
  perRegion('ec2', 'DescribeInstances', 'ceil(instances / 1000)', (r) => pages(r.instances, 1000)),
  perRegion('ec2', 'DescribeLaunchTemplates', 'ceil(launch templates / 200)', (r) => pages(r.launchTemplates, 200)),
  perRegion('ec2', 'DescribeLaunchTemplateVersions', 'ceil(launch templates / 200) (every $Default version in bulk)', (r) => pages(r.launchTemplates, 200)),
  perRegion('ec2', 'DescribeVolumes', 'ceil(volumes / 1000)', (r) => pages(r.volumes, 1000)),
  perRegion('ec2', 'GetEbsEncryptionByDefault', '1', () => 1),

  perRegion('rds', 'DescribeDBInstances', 'ceil(DB instances / 100)', (r) => pages(r.dbInstances, 100)),
  perRegion('rds', 'DescribeDBClusters', 'ceil(DB clusters / 100)', (r) => pages(r.dbClusters, 100)),
  perRegion('rds', 'DescribeDBSnapshots', 'ceil(DB snapshots / 100)', (r) => pages(r.dbSnapshots, 100)),
  perRegion('rds', 'DescribeDBClusterSnapshots', 'ceil(DB cluster snapshots / 100)', (r) => pages(r.dbClusterSnapshots, 100)),
  perRegion('rds', 'DescribeDBSubnetGroups', 'ceil(DB subnet groups / 100)', (r) => pages(r.dbSubnetGroups, 100)),
  perRegion('rds', 'DescribeDBParameters', '1 per distinct DB parameter group of instances outside a cluster (filtered to the 2 TLS parameters: 1 page)', (r) => r.dbParameterGroupsInUse),
  perRegion('rds', 'DescribeDBClusterParameters', '1 per distinct cluster parameter group of clusters with instances (filtered: 1 page)', (r) => r.dbClusterParameterGroupsInUse),

  perRegion('elasticache', 'DescribeReplicationGroups', 'ceil(replication groups / 100)', (r) => pages(r.replicationGroups, 100)),
  perRegion('elasticache', 'DescribeCacheClusters', 'ceil(cache clusters / 100)', (r) => pages(r.cacheClusters, 100)),
  perRegion('elasticache', 'DescribeCacheSubnetGroups', 'ceil(cache subnet groups / 100)', (r) => whenAny(r.cacheClusters, pages(r.cacheSubnetGroups, 100))),

  perRegion('redshift', 'DescribeClusters', 'ceil(clusters / 100)', (r) => pages(r.redshiftClusters, 100)),

  perRegion('opensearch', 'ListDomainNames', '1 (not paginated)', () => 1),
  perRegion('opensearch', 'DescribeDomains', 'ceil(domains / 5)', (r) => Math.ceil(r.domains / 5)),

  perRegion('efs', 'DescribeFileSystems', 'ceil(file systems / 100)', (r) => pages(r.fileSystems, 100)),

  perRegion('autoscaling', 'DescribeAutoScalingGroups', 'ceil(groups / 100)', (r) => pages(r.autoScalingGroups, 100)),

  perRegion('elasticloadbalancing', 'DescribeLoadBalancers', 'ceil(load balancers / 400)', (r) => pages(r.loadBalancers, 400)),
  perRegion('elasticloadbalancing', 'DescribeListeners', 'Σ per load balancer of ceil(its listeners / 400), at least 1', (r) =>
    sum(r.listenersPerLoadBalancer.map((listeners) => pages(listeners, 400))),
  ),
  perRegion('elasticloadbalancing', 'DescribeTags', 'ceil((load balancers + listeners) / 20)', (r) => Math.ceil((r.loadBalancers + sum(r.listenersPerLoadBalancer)) / 20)),

  perRegion('lambda', 'ListFunctions', 'ceil(functions / 50)', (r) => pages(r.functions, 50)),

  perRegion('ecs', 'ListClusters', 'ceil(clusters / 100)', (r) => pages(r.ecsServicesPerCluster.length, 100)),
  perRegion('ecs', 'ListServices', 'Σ per cluster of ceil(its services / 100), at least 1', (r) => sum(r.ecsServicesPerCluster.map((services) => pages(services, 100)))),
  perRegion('ecs', 'DescribeServices', 'Σ per cluster of ceil(its services / 10)', (r) => sum(r.ecsServicesPerCluster.map((services) => Math.ceil(services / 10)))),

  perAccount('s3', 'ListBuckets', 'ceil(buckets / 10000)', (a) => pages(a.buckets, 10_000)),
  perAccount('s3', 'GetBucketEncryption', '1 per bucket', (a) => a.buckets),
  perAccount('s3', 'GetBucketPolicy', '1 per bucket', (a) => a.buckets),
  perAccount('s3', 'GetPublicAccessBlock', '1 per bucket', (a) => a.buckets),

  perAccount('iam', 'GetAccountAuthorizationDetails', 'ceil((users + groups + roles + customer managed policies) / 1000)', (a) =>
    pages(a.users + a.groups + a.roles + a.customerManagedPolicies, 1000),
  ),
  perAccount('iam', 'ListPolicyTags', '1 per customer managed policy', (a) => a.customerManagedPolicies),
  // One credential report for every user and the root user: no call per user.
  perAccount('iam', 'GenerateCredentialReport', '1 (a report less than 4 hours old is ready at once)', () => 1),
  perAccount('iam', 'GetCredentialReport', '1 (one report for every user and the root user)', () => 1),

  perRegion('sns', 'ListTopics', 'ceil(topics / 100)', (r) => pages(r.topics, 100)),
  perRegion('sns', 'GetTopicAttributes', '1 per topic', (r) => r.topics),

  perRegion('sqs', 'ListQueues', 'ceil(queues / 1000)', (r) => pages(r.queues, 1000)),
  perRegion('sqs', 'GetQueueAttributes', '1 per queue', (r) => r.queues),

  perRegion(
    'dynamodb',
    'ListTables',
    'ceil(tables / 100)',
    (r) => pages(r.tables, 100),
    'DynamoDB returns LastEvaluatedTableName with every full page, so a table count that is a multiple of 100 ends with an empty page',
  ),
  perRegion('dynamodb', 'DescribeTable', '1 per table', (r) => r.tables),

  perRegion('kinesis', 'ListStreams', 'ceil(streams / 100)', (r) => pages(r.streams, 100)),
  perRegion('kinesis', 'DescribeStreamSummary', '1 per stream', (r) => r.streams),

  perAccount('cloudfront', 'ListDistributions', 'ceil(distributions / 100)', (a) => pages(a.distributions, 100)),

  perRegion('cloudtrail', 'DescribeTrails', '1 (not paginated)', () => 1),
  // A shadow trail (another Region's multi-Region trail, an organization's trail) is read again in
  // every Region it covers, for that Region's account fact `cloudTrails`.
  perRegion('cloudtrail', 'GetTrailStatus', '1 per trail + 1 per shadow trail (multi-Region trail of another Region)', (r) => r.trails + r.shadowTrails),
  perRegion('cloudtrail', 'GetEventSelectors', '1 per trail + 1 per shadow trail (multi-Region trail of another Region)', (r) => r.trails + r.shadowTrails),
  perRegion('cloudtrail', 'ListTags', 'ceil(trails / 20)', (r) => Math.ceil(r.trails / 20)),

  perRegion('guardduty', 'ListDetectors', 'ceil(detectors / 50)', (r) => pages(r.detectors, 50)),
  perRegion('guardduty', 'GetDetector', '1 per detector', (r) => r.detectors),

  perRegion('config', 'DescribeConfigurationRecorders', '1', () => 1),
  perRegion('config', 'DescribeConfigurationRecorderStatus', '1', () => 1),

  perRegion('securityhub', 'DescribeHub', '1', () => 1),
  perRegion('securityhub', 'GetEnabledStandards', 'ceil(enabled standards / 100) where Security Hub is enabled, else 0', (r) =>
    r.securityHubEnabled ? pages(r.securityHubStandards, 100) : 0,
  ),

  perRegion('access-analyzer', 'ListAnalyzers', 'ceil(analyzers / 100) (no page size asked: AWS documents no maximum; its quotas keep a Region to a few analyzers, one page)', (r) =>
    pages(r.analyzers, 100),
  ),

  // Budgets and Cost Explorer: one endpoint each (us-east-1), every call naming the scanned account.
  perAccount('budgets', 'DescribeBudgets', 'ceil(budgets / 100)', (a) => pages(a.budgets, 100)),
  perAccount('budgets', 'DescribeNotificationsForBudget', 'Σ per budget of ceil(its notifications / 100), at least 1 (no bulk call)', (a) =>
    sum(a.notificationsPerBudget.map((notifications) => pages(notifications, 100))),
  ),
  perAccount('budgets', 'DescribeSubscribersForNotification', 'Σ per notification of ceil(its subscribers / 100), at least 1 (no bulk call)', (a) =>
    sum(a.subscribersPerNotification.map((subscribers) => pages(subscribers, 100))),
  ),
  perAccount('organizations', 'DescribeOrganization', '1', () => 1),
  perAccount('ce', 'ListCostAllocationTags', 'ceil(user-defined cost allocation tags / 1000) in a management or standalone account (a member: 0)', (a) => pages(a.costAllocationTags, 1000)),
  perAccount('ce', 'GetAnomalyMonitors', 'ceil(anomaly monitors / page) (no page size asked: AWS documents none; 100 in the mock)', (a) => pages(a.anomalyMonitors, 100)),
  perAccount('ce', 'GetAnomalySubscriptions', 'ceil(anomaly subscriptions / page) (no page size asked: AWS documents none; 100 in the mock)', (a) => pages(a.anomalySubscriptions, 100)),

  {
    service: 'tagging',
    operation: 'GetResources',
    scope: 'per Region + per account',
    formula: tagWalksFormula,
    minimum: (census) =>
      sum(census.regions.flatMap((r) => TAG_WALKS.map((walk) => whenAny(walk.resources(r), pages(r.tagged(walk.filters), 100))))) +
      whenAny(census.global.distributions, pages(census.global.taggedDistributions, 100)),
  },
];

export interface BenchmarkRow {
  readonly service: string;
  readonly operation: string;
  readonly scope: Formula['scope'];
  readonly formula: string;
  readonly calls: number;
  readonly retries: number;
  readonly minimum: number;
  /** The most calls the check accepts: 110 % of the minimum, or minimum + 1 per walk where a final empty page is unavoidable. */
  readonly allowed: number;
  readonly finalEmptyPage?: string;
}

export interface BenchmarkResult {
  readonly perType: number;
  readonly regions: readonly string[];
  /** One row per formula, in the table's order. */
  readonly rows: readonly BenchmarkRow[];
  /** Operations called that the formula table does not list. */
  readonly unlisted: readonly { readonly service: string; readonly operation: string; readonly calls: number }[];
  readonly totals: { readonly calls: number; readonly minimum: number; readonly allowed: number };
  readonly errors: readonly CollectionError[];
  readonly items: number;
  /** Wall time of the collection alone (the mocked account is built before). */
  readonly collectMs: number;
}

/** 110 % of `minimum`, rounded down: the calls a row or the total may make. */
export function tenPercentOver(minimum: number): number {
  return Math.floor((minimum * 11) / 10);
}

/** 110 % of the minimum; where a final empty page is unavoidable, at least minimum + 1 per walk. */
function allowedFor(formula: Formula, minimum: number, census: Census): number {
  if (formula.finalEmptyPage === undefined) return tenPercentOver(minimum);
  const walks = formula.scope === 'per Region' ? census.regions.length : 1;
  return Math.max(tenPercentOver(minimum), minimum + walks);
}

export async function runApiCallBenchmark(options: { perType?: number; regions?: string[] } = {}): Promise<BenchmarkResult> {
  const perType = options.perType ?? 1000;
  const regions = options.regions ?? ['eu-west-1'];
  if (!Number.isInteger(perType) || perType < 1) throw new Error(`perType must be a positive integer, got ${perType}`);
  if (regions.length === 0) throw new Error('name at least one Region');

  const account = new MockAccount(perType, regions);
  const restore = account.install();
  let collection;
  const started = performance.now();
  try {
    collection = await mockedLiveSource(collectors).collect({ resourceTypes: new Set(RESOURCE_TYPES), regions });
  } finally {
    restore();
  }
  const collectMs = performance.now() - started;

  const census = account.census();
  const counts = new Map((collection.calls ?? []).map((count) => [`${count.service}:${count.operation}`, count] as const));
  const rows = FORMULAS.map((formula): BenchmarkRow => {
    const count = counts.get(`${formula.service}:${formula.operation}`);
    const minimum = formula.minimum(census);
    return {
      service: formula.service,
      operation: formula.operation,
      scope: formula.scope,
      formula: formula.formula,
      calls: count?.calls ?? 0,
      retries: count?.retries ?? 0,
      minimum,
      allowed: allowedFor(formula, minimum, census),
      ...(formula.finalEmptyPage === undefined ? {} : { finalEmptyPage: formula.finalEmptyPage }),
    };
  });
  const listed = new Set(FORMULAS.map((formula) => `${formula.service}:${formula.operation}`));
  const unlisted = (collection.calls ?? [])
    .filter((count) => !listed.has(`${count.service}:${count.operation}`))
    .map(({ service, operation, calls }) => ({ service, operation, calls }));
  const minimum = sum(rows.map((row) => row.minimum));
  return {
    perType,
    regions,
    rows,
    unlisted,
    totals: { calls: sum((collection.calls ?? []).map((count) => count.calls)), minimum, allowed: tenPercentOver(minimum) },
    errors: collection.errors,
    items: collection.items.length,
    collectMs,
  };
}

/** Everything that fails the acceptance check, one line each; empty when the benchmark passes. */
export function violations(result: BenchmarkResult): string[] {
  const problems: string[] = [];
  for (const error of result.errors) problems.push(`collection error: ${error.service}:${error.operation} ${error.code} in ${error.region}: ${error.message}`);
  for (const entry of result.unlisted) problems.push(`${entry.service}:${entry.operation} was called ${entry.calls} times but has no formula`);
  for (const row of result.rows) {
    if (row.calls === 0 && row.minimum > 0) problems.push(`${row.service}:${row.operation} has a formula (minimum ${row.minimum}) but was never called`);
    if (row.calls > row.allowed) problems.push(`${row.service}:${row.operation}: ${row.calls} calls, minimum ${row.minimum}, at most ${row.allowed} allowed`);
    if (row.retries > 0) problems.push(`${row.service}:${row.operation}: ${row.retries} retries against a mock that never throttles`);
  }
  if (result.totals.calls > result.totals.allowed) {
    problems.push(`total: ${result.totals.calls} calls, minimum ${result.totals.minimum}, at most ${result.totals.allowed} allowed`);
  }
  return problems;
}
