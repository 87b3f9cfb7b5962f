/**
 * Targeted reads (CollectRequest.only), collector by collector, over the mocked account (which pages
 * and filters like AWS): a resource read by name is the very item the full listing emits; the read
 * makes exactly the calls of its query shape and no listing of the Region; a resource AWS says is
 * gone is absent without an error; any other failure is recorded for that resource, which the scan
 * then judges UNKNOWN naming the failed call; and a targeted read needs no IAM action beyond those
 * the type's description grants the scan role.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { AutoScalingClient, DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import { DynamoDBClient, DescribeTableCommand, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import {
  DescribeInstancesCommand,
  DescribeInternetGatewaysCommand,
  DescribeLaunchTemplatesCommand,
  DescribeLaunchTemplateVersionsCommand,
  DescribeNetworkInterfacesCommand,
  DescribeRouteTablesCommand,
  DescribeSubnetsCommand,
  DescribeVolumesCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { DescribeServicesCommand, ECSClient, ListClustersCommand } from '@aws-sdk/client-ecs';
import { DescribeFileSystemsCommand, EFSClient } from '@aws-sdk/client-efs';
import { DescribeCacheClustersCommand, DescribeCacheSubnetGroupsCommand, DescribeReplicationGroupsCommand, ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { DescribeListenersCommand, DescribeLoadBalancersCommand, DescribeTagsCommand, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { DescribeStreamSummaryCommand, KinesisClient, ListStreamsCommand } from '@aws-sdk/client-kinesis';
import { DescribeDomainsCommand, ListDomainNamesCommand, OpenSearchClient } from '@aws-sdk/client-opensearch';
import {
  DescribeDBClusterParametersCommand,
  DescribeDBClustersCommand,
  DescribeDBClusterSnapshotsCommand,
  DescribeDBInstancesCommand,
  DescribeDBParametersCommand,
  DescribeDBSnapshotsCommand,
  DescribeDBSubnetGroupsCommand,
  RDSClient,
} from '@aws-sdk/client-rds';
import { DescribeClustersCommand, RedshiftClient } from '@aws-sdk/client-redshift';
import { GetResourcesCommand, ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { GetBucketEncryptionCommand, GetBucketPolicyCommand, GetPublicAccessBlockCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { GetTopicAttributesCommand, ListTopicsCommand, SNSClient } from '@aws-sdk/client-sns';
import { GetQueueAttributesCommand, ListQueuesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { typeReadActions } from '../../../deploy/generate-permissions.js';
import { scan } from '../../../engine/scan.js';
import { defaultSettings } from '../../../engine/settings.js';
import { narrowRules } from '../../../functions/lib/change.js';
import { NamedResourcesSource } from '../../../inventory/event-sources.js';
import { collectors } from '../../../inventory/live/collectors/index.js';
import { TLS_PARAMETERS } from '../../../inventory/live/collectors/rds.js';
import { QUEUE_ATTRIBUTE_NAMES } from '../../../inventory/live/collectors/sqs.js';
import type { Collection, NamedResource } from '../../../inventory/source.js';
import type { AnyConfigurationItem, ResourceType } from '../../../model/configuration-item.js';
import { descriptionOf } from '../../../model/resource-types/index.js';
import { catalog } from '../../../rules/index.js';
import { iamActionOf } from '../../../testkit/iam-actions.js';
import { awsError, mockedLiveSource } from '../../../testkit/live.js';
import { MockAccount } from '../../../testkit/mock-account/index.js';
import { ACCOUNT } from '../../support/items.js';

const REGION = 'eu-west-1';
const IDENTITY = { accountId: ACCOUNT, partition: 'aws' };
const DENIED = 'AccessDeniedException';

const source = () => mockedLiveSource(collectors, { identity: IDENTITY });

/** Everything of one type, as the full listing emits it. */
async function listed(type: ResourceType): Promise<AnyConfigurationItem[]> {
  const collection = await source().collect({ resourceTypes: new Set([type]), regions: [REGION] });
  expect(collection.errors).toEqual([]);
  return collection.items.filter((item) => item.resourceType === type);
}

