/**
 * A mocked AWS account for the API-call benchmark and the tests: `perType` resources of every type
 * the live collectors produce, in each scanned Region (IAM entities and CloudFront distributions
 * once per account), served by aws-sdk-client-mock fakes that behave like AWS where call counts are
 * concerned:
 *
 * - a list/describe call returns at most the page size the request asked for, never more than the
 *   API's real maximum, with a continuation token until the data is exhausted (DynamoDB ListTables
 *   also when a page is exactly full: `LastEvaluatedTableName` comes with every full page);
 * - a per-resource call answers for the resource it names, in the Region of the client, and fails
 *   for a resource that does not exist there;
 * - batch calls (DescribeServices, DescribeDomains, DescribeTags, ListTags) reject more names than
 *   the API accepts;
 * - the Tagging API's GetResources pages at most 100 at a time over the tagged resources of the
 *   Region matching the `service[:type]` filters.
 *
 * One file per service, like the collectors: its data (`…Data`) and its fakes (`mock…`). A new
 * resource type adds its resources and fakes to its service's file and, for the benchmark, its
 * counts to the {@link Census}.
 */
import type { AwsClientStub } from 'aws-sdk-client-mock';
import type { ClientClass } from '../../aws/clients.js';
import { taggingFilter } from '../../model/resource-types/index.js';
import { mockIdentity } from '../live.js';
import { accessanalyzerData, mockAccessAnalyzer, type AccessAnalyzerData } from './accessanalyzer.js';
import { autoscalingData, mockAutoScaling, type AutoScalingData } from './autoscaling.js';
import { budgetsData, mockBudgets, type BudgetsData } from './budgets.js';
import { cloudfrontData, mockCloudFront, type CloudFrontData } from './cloudfront.js';
import { cloudtrailData, mockCloudTrail, type CloudTrailData, type Trails } from './cloudtrail.js';
import { mockConfig } from './config.js';
import { costexplorerData, mockCostExplorer, type CostExplorerData } from './costexplorer.js';
import { dynamodbData, mockDynamoDb, type DynamoDbData } from './dynamodb.js';
import { ec2Data, mockEc2, type Ec2Data } from './ec2.js';
import { ecsData, mockEcs, type EcsData } from './ecs.js';
import { efsData, mockEfs, type EfsData } from './efs.js';
import { elasticacheData, mockElastiCache, type ElastiCacheData } from './elasticache.js';
import { elbv2Data, mockElbv2, type Elbv2Data } from './elbv2.js';
import { guarddutyData, mockGuardDuty, type GuardDutyData } from './guardduty.js';
import { iamData, mockIam, type IamData } from './iam.js';
import { kinesisData, mockKinesis, type KinesisData } from './kinesis.js';
import { lambdaData, mockLambda, type LambdaData } from './lambda.js';
import { awsError, build, CLOUDFRONT_TAG_REGION, type GetClient, HOME_REGION, nth, regionOf, type Network, type Restorable, type TaggedResource } from './kit.js';
import { mockOpenSearch, opensearchData, type OpenSearchData } from './opensearch.js';
import { mockRds, rdsData, type RdsData } from './rds.js';
import { mockRedshift, redshiftData, type RedshiftData } from './redshift.js';
import { mockS3, s3Data, type S3Data } from './s3.js';
import { mockSecurityHub, securityhubData, type SecurityHubData } from './securityhub.js';
import { mockSns, snsData, type SnsData } from './sns.js';
import { mockSqs, sqsData, type SqsData } from './sqs.js';
import { matches, mockTagging } from './tagging.js';

export { HOME_REGION };

/** Everything of one Region. */
export type RegionData = { readonly region: string } & Ec2Data &
  RdsData &
  ElastiCacheData &
  RedshiftData &
  OpenSearchData &
  EfsData &
  AutoScalingData &
  Elbv2Data &
  LambdaData &
  EcsData &
  SnsData &
  SqsData &
  DynamoDbData &
  KinesisData &
  CloudTrailData &
  GuardDutyData &
  SecurityHubData &
  AccessAnalyzerData &
  S3Data;

/** What the account holds once (global services). */
export type GlobalData = IamData & CloudFrontData & BudgetsData & CostExplorerData;