/** The targeted read of `named` resources of `type`. */
function readNamed(type: ResourceType, named: readonly NamedResource[]): Promise<Collection> {
  return source().collect({ resourceTypes: new Set([type]), regions: [REGION], only: new Map([[type, { kind: 'named', resources: named }]]) });
}

const total = (collection: Collection): number => (collection.calls ?? []).reduce((sum, count) => sum + count.calls, 0);

const config = (item: AnyConfigurationItem): Record<string, unknown> => item.configuration as Record<string, unknown>;
const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const clusterArnOf = (serviceArn: string): string => serviceArn.replace(/:service\/([^/]+)\/[^/]+$/, ':cluster/$1');

/** Makes an SDK command fail as AWS would answer a denied call; the mocks of the next test are fresh. */
type Failure = (account: MockAccount) => void;

interface Case {
  readonly name: string;
  readonly type: ResourceType;
  /** Which item of the full listing to read (the mocked account varies by index: an RDS instance in a cluster or not …). */
  readonly index?: number;
  /** How a change event names it (default: its id and ARN). */
  readonly name_?: (item: AnyConfigurationItem) => NamedResource;
  /** Its exact calls (aws-sdk-client-mock-jest) and their number. */
  readonly calls: (account: MockAccount, item: AnyConfigurationItem) => void;
  readonly count: number;
  /** A name of the type that AWS does not know (a well-formed one, so the read is targeted). */
  readonly gone: NamedResource;
  /** Denies the call that reads the resource. */
  readonly fail: Failure;
}

const tagsByArn = (account: MockAccount, item: AnyConfigurationItem) =>
  expect(account.stub(ResourceGroupsTaggingAPIClient)).toHaveReceivedCommandWith(GetResourcesCommand, { ResourceARNList: [item.ARN ?? ''] });

const ec2Case = (type: ResourceType, filter: string, command: Parameters<typeof mockOf>[0], maxResults: number, gone: string): Case => ({
  name: type,
  type,
  calls: (account, item) => expect(account.stub(EC2Client)).toHaveReceivedCommandWith(command, { Filters: [{ Name: filter, Values: [item.resourceId] }], MaxResults: maxResults }),
  count: 1,
  gone: { resourceId: gone },
  fail: (account) => mockOf(command, account),
});

/** Denies every call of an EC2 Describe command. */
function mockOf(
  command:
    | typeof DescribeInstancesCommand
    | typeof DescribeVolumesCommand
    | typeof DescribeVpcsCommand
    | typeof DescribeSubnetsCommand
    | typeof DescribeRouteTablesCommand
    | typeof DescribeInternetGatewaysCommand
    | typeof DescribeVpcEndpointsCommand
    | typeof DescribeNetworkInterfacesCommand,
  account: MockAccount,
): void {
  account.stub(EC2Client).on(command).rejects(awsError(DENIED));
}

const CASES: readonly Case[] = [
  ec2Case('AWS::EC2::Instance', 'instance-id', DescribeInstancesCommand, 1000, 'i-0000000000000dead'),
  ec2Case('AWS::EC2::Volume', 'volume-id', DescribeVolumesCommand, 1000, 'vol-0000000000000dead'),
  ec2Case('AWS::EC2::VPC', 'vpc-id', DescribeVpcsCommand, 1000, 'vpc-0000000000000dead'),
  ec2Case('AWS::EC2::Subnet', 'subnet-id', DescribeSubnetsCommand, 1000, 'subnet-0000000000000dead'),
  ec2Case('AWS::EC2::RouteTable', 'route-table-id', DescribeRouteTablesCommand, 100, 'rtb-0000000000000dead'),
  ec2Case('AWS::EC2::InternetGateway', 'internet-gateway-id', DescribeInternetGatewaysCommand, 1000, 'igw-0000000000000dead'),
  ec2Case('AWS::EC2::VPCEndpoint', 'vpc-endpoint-id', DescribeVpcEndpointsCommand, 1000, 'vpce-0000000000000dead'),
  ec2Case('AWS::EC2::NetworkInterface', 'network-interface-id', DescribeNetworkInterfacesCommand, 1000, 'eni-0000000000000dead'),
  {
    name: 'AWS::EC2::LaunchTemplate',
    type: 'AWS::EC2::LaunchTemplate',
    calls: (account, item) => {
      expect(account.stub(EC2Client)).toHaveReceivedCommandWith(DescribeLaunchTemplatesCommand, { LaunchTemplateIds: [item.resourceId] });
      expect(account.stub(EC2Client)).toHaveReceivedCommandWith(DescribeLaunchTemplateVersionsCommand, { LaunchTemplateId: item.resourceId, Versions: ['$Default'] });
    },
    count: 2,
    gone: { resourceId: 'lt-0000000000000dead' },
    fail: (account) => account.stub(EC2Client).on(DescribeLaunchTemplatesCommand).rejects(awsError(DENIED)),
  },
  {
    name: 'AWS::S3::Bucket',
    type: 'AWS::S3::Bucket',
    calls: (account, item) => {
      const s3 = account.stub(S3Client);
      expect(s3).toHaveReceivedCommandWith(ListBucketsCommand, { Prefix: item.resourceId, MaxBuckets: 10_000 });
      for (const command of [GetBucketEncryptionCommand, GetBucketPolicyCommand, GetPublicAccessBlockCommand]) expect(s3).toHaveReceivedCommandWith(command, { Bucket: item.resourceId });
      tagsByArn(account, item);
    },
    count: 5,
    gone: { resourceId: 'gatewatch-no-such-bucket' },
    fail: (account) => account.stub(S3Client).on(GetBucketPolicyCommand).rejects(awsError(DENIED)),
  },
  {
    name: 'AWS::SQS::Queue',
    type: 'AWS::SQS::Queue',
    calls: (account, item) => {
      expect(account.stub(SQSClient)).toHaveReceivedCommandWith(GetQueueAttributesCommand, { QueueUrl: item.resourceId, AttributeNames: QUEUE_ATTRIBUTE_NAMES });
      tagsByArn(account, item);
    },
    count: 2,
    gone: { resourceId: `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/no-such-queue` },
    fail: (account) => account.stub(SQSClient).on(GetQueueAttributesCommand).rejects(awsError(DENIED)),
  },
  {
    name: 'AWS::SNS::Topic',
    type: 'AWS::SNS::Topic',
    calls: (account, item) => {
      expect(account.stub(SNSClient)).toHaveReceivedCommandWith(GetTopicAttributesCommand, { TopicArn: item.resourceId });
      tagsByArn(account, item);
    },
    count: 2,
    gone: { resourceId: `arn:aws:sns:${REGION}:${ACCOUNT}:no-such-topic` },
    fail: (account) => account.stub(SNSClient).on(GetTopicAttributesCommand).rejects(awsError(DENIED)),
  },
  {
    name: 'AWS::DynamoDB::Table',
    type: 'AWS::DynamoDB::Table',
    calls: (account, item) => {
      expect(account.stub(DynamoDBClient)).toHaveReceivedCommandWith(DescribeTableCommand, { TableName: item.resourceId });
      tagsByArn(account, item);
    },
    count: 2,
    gone: { resourceId: 'no-such-table' },
    fail: (account) => account.stub(DynamoDBClient).on(DescribeTableCommand).rejects(awsError(DENIED)),
  },
  {
    name: 'AWS::Kinesis::Stream',
    type: 'AWS::Kinesis::Stream',
    calls: (account, item) => {
      expect(account.stub(KinesisClient)).toHaveReceivedCommandWith(DescribeStreamSummaryCommand, { StreamARN: item.ARN });
      tagsByArn(account, item);
    },
    count: 2,
    gone: { resourceId: 'no-such-stream', arn: `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/no-such-stream` },
    fail: (account) => account.stub(KinesisClient).on(DescribeStreamSummaryCommand).rejects(awsError(DENIED)),
  },
  {
    name: 'AWS::RDS::DBInstance outside a cluster, by ARN',
    type: 'AWS::RDS::DBInstance',
    index: 1,
    calls: (account, item) => {
      const rds = account.stub(RDSClient);
      expect(rds).toHaveReceivedCommandWith(DescribeDBInstancesCommand, { Filters: [{ Name: 'db-instance-id', Values: [item.ARN ?? ''] }], MaxRecords: 100 });
      const group = (config(item)['dBParameterGroups'] as { dBParameterGroupName: string }[])[0]?.dBParameterGroupName;
      expect(rds).toHaveReceivedCommandWith(DescribeDBParametersCommand, { DBParameterGroupName: group, Filters: [{ Name: 'parameter-name', Values: [...TLS_PARAMETERS] }] });
    },
    count: 2,
    gone: { resourceId: 'no-such-db', arn: `arn:aws:rds:${REGION}:${ACCOUNT}:db:no-such-db` },
    fail: (account) => account.stub(RDSClient).on(DescribeDBInstancesCommand).rejects(awsError(DENIED)),
  },
  {
    name: 'AWS::RDS::DBInstance of a cluster, by its DbiResourceId',
    type: 'AWS::RDS::DBInstance',
    index: 0,
    name_: (item) => ({ resourceId: item.resourceId }),
    calls: (account, item) => {
      const rds = account.stub(RDSClient);
      expect(rds).toHaveReceivedCommandWith(DescribeDBInstancesCommand, { Filters: [{ Name: 'dbi-resource-id', Values: [item.resourceId] }], MaxRecords: 100 });
      // Its TLS parameters are its own cluster's: that cluster alone, then its parameter group.
      expect(rds).toHaveReceivedCommandWith(DescribeDBClustersCommand, { Filters: [{ Name: 'db-cluster-id', Values: [text(config(item)['dBClusterIdentifier'])] }], MaxRecords: 100 });
      expect(rds).toHaveReceivedCommandTimes(DescribeDBClusterParametersCommand, 1);
    },
    count: 3,
    gone: { resourceId: 'db-0000000000000000000000DEAD' },
    fail: (account) => account.stub(RDSClient).on(DescribeDBInstancesCommand).rejects(awsError(DENIED)),
  },
  {
    name: 'AWS::RDS::DBCluster',
    type: 'AWS::RDS::DBCluster',
    calls: (account, item) => expect(account.stub(RDSClient)).toHaveReceivedCommandWith(DescribeDBClustersCommand, { Filters: [{ Name: 'db-cluster-id', Values: [item.ARN ?? ''] }], MaxRecords: 100 }),
    count: 1,
    gone: { resourceId: 'cluster-0000000000000000000000DEAD' },
    fail: (account) => account.stub(RDSClient).on(DescribeDBClustersCommand).rejects(awsError(DENIED)),
  },
  {
    name: 'AWS::RDS::DBSnapshot',
    type: 'AWS::RDS::DBSnapshot',
    calls: (account, item) => expect(account.stub(RDSClient)).toHaveReceivedCommandWith(DescribeDBSnapshotsCommand, { Filters: [{ Name: 'db-snapshot-id', Values: [item.ARN ?? ''] }], MaxRecords: 100 }),
    count: 1,
    gone: { resourceId: 'no-such-snapshot' },
    fail: (account) => account.stub(RDSClient).on(DescribeDBSnapshotsCommand).rejects(awsError(DENIED)),
  },
  {
    name: 'AWS::RDS::DBClusterSnapshot',
    type: 'AWS::RDS::DBClusterSnapshot',
    calls: (account, item) =>
      expect(account.stub(RDSClient)).toHaveReceivedCommandWith(DescribeDBClusterSnapshotsCommand, { Filters: [{ Name: 'db-cluster-snapshot-id', Values: [item.ARN ?? ''] }], MaxRecords: 100 }),
    count: 1,
    gone: { resourceId: 'no-such-cluster-snapshot' },
    fail: (account) => account.stub(RDSClient).on(DescribeDBClusterSnapshotsCommand).rejects(awsError(DENIED)),
  },
  {
    name: 'AWS::RDS::DBSubnetGroup',
    type: 'AWS::RDS::DBSubnetGroup',
    calls: (account, item) => {
      expect(account.stub(RDSClient)).toHaveReceivedCommandWith(DescribeDBSubnetGroupsCommand, { DBSubnetGroupName: item.resourceId });
      tagsByArn(account, item);
    },
    count: 2,
    gone: { resourceId: 'no-such-subnet-group' },
    fail: (account) => account.stub(RDSClient).on(DescribeDBSubnetGroupsCommand).rejects(awsError(DENIED)),
  },
  {
    name: 'AWS::ElastiCache::ReplicationGroup',
    type: 'AWS::ElastiCache::ReplicationGroup',
    calls: (account, item) => {
      expect(account.stub(ElastiCacheClient)).toHaveReceivedCommandWith(DescribeReplicationGroupsCommand, { ReplicationGroupId: item.resourceId });
      tagsByArn(account, item);
    },
    count: 2,
    gone: { resourceId: 'no-such-group' },
    fail: (account) => account.stub(ElastiCacheClient).on(DescribeReplicationGroupsCommand).rejects(awsError(DENIED)),
  },
  {
    name: 'AWS::ElastiCache::CacheCluster',
    type: 'AWS::ElastiCache::CacheCluster',
    calls: (account, item) => {
      const elasticache = account.stub(ElastiCacheClient);
      expect(elasticache).toHaveReceivedCommandWith(DescribeCacheClustersCommand, { CacheClusterId: item.resourceId, ShowCacheNodeInfo: true });
      expect(elasticache).toHaveReceivedCommandWith(DescribeCacheSubnetGroupsCommand, { CacheSubnetGroupName: text(config(item)['cacheSubnetGroupName']) });
      tagsByArn(account, item);
    },
    count: 3,
    gone: { resourceId: 'no-such-cluster' },
    fail: (account) => account.stub(ElastiCacheClient).on(DescribeCacheClustersCommand).rejects(awsError(DENIED)),
  },
  {
    name: 'AWS::Redshift::Cluster',
    type: 'AWS::Redshift::Cluster',
    calls: (account, item) => expect(account.stub(RedshiftClient)).toHaveReceivedCommandWith(DescribeClustersCommand, { ClusterIdentifier: item.resourceId }),
    count: 1,
    gone: { resourceId: 'no-such-warehouse' },
    fail: (account) => account.stub(RedshiftClient).on(DescribeClustersCommand).rejects(awsError(DENIED)),
  },
  {
    name: 'AWS::EFS::FileSystem',
    type: 'AWS::EFS::FileSystem',
    calls: (account, item) => expect(account.stub(EFSClient)).toHaveReceivedCommandWith(DescribeFileSystemsCommand, { FileSystemId: item.resourceId }),
    count: 1,
    gone: { resourceId: 'fs-0000dead' },
    fail: (account) => account.stub(EFSClient).on(DescribeFileSystemsCommand).rejects(awsError(DENIED)),
  },
  {
    name: 'AWS::OpenSearch::Domain',
    type: 'AWS::OpenSearch::Domain',
    calls: (account, item) => {
      expect(account.stub(OpenSearchClient)).toHaveReceivedCommandWith(DescribeDomainsCommand, { DomainNames: [item.resourceId] });
      tagsByArn(account, item);
    },
    count: 2,
    gone: { resourceId: 'no-such-domain' },
    fail: (account) => account.stub(OpenSearchClient).on(DescribeDomainsCommand).rejects(awsError(DENIED)),
  },
  {
    name: 'AWS::AutoScaling::AutoScalingGroup',
    type: 'AWS::AutoScaling::AutoScalingGroup',
    calls: (account, item) =>
      expect(account.stub(AutoScalingClient)).toHaveReceivedCommandWith(DescribeAutoScalingGroupsCommand, { AutoScalingGroupNames: [item.resourceName ?? ''], MaxRecords: 100 }),
    count: 1,
    gone: { resourceId: `arn:aws:autoscaling:${REGION}:${ACCOUNT}:autoScalingGroup:00000000-0000-4000-8000-00000000dead:autoScalingGroupName/no-such-group` },
    fail: (account) => account.stub(AutoScalingClient).on(DescribeAutoScalingGroupsCommand).rejects(awsError(DENIED)),
  },
  {
    name: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
    type: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
    calls: (account, item) => {
      const elb = account.stub(ElasticLoadBalancingV2Client);
      expect(elb).toHaveReceivedCommandWith(DescribeLoadBalancersCommand, { LoadBalancerArns: [item.resourceId] });
      expect(elb).toHaveReceivedCommandWith(DescribeTagsCommand, { ResourceArns: [item.resourceId] });
    },
    count: 2,
    gone: { resourceId: `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:loadbalancer/app/no-such-lb/0000000000000dead` },
    fail: (account) => account.stub(ElasticLoadBalancingV2Client).on(DescribeLoadBalancersCommand).rejects(awsError(DENIED)),
  },
  {
    name: 'AWS::ElasticLoadBalancingV2::Listener',
    type: 'AWS::ElasticLoadBalancingV2::Listener',
    calls: (account, item) => {
      const elb = account.stub(ElasticLoadBalancingV2Client);
      expect(elb).toHaveReceivedCommandWith(DescribeListenersCommand, { ListenerArns: [item.resourceId] });
      expect(elb).toHaveReceivedCommandWith(DescribeTagsCommand, { ResourceArns: [item.resourceId] });
    },
    count: 2,
    gone: { resourceId: `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:listener/app/no-such-lb/0000000000000dead/0000000000000dead` },
    fail: (account) => account.stub(ElasticLoadBalancingV2Client).on(DescribeListenersCommand).rejects(awsError(DENIED)),
  },
  {
    name: 'AWS::ECS::Service',
    type: 'AWS::ECS::Service',
    calls: (account, item) =>
      expect(account.stub(ECSClient)).toHaveReceivedCommandWith(DescribeServicesCommand, { cluster: clusterArnOf(item.resourceId), services: [item.resourceId], include: ['TAGS'] }),
    count: 1,
    gone: { resourceId: `arn:aws:ecs:${REGION}:${ACCOUNT}:service/no-such-cluster/no-such-service` },
    fail: (account) => account.stub(ECSClient).on(DescribeServicesCommand).rejects(awsError(DENIED)),
  },
];