/** The data of one Region, the services built in the order their resources are listed with the Tagging API. */
function regionData(region: string, n: number, registry: TaggedResource[]): RegionData {
  const at = build(region, n, registry);
  const ec2 = ec2Data(at);
  const network: Network = {
    vpcOf: (index) => nth(ec2.vpcs, index).VpcId ?? '',
    subnetOf: (index) => nth(ec2.subnets, index).SubnetId ?? '',
  };
  return {
    region,
    ...ec2,
    ...rdsData(at, network),
    ...elasticacheData(at, network),
    ...redshiftData(at, network),
    ...opensearchData(at, network),
    ...efsData(at),
    ...autoscalingData(at, network),
    ...elbv2Data(at, network),
    ...lambdaData(at, network),
    ...ecsData(at, network),
    ...snsData(at),
    ...sqsData(at),
    ...dynamodbData(at),
    ...kinesisData(at),
    ...cloudtrailData(at),
    ...guarddutyData(at),
    ...securityhubData(at),
    ...accessanalyzerData(at),
    ...s3Data(at),
  };
}

function globalData(n: number, registry: Map<string, TaggedResource[]>): GlobalData {
  return { ...iamData(n), ...cloudfrontData(n, registry), ...budgetsData(n), ...costexplorerData(n) };
}

// ---------------------------------------------------------------- census

/** What the account holds in one Region, for the minimum-call formulas. */
export interface RegionCensus {
  readonly region: string;
  readonly vpcs: number;
  readonly subnets: number;
  readonly routeTables: number;
  readonly internetGateways: number;
  readonly vpcEndpoints: number;
  readonly networkInterfaces: number;
  readonly instances: number;
  readonly launchTemplates: number;
  readonly volumes: number;
  readonly dbInstances: number;
  readonly dbClusters: number;
  readonly dbSnapshots: number;
  readonly dbClusterSnapshots: number;
  readonly dbSubnetGroups: number;
  /** Distinct DB parameter groups of DB instances outside a cluster. */
  readonly dbParameterGroupsInUse: number;
  /** Distinct DB cluster parameter groups of clusters that have member instances. */
  readonly dbClusterParameterGroupsInUse: number;
  readonly replicationGroups: number;
  readonly cacheClusters: number;
  readonly cacheSubnetGroups: number;
  readonly redshiftClusters: number;
  readonly domains: number;
  readonly fileSystems: number;
  readonly autoScalingGroups: number;
  readonly loadBalancers: number;
  readonly listenersPerLoadBalancer: readonly number[];
  readonly functions: number;
  readonly ecsServicesPerCluster: readonly number[];
  readonly topics: number;
  readonly queues: number;
  readonly tables: number;
  readonly streams: number;
  readonly trails: number;
  /** Multi-Region trails of the other Regions, which DescribeTrails lists here as shadow trails. */
  readonly shadowTrails: number;
  readonly detectors: number;
  /** Whether Security Hub CSPM is enabled (DescribeHub answers; GetEnabledStandards is asked). */
  readonly securityHubEnabled: boolean;
  /** The Security Hub standards enabled. */
  readonly securityHubStandards: number;
  readonly analyzers: number;
  /** Buckets whose Region this is. */
  readonly buckets: number;
  /** Tagged resources of the Region matching Tagging API filters (`service[:type]`). */
  tagged(filters: readonly string[]): number;
}

export interface GlobalCensus {
  readonly users: number;
  readonly groups: number;
  readonly roles: number;
  readonly customerManagedPolicies: number;
  readonly distributions: number;
  /** Tagged CloudFront distributions (the Tagging API serves them in us-east-1). */
  readonly taggedDistributions: number;
  /** Buckets in the scanned Regions. */
  readonly buckets: number;
  readonly budgets: number;
  /** Notifications of every budget. */
  readonly budgetNotifications: number;
  /** Subscribers of every notification, per notification. */
  readonly subscribersPerNotification: readonly number[];
  /** Notifications per budget. */
  readonly notificationsPerBudget: readonly number[];
  /** User-defined cost allocation tags (read: the mocked account is its organization's management account). */
  readonly costAllocationTags: number;
  readonly anomalyMonitors: number;
  readonly anomalySubscriptions: number;
}

export interface Census {
  readonly regions: readonly RegionCensus[];
  readonly global: GlobalCensus;
}

export class MockAccount {
  readonly regions: readonly RegionData[];
  readonly global: GlobalData;
  /** Tagged resources by Region, as the Tagging API lists them. */
  private readonly tagged = new Map<string, TaggedResource[]>();
  private readonly tagWalks = new Map<string, TaggedResource[]>();

  /**
   * `listsBucketRegions: false` mocks an S3-compatible endpoint whose ListBuckets gives no Region:
   * the collector then asks GetBucketLocation per bucket.
   */
  constructor(
    perType: number,
    regions: readonly string[],
    private readonly options: { readonly listsBucketRegions?: boolean } = {},
  ) {
    this.regions = regions.map((region) => {
      const registry: TaggedResource[] = [];
      const data = regionData(region, perType, registry);
      this.tagged.set(region, registry);
      return data;
    });
    this.global = globalData(perType, this.tagged);
  }

  census(): Census {
    const global: GlobalCensus = {
      users: this.global.users.length,
      groups: this.global.groups.length,
      roles: this.global.roles.length,
      customerManagedPolicies: this.global.policies.length,
      distributions: this.global.distributions.length,
      taggedDistributions: this.taggedIn(CLOUDFRONT_TAG_REGION, [taggingFilter('AWS::CloudFront::Distribution')]).length,
      buckets: this.regions.reduce((sum, data) => sum + data.buckets.length, 0),
      budgets: this.global.budgets.length,
      budgetNotifications: this.global.budgets.reduce((sum, entry) => sum + entry.notifications.length, 0),
      notificationsPerBudget: this.global.budgets.map((entry) => entry.notifications.length),
      subscribersPerNotification: this.global.budgets.flatMap((entry) => entry.notifications.map((notification) => notification.subscribers.length)),
      costAllocationTags: this.global.costAllocationTags.filter((tag) => tag.Type === 'UserDefined').length,
      anomalyMonitors: this.global.anomalyMonitors.length,
      anomalySubscriptions: this.global.anomalySubscriptions.length,
    };
    return {
      global,
      regions: this.regions.map((data) => {
        const standalone = data.dbInstances.filter((instance) => instance.DBClusterIdentifier === undefined);
        const clustersWithMembers = data.dbClusters.filter((cluster) => (cluster.DBClusterMembers ?? []).length > 0);
        return {
          region: data.region,
          vpcs: data.vpcs.length,
          subnets: data.subnets.length,
          routeTables: data.routeTables.length,
          internetGateways: data.internetGateways.length,
          vpcEndpoints: data.vpcEndpoints.length,
          networkInterfaces: data.networkInterfaces.length,
          instances: data.instances.length,
          launchTemplates: data.launchTemplates.length,
          volumes: data.volumes.length,
          dbInstances: data.dbInstances.length,
          dbClusters: data.dbClusters.length,
          dbSnapshots: data.dbSnapshots.length,
          dbClusterSnapshots: data.dbClusterSnapshots.length,
          dbSubnetGroups: data.dbSubnetGroups.length,
          dbParameterGroupsInUse: new Set(standalone.flatMap((instance) => (instance.DBParameterGroups ?? []).map((group) => group.DBParameterGroupName))).size,
          dbClusterParameterGroupsInUse: new Set(clustersWithMembers.map((cluster) => cluster.DBClusterParameterGroup)).size,
          replicationGroups: data.replicationGroups.length,
          cacheClusters: data.cacheClusters.length,
          cacheSubnetGroups: data.cacheSubnetGroups.length,
          redshiftClusters: data.redshiftClusters.length,
          domains: data.domains.length,
          fileSystems: data.fileSystems.length,
          autoScalingGroups: data.autoScalingGroups.length,
          loadBalancers: data.loadBalancers.length,
          listenersPerLoadBalancer: data.loadBalancers.map((loadBalancer) => data.listeners.get(loadBalancer.LoadBalancerArn ?? '')?.length ?? 0),
          functions: data.functions.length,
          ecsServicesPerCluster: data.ecsClusters.map((cluster) => cluster.services.length),
          topics: data.topics.size,
          queues: data.queues.size,
          tables: data.tables.length,
          streams: data.streams.length,
          trails: data.trails.length,
          shadowTrails: this.shadowTrailsOf(data.region).length,
          detectors: data.detectors.size,
          securityHubEnabled: data.hub !== undefined,
          securityHubStandards: data.standards.length,
          analyzers: data.analyzers.length,
          buckets: data.buckets.length,
          tagged: (filters: readonly string[]) => this.taggedIn(data.region, filters).length,
        };
      }),
    };
  }