/** The listings of the Region a targeted read never makes (EC2 and RDS Describe calls are checked for their filters). */
function noListing(account: MockAccount): void {
  expect(account.stub(SQSClient)).toHaveReceivedCommandTimes(ListQueuesCommand, 0);
  expect(account.stub(SNSClient)).toHaveReceivedCommandTimes(ListTopicsCommand, 0);
  expect(account.stub(DynamoDBClient)).toHaveReceivedCommandTimes(ListTablesCommand, 0);
  expect(account.stub(KinesisClient)).toHaveReceivedCommandTimes(ListStreamsCommand, 0);
  expect(account.stub(OpenSearchClient)).toHaveReceivedCommandTimes(ListDomainNamesCommand, 0);
  expect(account.stub(ECSClient)).toHaveReceivedCommandTimes(ListClustersCommand, 0);
  // A tag read by ARN, never a walk of the Region's tags.
  for (const call of account.stub(ResourceGroupsTaggingAPIClient).commandCalls(GetResourcesCommand)) expect(call.args[0].input.ResourceARNList).toBeDefined();
}

let restore: (() => void) | undefined;
afterEach(() => {
  restore?.();
  restore = undefined;
});

function install(): MockAccount {
  const account = new MockAccount(3, [REGION]);
  restore = account.install();
  return account;
}