  /** The tagged resources of a Region that match the filters, in a stable order. */
  private taggedIn(region: string, filters: readonly string[]): TaggedResource[] {
    const key = `${region}|${[...filters].sort().join(',')}`;
    let walk = this.tagWalks.get(key);
    if (walk === undefined) {
      walk = (this.tagged.get(region) ?? []).filter((resource) => matches(resource, filters));
      this.tagWalks.set(key, walk);
    }
    return walk;
  }

  /** The multi-Region trails homed in the other Regions: shadow trails in `region`. */
  private shadowTrailsOf(region: string): Trails[] {
    return this.regions.flatMap((data) => (data.region === region ? [] : data.trails.filter((entry) => entry.trail.IsMultiRegionTrail === true)));
  }

  private data(region: string): RegionData {
    const data = this.regions.find((candidate) => candidate.region === region);
    if (data === undefined) throw awsError('UnrecognizedClientException', `no data for Region ${region}`);
    return data;
  }

  /** The installed mocks, by client name, for tests that assert the calls made. */
  private readonly installed = new Map<string, Restorable>();

  /**
   * The installed mock of an SDK client class (while installed), for aws-sdk-client-mock-jest's
   * `toHaveReceivedCommandWith` and friends.
   */
  stub<C>(type: ClientClass<C>): AwsClientStub<C> {
    const mock = this.installed.get(type.name);
    if (mock === undefined) throw new Error(`no mock of ${type.name} installed`);
    return mock as unknown as AwsClientStub<C>;
  }

  /** Every call the installed mocks have received, as `Client:Command` → count (the calls made of the account). */
  callsMade(): Map<string, number> {
    const made = new Map<string, number>();
    for (const [client, mock] of this.installed) {
      for (const call of (mock as unknown as { calls(): { args: readonly unknown[] }[] }).calls()) {
        const key = `${client}:${String((call.args[0] as { constructor: { name: string } }).constructor.name)}`;
        made.set(key, (made.get(key) ?? 0) + 1);
      }
    }
    return made;
  }

  /** Forgets the calls every installed mock has received (their behaviour stays). */
  resetHistory(): void {
    for (const mock of this.installed.values()) (mock as unknown as { resetHistory(): void }).resetHistory();
  }

  /** Mocks every SDK client the collectors use; returns a function that restores them. */
  install(): () => void {
    const identity = mockIdentity(this.regions.map((data) => data.region));
    const at = async (getClient: GetClient) => this.data(await regionOf(getClient));
    const mocks: Restorable[] = [
      identity.sts,
      identity.ec2,
      ...mockEc2(identity.ec2, at),
      ...mockRds(at),
      ...mockElastiCache(at),
      ...mockRedshift(at),
      ...mockEfs(at),
      ...mockAutoScaling(at),
      ...mockOpenSearch(at),
      ...mockElbv2(at),
      ...mockLambda(at),
      ...mockEcs(at),
      ...mockS3(this.regions, this.options.listsBucketRegions !== false),
      ...mockIam(this.global),
      ...mockSns(at),
      ...mockSqs(at),
      ...mockDynamoDb(at),
      ...mockKinesis(at),
      ...mockCloudFront(this.global),
      ...mockCloudTrail(at, (region) => this.shadowTrailsOf(region)),
      ...mockGuardDuty(at),
      ...mockSecurityHub(at),
      ...mockAccessAnalyzer(at),
      ...mockConfig(),
      ...mockBudgets(this.global),
      ...mockCostExplorer(this.global),
      ...mockTagging(this.tagged, (region, filters) => this.taggedIn(region, filters)),
    ];
    for (const mock of mocks) {
      const name = (mock as Partial<{ clientName: () => string }>).clientName?.();
      if (name !== undefined) this.installed.set(name, mock);
    }
    return () => {
      for (const mock of mocks) mock.restore();
      this.installed.clear();
    };
  }
}