async function pick(testCase: Case): Promise<{ item: AnyConfigurationItem; named: NamedResource }> {
  const items = await listed(testCase.type);
  const item = items[testCase.index ?? 1];
  if (item === undefined) throw new Error(`the mocked account has no ${testCase.type} #${testCase.index ?? 1}`);
  return { item, named: testCase.name_?.(item) ?? { resourceId: item.resourceId, arn: item.ARN } };
}

describe.each(CASES)('a targeted read of $name', (testCase) => {
  it('emits the very item the full listing emits, and nothing else', async () => {
    install();
    const { item, named } = await pick(testCase);
    const collection = await readNamed(testCase.type, [named]);
    expect(collection.errors).toEqual([]);
    expect(collection.items.filter((candidate) => candidate.resourceType === testCase.type)).toEqual([item]);
  });

  it('makes exactly the calls of its query shape, and no listing of the Region', async () => {
    const account = install();
    const { item, named } = await pick(testCase);
    account.resetHistory();
    const collection = await readNamed(testCase.type, [named]);
    testCase.calls(account, item);
    expect(total(collection)).toBe(testCase.count);
    noListing(account);
    // An EC2 or RDS Describe call is a listing of the Region unless it is filtered.
    for (const call of [...account.stub(EC2Client).calls(), ...account.stub(RDSClient).calls()]) {
      const input = call.args[0].input as Record<string, unknown>;
      expect({ command: call.args[0].constructor.name, narrowed: ['Filters', 'LaunchTemplateIds', 'LaunchTemplateId', 'DBParameterGroupName', 'DBClusterParameterGroupName', 'DBSubnetGroupName'].some((key) => input[key] !== undefined) }).toEqual({
        command: call.args[0].constructor.name,
        narrowed: true,
      });
    }
  });

  it('needs no IAM action beyond those the description grants', async () => {
    install();
    const { named } = await pick(testCase);
    const collection = await readNamed(testCase.type, [named]);
    const actions = (collection.calls ?? []).flatMap((count) => iamActionOf(count.service, count.operation) ?? []);
    const granted = new Set([...typeReadActions(descriptionOf(testCase.type)), 'tag:GetResources']);
    expect(actions.filter((action) => !granted.has(action))).toEqual([]);
  });

  it('leaves out a resource AWS says does not exist, with no error', async () => {
    install();
    const collection = await readNamed(testCase.type, [testCase.gone]);
    expect(collection.errors).toEqual([]);
    expect(collection.items.filter((candidate) => candidate.resourceType === testCase.type)).toEqual([]);
    expect(total(collection)).toBeGreaterThan(0);
  });

  it('records any other failure for the resource, which the scan judges UNKNOWN naming the call', async () => {
    const account = install();
    const { item, named } = await pick(testCase);
    testCase.fail(account);
    const collection = await readNamed(testCase.type, [named]);
    expect(collection.errors.map((error) => ({ code: error.code, resourceIds: error.resourceIds }))).toEqual([{ code: DENIED, resourceIds: [named.resourceId] }]);

    const rules = narrowRules(catalog, (type) => type === testCase.type);
    const live = source();
    const result = await scan({ regions: [REGION] }, new NamedResourcesSource([{ resourceType: testCase.type, ...named }], live, new Set()), defaultSettings(catalog), rules);
    const mine = result.evaluations.filter((evaluation) => evaluation.resource.id === item.resourceId || evaluation.resource.id === named.resourceId);
    // Never judged on what was not read: UNKNOWN naming the call — or, for a rule of production
    // resources, not applicable when the tags that were read say it is none.
    const judged = mine.filter((evaluation) => !(evaluation.status === 'NOT_APPLICABLE' && evaluation.messageId === 'notProduction'));
    expect(judged.length).toBeGreaterThan(0);
    for (const evaluation of judged) {
      expect({ rule: evaluation.ruleId, status: evaluation.status }).toEqual({ rule: evaluation.ruleId, status: 'UNKNOWN' });
      expect(evaluation.message).toContain(DENIED);
    }
  });
});
