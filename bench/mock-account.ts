/**
 * A mocked AWS account for the API-call benchmark: `perType` resources of every type the live
 * collectors produce, in each scanned Region (IAM entities and CloudFront distributions once per
 * account), served by aws-sdk-client-mock fakes that behave like AWS where call counts are
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
 * The {@link Census} sums up what the account holds, for the minimum-call formulas.
 */
import {
  AutoScalingClient,
  DescribeAutoScalingGroupsCommand,
  type AutoScalingGroup,
  type DescribeAutoScalingGroupsCommandInput,
  type DescribeAutoScalingGroupsCommandOutput,
} from '@aws-sdk/client-auto-scaling';
import {
  CloudFrontClient,
  ListDistributionsCommand,
  type DistributionSummary,
  type ListDistributionsCommandInput,
  type ListDistributionsCommandOutput,
} from '@aws-sdk/client-cloudfront';
import {
  CloudTrailClient,
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetTrailStatusCommand,
  ListTagsCommand,
  type DescribeTrailsCommandInput,
  type DescribeTrailsCommandOutput,
  type GetEventSelectorsCommandInput,
  type GetEventSelectorsCommandOutput,
  type GetTrailStatusCommandInput,
  type GetTrailStatusCommandOutput,
  type ListTagsCommandInput,
  type ListTagsCommandOutput,
  type Trail,
} from '@aws-sdk/client-cloudtrail';
import {
  ConfigServiceClient,
  DescribeConfigurationRecordersCommand,
  DescribeConfigurationRecorderStatusCommand,
  type DescribeConfigurationRecordersCommandOutput,
  type DescribeConfigurationRecorderStatusCommandOutput,
} from '@aws-sdk/client-config-service';
import {
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  type DescribeTableCommandInput,
  type DescribeTableCommandOutput,
  type ListTablesCommandInput,
  type ListTablesCommandOutput,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
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
  GetEbsEncryptionByDefaultCommand,
  type DescribeInstancesCommandInput,
  type DescribeInstancesCommandOutput,
  type DescribeInternetGatewaysCommandInput,
  type DescribeInternetGatewaysCommandOutput,
  type DescribeLaunchTemplatesCommandInput,
  type DescribeLaunchTemplatesCommandOutput,
  type DescribeLaunchTemplateVersionsCommandInput,
  type DescribeLaunchTemplateVersionsCommandOutput,
  type DescribeNetworkInterfacesCommandInput,
  type DescribeNetworkInterfacesCommandOutput,
  type DescribeRouteTablesCommandInput,
  type DescribeRouteTablesCommandOutput,
  type DescribeSubnetsCommandInput,
  type DescribeSubnetsCommandOutput,
  type DescribeVolumesCommandInput,
  type DescribeVolumesCommandOutput,
  type DescribeVpcEndpointsCommandInput,
  type DescribeVpcEndpointsCommandOutput,
  type DescribeVpcsCommandInput,
  type DescribeVpcsCommandOutput,
  type AttachmentStatus,
  type GetEbsEncryptionByDefaultCommandOutput,
  type Instance,
  type InternetGateway,
  type LaunchTemplate,
  type LaunchTemplateVersion,
  type NetworkInterface,
  type RouteTable,
  type Subnet,
  type Volume,
  type Vpc,
  type VpcEndpoint,
} from '@aws-sdk/client-ec2';
import {
  DescribeServicesCommand,
  ECSClient,
  ListClustersCommand,
  ListServicesCommand,
  type DescribeServicesCommandInput,
  type DescribeServicesCommandOutput,
  type ListClustersCommandInput,
  type ListClustersCommandOutput,
  type ListServicesCommandInput,
  type ListServicesCommandOutput,
  type Service,
} from '@aws-sdk/client-ecs';
import {
  DescribeFileSystemsCommand,
  EFSClient,
  type DescribeFileSystemsCommandInput,
  type DescribeFileSystemsCommandOutput,
  type FileSystemDescription,
} from '@aws-sdk/client-efs';
import {
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeTagsCommand,
  ElasticLoadBalancingV2Client,
  type DescribeListenersCommandInput,
  type DescribeListenersCommandOutput,
  type DescribeLoadBalancersCommandInput,
  type DescribeLoadBalancersCommandOutput,
  type DescribeTagsCommandInput,
  type DescribeTagsCommandOutput,
  type Listener,
  type LoadBalancer,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  DescribeCacheClustersCommand,
  DescribeCacheSubnetGroupsCommand,
  DescribeReplicationGroupsCommand,
  ElastiCacheClient,
  type CacheCluster,
  type CacheSubnetGroup,
  type DescribeCacheClustersCommandInput,
  type DescribeCacheClustersCommandOutput,
  type DescribeCacheSubnetGroupsCommandInput,
  type DescribeCacheSubnetGroupsCommandOutput,
  type DescribeReplicationGroupsCommandInput,
  type DescribeReplicationGroupsCommandOutput,
  type ReplicationGroup,
} from '@aws-sdk/client-elasticache';
import {
  GetDetectorCommand,
  GuardDutyClient,
  ListDetectorsCommand,
  type GetDetectorCommandInput,
  type GetDetectorCommandOutput,
  type ListDetectorsCommandInput,
  type ListDetectorsCommandOutput,
} from '@aws-sdk/client-guardduty';
import {
  GetAccountAuthorizationDetailsCommand,
  IAMClient,
  ListPolicyTagsCommand,
  type GetAccountAuthorizationDetailsCommandInput,
  type GetAccountAuthorizationDetailsCommandOutput,
  type GroupDetail,
  type ListPolicyTagsCommandInput,
  type ListPolicyTagsCommandOutput,
  type ManagedPolicyDetail,
  type RoleDetail,
  type UserDetail,
} from '@aws-sdk/client-iam';
import {
  DescribeStreamSummaryCommand,
  KinesisClient,
  ListStreamsCommand,
  type DescribeStreamSummaryCommandInput,
  type DescribeStreamSummaryCommandOutput,
  type ListStreamsCommandInput,
  type ListStreamsCommandOutput,
  type StreamDescriptionSummary,
} from '@aws-sdk/client-kinesis';
import { LambdaClient, ListFunctionsCommand, type FunctionConfiguration, type ListFunctionsCommandInput, type ListFunctionsCommandOutput } from '@aws-sdk/client-lambda';
import {
  DescribeDomainsCommand,
  ListDomainNamesCommand,
  OpenSearchClient,
  type DescribeDomainsCommandInput,
  type DescribeDomainsCommandOutput,
  type DomainStatus,
  type ListDomainNamesCommandOutput,
} from '@aws-sdk/client-opensearch';
import {
  DescribeDBClusterParametersCommand,
  DescribeDBClustersCommand,
  DescribeDBClusterSnapshotsCommand,
  DescribeDBInstancesCommand,
  DescribeDBParametersCommand,
  DescribeDBSnapshotsCommand,
  DescribeDBSubnetGroupsCommand,
  RDSClient,
  type DBCluster,
  type DBClusterSnapshot,
  type DBInstance,
  type DBSnapshot,
  type DBSubnetGroup,
  type DescribeDBClusterParametersCommandInput,
  type DescribeDBClusterParametersCommandOutput,
  type DescribeDBClustersCommandInput,
  type DescribeDBClustersCommandOutput,
  type DescribeDBClusterSnapshotsCommandInput,
  type DescribeDBClusterSnapshotsCommandOutput,
  type DescribeDBInstancesCommandInput,
  type DescribeDBInstancesCommandOutput,
  type DescribeDBParametersCommandInput,
  type DescribeDBParametersCommandOutput,
  type DescribeDBSnapshotsCommandInput,
  type DescribeDBSnapshotsCommandOutput,
  type DescribeDBSubnetGroupsCommandInput,
  type DescribeDBSubnetGroupsCommandOutput,
  type Filter as RdsFilter,
  type Parameter,
} from '@aws-sdk/client-rds';
import {
  DescribeClustersCommand,
  RedshiftClient,
  type Cluster as RedshiftCluster,
  type DescribeClustersCommandInput,
  type DescribeClustersCommandOutput,
} from '@aws-sdk/client-redshift';
import {
  GetResourcesCommand,
  ResourceGroupsTaggingAPIClient,
  type GetResourcesCommandInput,
  type GetResourcesCommandOutput,
  type ResourceTagMapping,
} from '@aws-sdk/client-resource-groups-tagging-api';
import {
  GetBucketEncryptionCommand,
  GetBucketPolicyCommand,
  GetPublicAccessBlockCommand,
  ListBucketsCommand,
  S3Client,
  S3ServiceException,
  type GetBucketEncryptionCommandInput,
  type GetBucketEncryptionCommandOutput,
  type GetBucketPolicyCommandInput,
  type GetBucketPolicyCommandOutput,
  type GetPublicAccessBlockCommandInput,
  type GetPublicAccessBlockCommandOutput,
  type ListBucketsCommandInput,
  type ListBucketsCommandOutput,
} from '@aws-sdk/client-s3';
import {
  GetTopicAttributesCommand,
  ListTopicsCommand,
  SNSClient,
  type GetTopicAttributesCommandInput,
  type GetTopicAttributesCommandOutput,
  type ListTopicsCommandInput,
  type ListTopicsCommandOutput,
} from '@aws-sdk/client-sns';
import {
  GetQueueAttributesCommand,
  ListQueuesCommand,
  SQSClient,
  type GetQueueAttributesCommandInput,
  type GetQueueAttributesCommandOutput,
  type ListQueuesCommandInput,
  type ListQueuesCommandOutput,
} from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { ACCOUNT } from '../test/support/items.js';
import { mockIdentity } from '../test/support/live.js';

/** The Region where the live source calls global services (see mockedLiveSource). */
export const HOME_REGION = 'us-east-1';
/** The Tagging API Region of CloudFront distributions. */
const CLOUDFRONT_TAG_REGION = 'us-east-1';
const CREATED = new Date('2025-06-01T00:00:00Z');

/** An output without the SDK's response metadata (the mock adds none). */
type Out<T> = Omit<T, '$metadata'>;
type Tags = Readonly<Record<string, string>>;

// ---------------------------------------------------------------- helpers

function hex(value: number, width: number): string {
  return value.toString(16).padStart(width, '0');
}

function nth<T>(list: readonly T[], index: number): T {
  const value = list[index % list.length];
  if (value === undefined) throw new Error('nth of an empty list');
  return value;
}

/** An error as the SDK throws a service's answer. */
function awsError(name: string, message: string): Error {
  return Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode: 400, attempts: 1 } });
}

function tagsOf(kind: string, index: number): Tags {
  return { Name: `${kind}-${index}`, owner: `team-${index % 12}`, 'cost-center': `cc-${index % 7}` };
}

/** Tags as the SDKs' `[{Key, Value}]` lists. */
const ec2Tags = (tags: Tags): { Key: string; Value: string }[] => Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));

/** The Region a mocked client was created for. */
async function regionOf(getClient: () => { config: { region: unknown } }): Promise<string> {
  const { region } = getClient().config;
  const value: unknown = typeof region === 'function' ? await (region as () => Promise<unknown>)() : region;
  if (typeof value !== 'string') throw new Error('mocked client without a Region');
  return value;
}

/** Page tokens are opaque to the caller and checked on the way back. */
function token(label: string, offset: number): string {
  return Buffer.from(`${label}#${offset}`).toString('base64');
}

function offsetOf(label: string, value: string | undefined): number {
  if (value === undefined || value === '') return 0;
  const [owner, offset] = Buffer.from(value, 'base64').toString().split('#');
  const parsed = Number(offset);
  if (owner !== label || !Number.isInteger(parsed) || parsed < 0) throw awsError('InvalidPaginationToken', `${label}: not a token of this call: ${value}`);
  return parsed;
}

interface Page<T> {
  readonly items: T[];
  readonly next: string | undefined;
}

/**
 * One page of `items`: at most `asked` (the request's page size; AWS's default when absent),
 * never more than the API's `max`, with a token while items remain.
 */
function paginate<T>(label: string, items: readonly T[], tokenIn: string | undefined, asked: number | undefined, max: number, fallback = max): Page<T> {
  const size = Math.min(asked ?? fallback, max);
  if (!Number.isInteger(size) || size < 1) throw awsError('ValidationException', `${label}: invalid page size ${String(asked)}`);
  const offset = offsetOf(label, tokenIn);
  const end = Math.min(offset + size, items.length);
  return { items: items.slice(offset, end), next: end < items.length ? token(label, end) : undefined };
}

/** Lookups by name for the per-resource calls: each list indexed once, on first use. */
const indices = new WeakMap<object, Map<string, object>>();

function lookup<T extends object>(list: readonly T[], keys: (item: T) => readonly (string | undefined)[], key: string | undefined): T | undefined {
  let index = indices.get(list);
  if (index === undefined) {
    index = new Map();
    for (const item of list) for (const name of keys(item)) if (name !== undefined) index.set(name, item);
    indices.set(list, index);
  }
  return key === undefined ? undefined : (index.get(key) as T | undefined);
}

function batchLimit(label: string, names: readonly unknown[] | undefined, max: number): void {
  const count = names?.length ?? 0;
  if (count === 0 || count > max) throw awsError('ValidationException', `${label} takes 1 to ${max} names, got ${count}`);
}

// ---------------------------------------------------------------- the account's data

interface TaggedResource {
  readonly arn: string;
  readonly service: string;
  readonly type: string | undefined;
  readonly tags: Tags;
}

interface EcsCluster {
  readonly arn: string;
  readonly services: Service[];
}

interface Trails {
  readonly trail: Trail;
  readonly tags: Tags;
}

interface ParameterGroup {
  readonly name: string;
  readonly parameters: Parameter[];
}

/** Everything of one Region. */
export interface RegionData {
  readonly region: string;
  readonly vpcs: Vpc[];
  readonly subnets: Subnet[];
  readonly routeTables: RouteTable[];
  readonly internetGateways: InternetGateway[];
  readonly vpcEndpoints: VpcEndpoint[];
  readonly networkInterfaces: NetworkInterface[];
  readonly instances: Instance[];
  readonly launchTemplates: LaunchTemplate[];
  readonly launchTemplateVersions: LaunchTemplateVersion[];
  readonly volumes: Volume[];
  readonly dbInstances: DBInstance[];
  readonly dbClusters: DBCluster[];
  readonly dbSnapshots: DBSnapshot[];
  readonly dbClusterSnapshots: DBClusterSnapshot[];
  readonly dbSubnetGroups: DBSubnetGroup[];
  readonly dbParameterGroups: ParameterGroup[];
  readonly dbClusterParameterGroups: ParameterGroup[];
  readonly replicationGroups: ReplicationGroup[];
  readonly cacheClusters: CacheCluster[];
  readonly cacheSubnetGroups: CacheSubnetGroup[];
  readonly redshiftClusters: RedshiftCluster[];
  readonly domains: DomainStatus[];
  readonly fileSystems: FileSystemDescription[];
  readonly autoScalingGroups: AutoScalingGroup[];
  readonly loadBalancers: LoadBalancer[];
  readonly listeners: Map<string, Listener[]>;
  readonly elbTags: Map<string, Tags>;
  readonly functions: FunctionConfiguration[];
  readonly ecsClusters: EcsCluster[];
  readonly topics: Map<string, Record<string, string>>;
  readonly queues: Map<string, Record<string, string>>;
  readonly tables: TableDescription[];
  readonly streams: StreamDescriptionSummary[];
  readonly trails: Trails[];
  readonly detectors: Map<string, Out<GetDetectorCommandOutput>>;
  readonly buckets: Bucket[];
}

interface Bucket {
  readonly name: string;
  readonly region: string;
  readonly policy: string | undefined;
  readonly kmsKey: string | undefined;
}

export interface GlobalData {
  readonly users: UserDetail[];
  readonly groups: GroupDetail[];
  readonly roles: RoleDetail[];
  readonly policies: ManagedPolicyDetail[];
  readonly policyTags: Map<string, Tags>;
  readonly distributions: DistributionSummary[];
}

const encoded = (document: unknown): string => encodeURIComponent(JSON.stringify(document));

/** What a real parameter group holds besides the TLS parameter: a few hundred others. */
const OTHER_PARAMETERS = Array.from({ length: 380 }, (_, index) => `setting_${hex(index, 3)}`);

function parameterGroup(name: string, tlsParameter: string, tlsValue: string): ParameterGroup {
  const names = [...OTHER_PARAMETERS.slice(0, 200), tlsParameter, ...OTHER_PARAMETERS.slice(200)];
  return {
    name,
    parameters: names.map((ParameterName) => ({
      ParameterName,
      ParameterValue: ParameterName === tlsParameter ? tlsValue : '0',
      Source: 'engine-default',
      ApplyType: 'dynamic',
      IsModifiable: true,
    })),
  };
}

function regionData(region: string, n: number, registry: TaggedResource[]): RegionData {
  const arn = (service: string, resource: string) => `arn:aws:${service}:${region}:${ACCOUNT}:${resource}`;
  const zones = ['a', 'b', 'c'].map((letter) => `${region}${letter}`);
  const register = (resourceArn: string, service: string, type: string | undefined, tags: Tags) => registry.push({ arn: resourceArn, service, type, tags });
  const id = (prefix: string, index: number) => `${prefix}-${hex(index, 17)}`;
  const groupId = (index: number) => id('sg', index % 50);
  const auxiliary = Math.max(1, Math.ceil(n / 100));

  const vpcs: Vpc[] = Array.from({ length: n }, (_, index) => ({
    VpcId: id('vpc', index),
    OwnerId: ACCOUNT,
    CidrBlock: `10.${index % 256}.0.0/16`,
    CidrBlockAssociationSet: [{ AssociationId: id('vpc-cidr-assoc', index), CidrBlock: `10.${index % 256}.0.0/16`, CidrBlockState: { State: 'associated' } }],
    DhcpOptionsId: id('dopt', 0),
    InstanceTenancy: 'default',
    IsDefault: index === 0,
    State: 'available',
    Tags: ec2Tags(tagsOf('vpc', index)),
  }));
  const vpcOf = (index: number) => nth(vpcs, index).VpcId ?? '';
  const subnets: Subnet[] = Array.from({ length: n }, (_, index) => ({
    SubnetId: id('subnet', index),
    SubnetArn: arn('ec2', `subnet/${id('subnet', index)}`),
    VpcId: vpcOf(index),
    OwnerId: ACCOUNT,
    AvailabilityZone: nth(zones, index),
    AvailabilityZoneId: `euw1-az${(index % 3) + 1}`,
    CidrBlock: `10.${index % 256}.${index % 3}.0/24`,
    AvailableIpAddressCount: 250,
    DefaultForAz: false,
    MapPublicIpOnLaunch: index % 10 === 0,
    State: 'available',
    Tags: ec2Tags(tagsOf('subnet', index)),
  }));
  const subnetOf = (index: number) => nth(subnets, index).SubnetId ?? '';
  const internetGateways: InternetGateway[] = Array.from({ length: n }, (_, index) => ({
    InternetGatewayId: id('igw', index),
    OwnerId: ACCOUNT,
    // EC2 reports an attached internet gateway as `available` (not one of the SDK's AttachmentStatus values).
    Attachments: [{ VpcId: vpcOf(index), State: 'available' as AttachmentStatus }],
    Tags: ec2Tags(tagsOf('igw', index)),
  }));
  const routeTables: RouteTable[] = Array.from({ length: n }, (_, index) => ({
    RouteTableId: id('rtb', index),
    VpcId: vpcOf(index),
    OwnerId: ACCOUNT,
    Associations: [
      { Main: false, SubnetId: subnetOf(index), RouteTableId: id('rtb', index), RouteTableAssociationId: id('rtbassoc', index), AssociationState: { State: 'associated' } },
    ],
    Routes: [
      { DestinationCidrBlock: `10.${index % 256}.0.0/16`, GatewayId: 'local', State: 'active', Origin: 'CreateRouteTable' },
      { DestinationCidrBlock: '0.0.0.0/0', GatewayId: id('igw', index), State: 'active', Origin: 'CreateRoute' },
    ],
    PropagatingVgws: [],
    Tags: ec2Tags(tagsOf('rtb', index)),
  }));
  const vpcEndpoints: VpcEndpoint[] = Array.from({ length: n }, (_, index) => {
    const gateway = index % 2 === 0;
    return {
      VpcEndpointId: id('vpce', index),
      VpcEndpointType: gateway ? 'Gateway' : 'Interface',
      VpcId: vpcOf(index),
      OwnerId: ACCOUNT,
      ServiceName: gateway ? `com.amazonaws.${region}.s3` : `com.amazonaws.${region}.ssm`,
      State: 'Available',
      CreationTimestamp: CREATED,
      RouteTableIds: gateway ? [id('rtb', index)] : [],
      SubnetIds: gateway ? [] : [subnetOf(index)],
      NetworkInterfaceIds: [],
      Groups: gateway ? [] : [{ GroupId: groupId(index), GroupName: `sg-${index % 50}` }],
      PrivateDnsEnabled: !gateway,
      RequesterManaged: false,
      DnsEntries: [],
      Tags: ec2Tags(tagsOf('vpce', index)),
    };
  });
  const instances: Instance[] = Array.from({ length: n }, (_, index) => ({
    InstanceId: id('i', index),
    ImageId: id('ami', index % 20),
    InstanceType: 't3.micro',
    LaunchTime: CREATED,
    Placement: { AvailabilityZone: nth(zones, index), Tenancy: 'default', GroupName: '' },
    State: { Code: 16, Name: 'running' },
    SubnetId: subnetOf(index),
    VpcId: vpcOf(index),
    PrivateIpAddress: `10.${index % 256}.${index % 3}.${(index % 250) + 4}`,
    PrivateDnsName: `ip-10-${index % 256}-${index % 3}-${(index % 250) + 4}.${region}.compute.internal`,
    Architecture: 'x86_64',
    RootDeviceName: '/dev/xvda',
    RootDeviceType: 'ebs',
    VirtualizationType: 'hvm',
    Hypervisor: 'xen',
    EbsOptimized: true,
    EnaSupport: true,
    SourceDestCheck: true,
    MetadataOptions: { HttpTokens: 'required', HttpEndpoint: 'enabled', HttpPutResponseHopLimit: 2, State: 'applied' },
    Monitoring: { State: 'disabled' },
    IamInstanceProfile: { Arn: `arn:aws:iam::${ACCOUNT}:instance-profile/app-${index % 10}`, Id: `AIPA${hex(index % 10, 17).toUpperCase()}` },
    SecurityGroups: [{ GroupId: groupId(index), GroupName: `sg-${index % 50}` }],
    BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { VolumeId: id('vol', index), Status: 'attached', AttachTime: CREATED, DeleteOnTermination: true } }],
    NetworkInterfaces: [
      {
        NetworkInterfaceId: id('eni', index),
        SubnetId: subnetOf(index),
        VpcId: vpcOf(index),
        OwnerId: ACCOUNT,
        Status: 'in-use',
        InterfaceType: 'interface',
        PrivateIpAddress: `10.${index % 256}.${index % 3}.${(index % 250) + 4}`,
        Groups: [{ GroupId: groupId(index), GroupName: `sg-${index % 50}` }],
        Attachment: { AttachmentId: id('eni-attach', index), DeviceIndex: 0, Status: 'attached', AttachTime: CREATED, DeleteOnTermination: true },
        SourceDestCheck: true,
      },
    ],
    Tags: ec2Tags(tagsOf('instance', index)),
  }));
  const networkInterfaces: NetworkInterface[] = Array.from({ length: n }, (_, index) => ({
    NetworkInterfaceId: id('eni', index),
    SubnetId: subnetOf(index),
    VpcId: vpcOf(index),
    AvailabilityZone: nth(zones, index),
    OwnerId: ACCOUNT,
    InterfaceType: 'interface',
    RequesterManaged: false,
    Description: `Primary network interface of ${id('i', index)}`,
    Status: 'in-use',
    MacAddress: `02:00:00:${hex(index % 256, 2)}:${hex(index % 255, 2)}:01`,
    PrivateIpAddress: `10.${index % 256}.${index % 3}.${(index % 250) + 4}`,
    PrivateIpAddresses: [{ Primary: true, PrivateIpAddress: `10.${index % 256}.${index % 3}.${(index % 250) + 4}` }],
    SourceDestCheck: true,
    Groups: [{ GroupId: groupId(index), GroupName: `sg-${index % 50}` }],
    Attachment: { AttachmentId: id('eni-attach', index), InstanceId: id('i', index), InstanceOwnerId: ACCOUNT, DeviceIndex: 0, Status: 'attached', AttachTime: CREATED, DeleteOnTermination: true },
    TagSet: ec2Tags(tagsOf('eni', index)),
  }));
  const launchTemplates: LaunchTemplate[] = Array.from({ length: n }, (_, index) => ({
    LaunchTemplateId: id('lt', index),
    LaunchTemplateName: `template-${index}`,
    CreateTime: CREATED,
    CreatedBy: `arn:aws:iam::${ACCOUNT}:role/deployer`,
    DefaultVersionNumber: 1,
    LatestVersionNumber: 2,
    Tags: ec2Tags(tagsOf('launch-template', index)),
  }));
  const launchTemplateVersions: LaunchTemplateVersion[] = launchTemplates.map((template, index) => ({
    LaunchTemplateId: template.LaunchTemplateId,
    LaunchTemplateName: template.LaunchTemplateName,
    VersionNumber: 1,
    DefaultVersion: true,
    CreateTime: CREATED,
    LaunchTemplateData: {
      ImageId: id('ami', index % 20),
      InstanceType: 't3.micro',
      MetadataOptions: { HttpTokens: 'required', HttpEndpoint: 'enabled' },
      NetworkInterfaces: [{ DeviceIndex: 0, AssociatePublicIpAddress: index % 10 === 0, SubnetId: subnetOf(index), Groups: [groupId(index)] }],
    },
  }));
  const volumes: Volume[] = Array.from({ length: n }, (_, index) => ({
    VolumeId: id('vol', index),
    Size: 8,
    AvailabilityZone: nth(zones, index),
    State: 'in-use',
    CreateTime: CREATED,
    Encrypted: index % 10 !== 0,
    ...(index % 10 !== 0 ? { KmsKeyId: arn('kms', 'key/0b1c2d3e-0000-4000-8000-000000000001') } : {}),
    VolumeType: 'gp3',
    Iops: 3000,
    Throughput: 125,
    MultiAttachEnabled: false,
    Attachments: [{ InstanceId: id('i', index), VolumeId: id('vol', index), Device: '/dev/xvda', State: 'attached', AttachTime: CREATED, DeleteOnTermination: true }],
    Tags: ec2Tags(tagsOf('volume', index)),
  }));
  const registerEc2 = <T>(list: readonly T[], kind: string, idOf: (value: T) => string | undefined) =>
    list.forEach((value, index) => {
      const resourceId = idOf(value);
      if (resourceId !== undefined) register(arn('ec2', `${kind}/${resourceId}`), 'ec2', kind, tagsOf(kind, index));
    });
  registerEc2(vpcs, 'vpc', (value) => value.VpcId);
  registerEc2(subnets, 'subnet', (value) => value.SubnetId);
  registerEc2(routeTables, 'route-table', (value) => value.RouteTableId);
  registerEc2(internetGateways, 'internet-gateway', (value) => value.InternetGatewayId);
  registerEc2(vpcEndpoints, 'vpc-endpoint', (value) => value.VpcEndpointId);
  registerEc2(networkInterfaces, 'network-interface', (value) => value.NetworkInterfaceId);
  registerEc2(instances, 'instance', (value) => value.InstanceId);
  registerEc2(launchTemplates, 'launch-template', (value) => value.LaunchTemplateId);
  registerEc2(volumes, 'volume', (value) => value.VolumeId);

  // ---- RDS: even DB instances are members of a cluster (cluster index/2), odd ones stand alone.
  const dbParameterGroups = Array.from({ length: auxiliary }, (_, index) =>
    index % 2 === 0 ? parameterGroup(`postgres16-${index}`, 'rds.force_ssl', '1') : parameterGroup(`mysql80-${index}`, 'require_secure_transport', 'ON'),
  );
  const dbClusterParameterGroups = Array.from({ length: auxiliary }, (_, index) => parameterGroup(`aurora-postgresql16-${index}`, 'rds.force_ssl', '1'));
  const dbSubnetGroups: DBSubnetGroup[] = Array.from({ length: n }, (_, index) => ({
    DBSubnetGroupName: `db-subnets-${index}`,
    DBSubnetGroupDescription: 'database subnets',
    DBSubnetGroupArn: arn('rds', `subgrp:db-subnets-${index}`),
    VpcId: vpcOf(index),
    SubnetGroupStatus: 'Complete',
    Subnets: [0, 1].map((offset) => ({ SubnetIdentifier: subnetOf(index + offset), SubnetAvailabilityZone: { Name: nth(zones, index + offset) }, SubnetStatus: 'Active' })),
  }));
  const dbInstances: DBInstance[] = Array.from({ length: n }, (_, index) => {
    const member = index % 2 === 0;
    const parameterGroupName = member ? 'default.aurora-postgresql16' : nth(dbParameterGroups, Math.floor(index / 2)).name;
    const engine = member ? 'aurora-postgresql' : parameterGroupName.startsWith('postgres') ? 'postgres' : 'mysql';
    const name = `db-${index}`;
    return {
      DBInstanceIdentifier: name,
      DbiResourceId: `db-${hex(index, 26).toUpperCase()}`,
      DBInstanceArn: arn('rds', `db:${name}`),
      DBInstanceClass: 'db.r6g.large',
      Engine: engine,
      EngineVersion: engine === 'mysql' ? '8.0.39' : '16.4',
      DBInstanceStatus: 'available',
      MasterUsername: 'admin',
      Endpoint: { Address: `${name}.abcdefghijkl.${region}.rds.amazonaws.com`, Port: engine === 'mysql' ? 3306 : 5432, HostedZoneId: 'Z29XKXDKYMONMX' },
      AllocatedStorage: member ? 1 : 100,
      InstanceCreateTime: CREATED,
      PreferredBackupWindow: '03:00-04:00',
      BackupRetentionPeriod: 7,
      VpcSecurityGroups: [{ VpcSecurityGroupId: groupId(index), Status: 'active' }],
      DBParameterGroups: [{ DBParameterGroupName: parameterGroupName, ParameterApplyStatus: 'in-sync' }],
      AvailabilityZone: nth(zones, index),
      DBSubnetGroup: nth(dbSubnetGroups, index),
      MultiAZ: !member && index % 4 === 1,
      PubliclyAccessible: false,
      StorageEncrypted: true,
      KmsKeyId: arn('kms', 'key/0b1c2d3e-0000-4000-8000-000000000002'),
      AutoMinorVersionUpgrade: true,
      CopyTagsToSnapshot: true,
      DeletionProtection: true,
      IAMDatabaseAuthenticationEnabled: false,
      StorageType: member ? 'aurora' : 'gp3',
      ...(member ? { DBClusterIdentifier: `cluster-${index / 2}` } : {}),
      TagList: ec2Tags(tagsOf('db', index)),
    };
  });
  const dbClusters: DBCluster[] = Array.from({ length: n }, (_, index) => {
    const name = `cluster-${index}`;
    const memberIndex = index * 2;
    return {
      DBClusterIdentifier: name,
      DbClusterResourceId: `cluster-${hex(index, 26).toUpperCase()}`,
      DBClusterArn: arn('rds', `cluster:${name}`),
      Engine: 'aurora-postgresql',
      EngineVersion: '16.4',
      EngineMode: 'provisioned',
      Status: 'available',
      MultiAZ: true,
      StorageEncrypted: true,
      KmsKeyId: arn('kms', 'key/0b1c2d3e-0000-4000-8000-000000000002'),
      AvailabilityZones: zones,
      DBSubnetGroup: `db-subnets-${index % n}`,
      DBClusterParameterGroup: nth(dbClusterParameterGroups, index).name,
      Endpoint: `${name}.cluster-abcdefghijkl.${region}.rds.amazonaws.com`,
      ReaderEndpoint: `${name}.cluster-ro-abcdefghijkl.${region}.rds.amazonaws.com`,
      Port: 5432,
      MasterUsername: 'admin',
      ClusterCreateTime: CREATED,
      BackupRetentionPeriod: 7,
      VpcSecurityGroups: [{ VpcSecurityGroupId: groupId(index), Status: 'active' }],
      DeletionProtection: true,
      CopyTagsToSnapshot: true,
      IAMDatabaseAuthenticationEnabled: false,
      DBClusterMembers:
        memberIndex < n ? [{ DBInstanceIdentifier: `db-${memberIndex}`, IsClusterWriter: true, DBClusterParameterGroupStatus: 'in-sync', PromotionTier: 1 }] : [],
      TagList: ec2Tags(tagsOf('cluster', index)),
    };
  });
  const dbSnapshots: DBSnapshot[] = Array.from({ length: n }, (_, index) => ({
    DBSnapshotIdentifier: `rds:db-${index}-2026-11-22-03-00`,
    DBSnapshotArn: arn('rds', `snapshot:rds:db-${index}-2026-11-22-03-00`),
    DBInstanceIdentifier: `db-${index}`,
    DbiResourceId: `db-${hex(index, 26).toUpperCase()}`,
    SnapshotCreateTime: CREATED,
    InstanceCreateTime: CREATED,
    Engine: 'postgres',
    EngineVersion: '16.4',
    AllocatedStorage: 100,
    Status: 'available',
    Port: 5432,
    AvailabilityZone: nth(zones, index),
    VpcId: vpcOf(index),
    MasterUsername: 'admin',
    SnapshotType: 'automated',
    StorageType: 'gp3',
    Encrypted: true,
    KmsKeyId: arn('kms', 'key/0b1c2d3e-0000-4000-8000-000000000002'),
    IAMDatabaseAuthenticationEnabled: false,
    TagList: ec2Tags(tagsOf('snapshot', index)),
  }));
  const dbClusterSnapshots: DBClusterSnapshot[] = Array.from({ length: n }, (_, index) => ({
    DBClusterSnapshotIdentifier: `rds:cluster-${index}-2026-11-22-03-00`,
    DBClusterSnapshotArn: arn('rds', `cluster-snapshot:rds:cluster-${index}-2026-11-22-03-00`),
    DBClusterIdentifier: `cluster-${index}`,
    SnapshotCreateTime: CREATED,
    ClusterCreateTime: CREATED,
    Engine: 'aurora-postgresql',
    EngineMode: 'provisioned',
    EngineVersion: '16.4',
    AvailabilityZones: zones,
    AllocatedStorage: 1,
    Status: 'available',
    Port: 5432,
    VpcId: vpcOf(index),
    MasterUsername: 'admin',
    SnapshotType: 'automated',
    StorageEncrypted: true,
    KmsKeyId: arn('kms', 'key/0b1c2d3e-0000-4000-8000-000000000002'),
    IAMDatabaseAuthenticationEnabled: false,
    TagList: ec2Tags(tagsOf('cluster-snapshot', index)),
  }));
  dbInstances.forEach((instance, index) => register(instance.DBInstanceArn ?? '', 'rds', 'db', tagsOf('db', index)));
  dbClusters.forEach((cluster, index) => register(cluster.DBClusterArn ?? '', 'rds', 'cluster', tagsOf('cluster', index)));
  dbSnapshots.forEach((snapshot, index) => register(snapshot.DBSnapshotArn ?? '', 'rds', 'snapshot', tagsOf('snapshot', index)));
  dbClusterSnapshots.forEach((snapshot, index) => register(snapshot.DBClusterSnapshotArn ?? '', 'rds', 'cluster-snapshot', tagsOf('cluster-snapshot', index)));
  dbSubnetGroups.forEach((group, index) => register(group.DBSubnetGroupArn ?? '', 'rds', 'subgrp', tagsOf('db-subnet-group', index)));

  // ---- ElastiCache: one single-node Redis replication group per cache cluster.
  const cacheSubnetGroups: CacheSubnetGroup[] = Array.from({ length: auxiliary }, (_, index) => ({
    CacheSubnetGroupName: `cache-subnets-${index}`,
    CacheSubnetGroupDescription: 'cache subnets',
    ARN: arn('elasticache', `subnetgroup:cache-subnets-${index}`),
    VpcId: vpcOf(index),
    Subnets: [0, 1].map((offset) => ({ SubnetIdentifier: subnetOf(index + offset), SubnetAvailabilityZone: { Name: nth(zones, index + offset) } })),
  }));
  const cacheClusters: CacheCluster[] = Array.from({ length: n }, (_, index) => ({
    CacheClusterId: `cache-${index}-001`,
    ARN: arn('elasticache', `cluster:cache-${index}-001`),
    CacheNodeType: 'cache.t4g.small',
    Engine: 'redis',
    EngineVersion: '7.1',
    CacheClusterStatus: 'available',
    NumCacheNodes: 1,
    PreferredAvailabilityZone: nth(zones, index),
    CacheClusterCreateTime: CREATED,
    CacheSubnetGroupName: nth(cacheSubnetGroups, index).CacheSubnetGroupName,
    ReplicationGroupId: `cache-${index}`,
    SecurityGroups: [{ SecurityGroupId: groupId(index), Status: 'active' }],
    CacheNodes: [{ CacheNodeId: '0001', CacheNodeStatus: 'available', CustomerAvailabilityZone: nth(zones, index), CacheNodeCreateTime: CREATED }],
    AtRestEncryptionEnabled: true,
    TransitEncryptionEnabled: true,
    TransitEncryptionMode: 'required',
    AuthTokenEnabled: false,
    SnapshotRetentionLimit: 1,
  }));
  const replicationGroups: ReplicationGroup[] = Array.from({ length: n }, (_, index) => ({
    ReplicationGroupId: `cache-${index}`,
    ARN: arn('elasticache', `replicationgroup:cache-${index}`),
    Description: 'application cache',
    Status: 'available',
    MemberClusters: [`cache-${index}-001`],
    NodeGroups: [
      {
        NodeGroupId: '0001',
        Status: 'available',
        PrimaryEndpoint: { Address: `cache-${index}.abcdef.ng.0001.euw1.cache.amazonaws.com`, Port: 6379 },
        NodeGroupMembers: [{ CacheClusterId: `cache-${index}-001`, CacheNodeId: '0001', PreferredAvailabilityZone: nth(zones, index), CurrentRole: 'primary' }],
      },
    ],
    AutomaticFailover: 'disabled',
    MultiAZ: 'disabled',
    ClusterEnabled: false,
    CacheNodeType: 'cache.t4g.small',
    AtRestEncryptionEnabled: true,
    TransitEncryptionEnabled: true,
    TransitEncryptionMode: 'required',
    AuthTokenEnabled: false,
    SnapshotRetentionLimit: 1,
    ReplicationGroupCreateTime: CREATED,
    Engine: 'redis',
  }));
  cacheClusters.forEach((cluster, index) => register(cluster.ARN ?? '', 'elasticache', 'cluster', tagsOf('cache-cluster', index)));
  replicationGroups.forEach((group, index) => register(group.ARN ?? '', 'elasticache', 'replicationgroup', tagsOf('replication-group', index)));

  const redshiftClusters: RedshiftCluster[] = Array.from({ length: n }, (_, index) => ({
    ClusterIdentifier: `warehouse-${index}`,
    NodeType: 'ra3.xlplus',
    ClusterStatus: 'available',
    ClusterAvailabilityStatus: 'Available',
    MasterUsername: 'admin',
    DBName: 'dev',
    Endpoint: { Address: `warehouse-${index}.abcdefghijkl.${region}.redshift.amazonaws.com`, Port: 5439 },
    ClusterCreateTime: CREATED,
    AutomatedSnapshotRetentionPeriod: 1,
    ManualSnapshotRetentionPeriod: -1,
    VpcSecurityGroups: [{ VpcSecurityGroupId: groupId(index), Status: 'active' }],
    ClusterParameterGroups: [{ ParameterGroupName: 'default.redshift-1.0', ParameterApplyStatus: 'in-sync' }],
    ClusterSubnetGroupName: `warehouse-subnets-${index % 10}`,
    VpcId: vpcOf(index),
    AvailabilityZone: nth(zones, index),
    PreferredMaintenanceWindow: 'sun:05:00-sun:05:30',
    ClusterVersion: '1.0',
    AllowVersionUpgrade: true,
    NumberOfNodes: 2,
    PubliclyAccessible: false,
    Encrypted: true,
    KmsKeyId: arn('kms', 'key/0b1c2d3e-0000-4000-8000-000000000003'),
    EnhancedVpcRouting: false,
    MultiAZ: 'Disabled',
    Tags: ec2Tags(tagsOf('warehouse', index)),
  }));
  redshiftClusters.forEach((cluster, index) => register(arn('redshift', `cluster:${cluster.ClusterIdentifier ?? ''}`), 'redshift', 'cluster', tagsOf('warehouse', index)));

  const domains: DomainStatus[] = Array.from({ length: n }, (_, index) => {
    const name = `search-${index}`;
    return {
      DomainId: `${ACCOUNT}/${name}`,
      DomainName: name,
      ARN: arn('es', `domain/${name}`),
      Created: true,
      Deleted: false,
      Processing: false,
      Endpoints: { vpc: `vpc-${name}-abcdefghijkl.${region}.es.amazonaws.com` },
      EngineVersion: 'OpenSearch_2.13',
      ClusterConfig: {
        InstanceType: 'r6g.large.search',
        InstanceCount: 3,
        DedicatedMasterEnabled: false,
        ZoneAwarenessEnabled: true,
        ZoneAwarenessConfig: { AvailabilityZoneCount: 3 },
        WarmEnabled: false,
        MultiAZWithStandbyEnabled: false,
      },
      EBSOptions: { EBSEnabled: true, VolumeType: 'gp3', VolumeSize: 100, Iops: 3000, Throughput: 125 },
      SnapshotOptions: { AutomatedSnapshotStartHour: 0 },
      VPCOptions: { VPCId: vpcOf(index), SubnetIds: [subnetOf(index), subnetOf(index + 1), subnetOf(index + 2)], SecurityGroupIds: [groupId(index)], AvailabilityZones: zones },
      EncryptionAtRestOptions: { Enabled: true, KmsKeyId: arn('kms', 'key/0b1c2d3e-0000-4000-8000-000000000004') },
      NodeToNodeEncryptionOptions: { Enabled: true },
      DomainEndpointOptions: { EnforceHTTPS: true, TLSSecurityPolicy: 'Policy-Min-TLS-1-2-2019-07', CustomEndpointEnabled: false },
      AdvancedSecurityOptions: { Enabled: true, InternalUserDatabaseEnabled: false, AnonymousAuthEnabled: false },
      ServiceSoftwareOptions: { CurrentVersion: 'OpenSearch_2_13_R20240520', NewVersion: '', UpdateAvailable: false, Cancellable: false, UpdateStatus: 'COMPLETED', OptionalDeployment: true },
      OffPeakWindowOptions: { Enabled: true, OffPeakWindow: { WindowStartTime: { Hours: 2, Minutes: 0 } } },
      SoftwareUpdateOptions: { AutoSoftwareUpdateEnabled: false },
    };
  });
  domains.forEach((domain, index) => register(domain.ARN ?? '', 'es', 'domain', tagsOf('search', index)));

  const fileSystems: FileSystemDescription[] = Array.from({ length: n }, (_, index) => {
    const fileSystemId = id('fs', index);
    return {
      OwnerId: ACCOUNT,
      CreationToken: `fs-token-${index}`,
      FileSystemId: fileSystemId,
      FileSystemArn: arn('elasticfilesystem', `file-system/${fileSystemId}`),
      CreationTime: CREATED,
      LifeCycleState: 'available',
      Name: `files-${index}`,
      NumberOfMountTargets: index % 4 === 0 ? 1 : 3,
      SizeInBytes: { Value: 6144 },
      PerformanceMode: 'generalPurpose',
      Encrypted: index % 10 !== 0,
      ...(index % 10 !== 0 ? { KmsKeyId: arn('kms', 'key/0b1c2d3e-0000-4000-8000-000000000005') } : {}),
      ThroughputMode: 'elastic',
      ...(index % 4 === 0 ? { AvailabilityZoneName: nth(zones, index), AvailabilityZoneId: `euw1-az${(index % 3) + 1}` } : {}),
      Tags: ec2Tags(tagsOf('files', index)),
    };
  });
  fileSystems.forEach((fileSystem, index) => register(fileSystem.FileSystemArn ?? '', 'elasticfilesystem', 'file-system', tagsOf('files', index)));

  const autoScalingGroups: AutoScalingGroup[] = Array.from({ length: n }, (_, index) => {
    const name = `workers-${index}`;
    const groupArn = arn('autoscaling', `autoScalingGroup:0b1c2d3e-${hex(index, 4)}-4000-8000-${hex(index, 12)}:autoScalingGroupName/${name}`);
    return {
      AutoScalingGroupName: name,
      AutoScalingGroupARN: groupArn,
      LaunchTemplate: { LaunchTemplateId: id('lt', index), LaunchTemplateName: `template-${index}`, Version: '$Default' },
      MinSize: 1,
      MaxSize: 3,
      DesiredCapacity: 1,
      DefaultCooldown: 300,
      AvailabilityZones: [nth(zones, index), nth(zones, index + 1)],
      HealthCheckType: 'EC2',
      HealthCheckGracePeriod: 300,
      Instances: [],
      CreatedTime: CREATED,
      VPCZoneIdentifier: `${subnetOf(index)},${subnetOf(index + 1)}`,
      TerminationPolicies: ['Default'],
      NewInstancesProtectedFromScaleIn: false,
      ServiceLinkedRoleARN: `arn:aws:iam::${ACCOUNT}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`,
      CapacityRebalance: false,
      Tags: Object.entries(tagsOf('workers', index)).map(([Key, Value]) => ({ Key, Value, ResourceId: name, ResourceType: 'auto-scaling-group', PropagateAtLaunch: true })),
    };
  });
  autoScalingGroups.forEach((group, index) => register(group.AutoScalingGroupARN ?? '', 'autoscaling', 'autoScalingGroup', tagsOf('workers', index)));

  // ---- ELBv2: one listener per load balancer, HTTPS and HTTP→HTTPS redirects alternating.
  const loadBalancers: LoadBalancer[] = Array.from({ length: n }, (_, index) => {
    const name = `app-${index}`;
    return {
      LoadBalancerArn: arn('elasticloadbalancing', `loadbalancer/app/${name}/${hex(index, 16)}`),
      DNSName: `internal-${name}-${index}.${region}.elb.amazonaws.com`,
      CanonicalHostedZoneId: 'Z32O12XQLNTSW2',
      CreatedTime: CREATED,
      LoadBalancerName: name,
      Scheme: 'internal',
      VpcId: vpcOf(index),
      State: { Code: 'active' },
      Type: 'application',
      AvailabilityZones: [0, 1].map((offset) => ({ ZoneName: nth(zones, index + offset), SubnetId: subnetOf(index + offset) })),
      SecurityGroups: [groupId(index)],
      IpAddressType: 'ipv4',
    };
  });
  const listeners = new Map<string, Listener[]>();
  const elbTags = new Map<string, Tags>();
  loadBalancers.forEach((loadBalancer, index) => {
    const balancerArn = loadBalancer.LoadBalancerArn ?? '';
    const https = index % 2 === 0;
    const listener: Listener = {
      ListenerArn: balancerArn.replace(':loadbalancer/', ':listener/') + `/${hex(index + 1, 16)}`,
      LoadBalancerArn: balancerArn,
      Port: https ? 443 : 80,
      Protocol: https ? 'HTTPS' : 'HTTP',
      ...(https
        ? {
            SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
            Certificates: [{ CertificateArn: arn('acm', `certificate/0b1c2d3e-0000-4000-8000-${hex(index, 12)}`) }],
            DefaultActions: [{ Type: 'forward', Order: 1, TargetGroupArn: arn('elasticloadbalancing', `targetgroup/app-${index}/${hex(index, 16)}`) }],
          }
        : { DefaultActions: [{ Type: 'redirect', Order: 1, RedirectConfig: { Protocol: 'HTTPS', Port: '443', Host: '#{host}', Path: '/#{path}', Query: '#{query}', StatusCode: 'HTTP_301' } }] }),
    };
    listeners.set(balancerArn, [listener]);
    elbTags.set(balancerArn, tagsOf('app', index));
    elbTags.set(listener.ListenerArn ?? '', tagsOf('listener', index));
    register(balancerArn, 'elasticloadbalancing', 'loadbalancer', tagsOf('app', index));
    register(listener.ListenerArn ?? '', 'elasticloadbalancing', 'listener', tagsOf('listener', index));
  });

  const functions: FunctionConfiguration[] = Array.from({ length: n }, (_, index) => {
    const name = `handler-${index}`;
    const inVpc = index % 2 === 0;
    return {
      FunctionName: name,
      FunctionArn: arn('lambda', `function:${name}`),
      Runtime: 'nodejs20.x',
      Role: `arn:aws:iam::${ACCOUNT}:role/handler-${index % 20}`,
      Handler: 'index.handler',
      CodeSize: 4096,
      Description: '',
      Timeout: 30,
      MemorySize: 512,
      LastModified: '2026-01-02T03:04:05.000+0000',
      CodeSha256: Buffer.from(`code-${index}`).toString('base64'),
      Version: '$LATEST',
      ...(inVpc ? { VpcConfig: { SubnetIds: [subnetOf(index), subnetOf(index + 1)], SecurityGroupIds: [groupId(index)], VpcId: vpcOf(index) } } : {}),
      TracingConfig: { Mode: 'PassThrough' },
      RevisionId: `0b1c2d3e-0000-4000-8000-${hex(index, 12)}`,
      State: 'Active',
      LastUpdateStatus: 'Successful',
      PackageType: 'Zip',
      Architectures: ['arm64'],
      EphemeralStorage: { Size: 512 },
    };
  });
  functions.forEach((fn, index) => register(fn.FunctionArn ?? '', 'lambda', 'function', tagsOf('handler', index)));

  // ---- ECS: the services spread over clusters of 125 (ECS's default quota is 5000 per cluster).
  const clusterCount = Math.max(1, Math.ceil(n / 125));
  const ecsClusters: EcsCluster[] = Array.from({ length: clusterCount }, (_, index) => ({ arn: arn('ecs', `cluster/cluster-${index}`), services: [] }));
  for (let index = 0; index < n; index += 1) {
    const cluster = nth(ecsClusters, index);
    const clusterName = cluster.arn.slice(cluster.arn.lastIndexOf('/') + 1);
    const service: Service = {
      serviceArn: arn('ecs', `service/${clusterName}/api-${index}`),
      serviceName: `api-${index}`,
      clusterArn: cluster.arn,
      status: 'ACTIVE',
      desiredCount: 2,
      runningCount: 2,
      pendingCount: 0,
      launchType: 'FARGATE',
      platformVersion: 'LATEST',
      taskDefinition: arn('ecs', `task-definition/api-${index}:3`),
      deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true }, maximumPercent: 200, minimumHealthyPercent: 100 },
      deploymentController: { type: 'ECS' },
      loadBalancers: [],
      serviceRegistries: [],
      networkConfiguration: { awsvpcConfiguration: { subnets: [subnetOf(index), subnetOf(index + 1)], securityGroups: [groupId(index)], assignPublicIp: 'DISABLED' } },
      placementConstraints: [],
      placementStrategy: [],
      healthCheckGracePeriodSeconds: 0,
      schedulingStrategy: 'REPLICA',
      createdAt: CREATED,
      enableECSManagedTags: true,
      enableExecuteCommand: false,
      propagateTags: 'SERVICE',
      tags: Object.entries(tagsOf('api', index)).map(([key, value]) => ({ key, value })),
    };
    cluster.services.push(service);
    register(service.serviceArn ?? '', 'ecs', 'service', tagsOf('api', index));
  }

  const topics = new Map<string, Record<string, string>>();
  for (let index = 0; index < n; index += 1) {
    const topicArn = arn('sns', `events-${index}`);
    topics.set(topicArn, {
      TopicArn: topicArn,
      Owner: ACCOUNT,
      DisplayName: '',
      Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: ACCOUNT }, Action: 'SNS:Publish', Resource: topicArn }] }),
      SubscriptionsConfirmed: '1',
      SubscriptionsPending: '0',
      SubscriptionsDeleted: '0',
      EffectiveDeliveryPolicy: '{"http":{"defaultHealthyRetryPolicy":{"numRetries":3}}}',
      ...(index % 10 !== 0 ? { KmsMasterKeyId: 'alias/aws/sns' } : {}),
    });
    register(topicArn, 'sns', undefined, tagsOf('events', index));
  }

  const queues = new Map<string, Record<string, string>>();
  for (let index = 0; index < n; index += 1) {
    const name = `jobs-${index}`;
    const queueArn = arn('sqs', name);
    queues.set(`https://sqs.${region}.amazonaws.com/${ACCOUNT}/${name}`, {
      QueueArn: queueArn,
      ApproximateNumberOfMessages: '0',
      ApproximateNumberOfMessagesNotVisible: '0',
      ApproximateNumberOfMessagesDelayed: '0',
      CreatedTimestamp: String(CREATED.getTime() / 1000),
      LastModifiedTimestamp: String(CREATED.getTime() / 1000),
      VisibilityTimeout: '30',
      MaximumMessageSize: '262144',
      MessageRetentionPeriod: '345600',
      DelaySeconds: '0',
      ReceiveMessageWaitTimeSeconds: '0',
      Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: ACCOUNT }, Action: 'sqs:SendMessage', Resource: queueArn }] }),
      ...(index % 10 === 0 ? { SqsManagedSseEnabled: 'false' } : { SqsManagedSseEnabled: 'true' }),
    });
    register(queueArn, 'sqs', undefined, tagsOf('jobs', index));
  }

  const tables: TableDescription[] = Array.from({ length: n }, (_, index) => {
    const name = `orders-${hex(index, 5)}`;
    return {
      TableName: name,
      TableArn: arn('dynamodb', `table/${name}`),
      TableId: `0b1c2d3e-0000-4000-8000-${hex(index, 12)}`,
      TableStatus: 'ACTIVE',
      CreationDateTime: CREATED,
      TableSizeBytes: 1024,
      ItemCount: 10,
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      ProvisionedThroughput: { NumberOfDecreasesToday: 0, ReadCapacityUnits: 0, WriteCapacityUnits: 0 },
      BillingModeSummary: { BillingMode: 'PAY_PER_REQUEST', LastUpdateToPayPerRequestDateTime: CREATED },
      ...(index % 3 === 0 ? { SSEDescription: { Status: 'ENABLED', SSEType: 'KMS', KMSMasterKeyArn: arn('kms', 'key/0b1c2d3e-0000-4000-8000-000000000006') } } : {}),
      DeletionProtectionEnabled: true,
    };
  });
  tables.forEach((table, index) => register(table.TableArn ?? '', 'dynamodb', 'table', tagsOf('orders', index)));

  const streams: StreamDescriptionSummary[] = Array.from({ length: n }, (_, index) => {
    const name = `clicks-${index}`;
    return {
      StreamName: name,
      StreamARN: arn('kinesis', `stream/${name}`),
      StreamStatus: 'ACTIVE',
      StreamModeDetails: { StreamMode: 'ON_DEMAND' },
      RetentionPeriodHours: 24,
      StreamCreationTimestamp: CREATED,
      EnhancedMonitoring: [{ ShardLevelMetrics: [] }],
      ...(index % 10 !== 0 ? { EncryptionType: 'KMS' as const, KeyId: 'alias/aws/kinesis' } : { EncryptionType: 'NONE' as const }),
      OpenShardCount: 4,
      ConsumerCount: 0,
    };
  });
  streams.forEach((stream, index) => register(stream.StreamARN ?? '', 'kinesis', 'stream', tagsOf('clicks', index)));

  const trails: Trails[] = Array.from({ length: n }, (_, index) => {
    const name = `audit-${index}`;
    const trailArn = arn('cloudtrail', `trail/${name}`);
    register(trailArn, 'cloudtrail', 'trail', tagsOf('audit', index));
    return {
      trail: {
        Name: name,
        TrailARN: trailArn,
        HomeRegion: region,
        S3BucketName: `audit-logs-${ACCOUNT}`,
        IncludeGlobalServiceEvents: index === 0,
        IsMultiRegionTrail: index === 0,
        LogFileValidationEnabled: true,
        KmsKeyId: arn('kms', 'key/0b1c2d3e-0000-4000-8000-000000000007'),
        HasCustomEventSelectors: index % 2 === 1,
        HasInsightSelectors: false,
        IsOrganizationTrail: false,
      },
      tags: tagsOf('audit', index),
    };
  });

  const detectors = new Map<string, Out<GetDetectorCommandOutput>>();
  for (let index = 0; index < n; index += 1) {
    const detectorId = hex(index, 32);
    detectors.set(detectorId, {
      CreatedAt: CREATED.toISOString(),
      UpdatedAt: CREATED.toISOString(),
      FindingPublishingFrequency: 'SIX_HOURS',
      ServiceRole: `arn:aws:iam::${ACCOUNT}:role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty`,
      Status: index % 10 === 0 ? 'DISABLED' : 'ENABLED',
      Tags: { ...tagsOf('detector', index) },
    });
    register(arn('guardduty', `detector/${detectorId}`), 'guardduty', 'detector', tagsOf('detector', index));
  }

  const buckets: Bucket[] = Array.from({ length: n }, (_, index) => {
    const name = `gatewatch-bench-${region}-${index}`;
    register(`arn:aws:s3:::${name}`, 's3', 'bucket', tagsOf('bucket', index));
    return {
      name,
      region,
      policy:
        index % 3 === 0
          ? JSON.stringify({
              Version: '2012-10-17',
              Statement: [{ Sid: 'DenyInsecureTransport', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [`arn:aws:s3:::${name}`, `arn:aws:s3:::${name}/*`], Condition: { Bool: { 'aws:SecureTransport': 'false' } } }],
            })
          : undefined,
      kmsKey: index % 2 === 0 ? arn('kms', 'key/0b1c2d3e-0000-4000-8000-000000000008') : undefined,
    };
  });

  return {
    region,
    vpcs,
    subnets,
    routeTables,
    internetGateways,
    vpcEndpoints,
    networkInterfaces,
    instances,
    launchTemplates,
    launchTemplateVersions,
    volumes,
    dbInstances,
    dbClusters,
    dbSnapshots,
    dbClusterSnapshots,
    dbSubnetGroups,
    dbParameterGroups,
    dbClusterParameterGroups,
    replicationGroups,
    cacheClusters,
    cacheSubnetGroups,
    redshiftClusters,
    domains,
    fileSystems,
    autoScalingGroups,
    loadBalancers,
    listeners,
    elbTags,
    functions,
    ecsClusters,
    topics,
    queues,
    tables,
    streams,
    trails,
    detectors,
    buckets,
  };
}

function globalData(n: number, registry: Map<string, TaggedResource[]>): GlobalData {
  const allow = (action: string, resource: string) => encoded({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: resource }] });
  const trust = encoded({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
  const policies: ManagedPolicyDetail[] = Array.from({ length: n }, (_, index) => ({
    PolicyName: `app-policy-${index}`,
    PolicyId: `ANPA${hex(index, 17).toUpperCase()}`,
    Arn: `arn:aws:iam::${ACCOUNT}:policy/app-policy-${index}`,
    Path: '/',
    DefaultVersionId: 'v2',
    AttachmentCount: 1,
    PermissionsBoundaryUsageCount: 0,
    IsAttachable: true,
    Description: 'application access',
    CreateDate: CREATED,
    UpdateDate: CREATED,
    PolicyVersionList: [
      { Document: allow('s3:GetObject', `arn:aws:s3:::gatewatch-bench-${index}/*`), VersionId: 'v2', IsDefaultVersion: true, CreateDate: CREATED },
      { Document: allow('s3:ListBucket', `arn:aws:s3:::gatewatch-bench-${index}`), VersionId: 'v1', IsDefaultVersion: false, CreateDate: CREATED },
    ],
  }));
  const policyRef = (index: number) => {
    const policy = nth(policies, index);
    return { PolicyName: policy.PolicyName, PolicyArn: policy.Arn };
  };
  const groups: GroupDetail[] = Array.from({ length: n }, (_, index) => ({
    Path: '/',
    GroupName: `team-${index}`,
    GroupId: `AGPA${hex(index, 17).toUpperCase()}`,
    Arn: `arn:aws:iam::${ACCOUNT}:group/team-${index}`,
    CreateDate: CREATED,
    GroupPolicyList: [],
    AttachedManagedPolicies: [policyRef(index)],
  }));
  const users: UserDetail[] = Array.from({ length: n }, (_, index) => ({
    Path: '/',
    UserName: `user-${index}`,
    UserId: `AIDA${hex(index, 17).toUpperCase()}`,
    Arn: `arn:aws:iam::${ACCOUNT}:user/user-${index}`,
    CreateDate: CREATED,
    UserPolicyList: index % 5 === 0 ? [{ PolicyName: 'inline-read', PolicyDocument: allow('ec2:Describe*', '*') }] : [],
    GroupList: [`team-${index}`],
    AttachedManagedPolicies: [],
    Tags: ec2Tags(tagsOf('user', index)),
  }));
  const roles: RoleDetail[] = Array.from({ length: n }, (_, index) => ({
    Path: '/',
    RoleName: `app-role-${index}`,
    RoleId: `AROA${hex(index, 17).toUpperCase()}`,
    Arn: `arn:aws:iam::${ACCOUNT}:role/app-role-${index}`,
    CreateDate: CREATED,
    AssumeRolePolicyDocument: trust,
    InstanceProfileList: [],
    RolePolicyList: [],
    AttachedManagedPolicies: [policyRef(index), { PolicyName: 'ReadOnlyAccess', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }],
    RoleLastUsed: { LastUsedDate: CREATED, Region: 'eu-west-1' },
    Tags: ec2Tags(tagsOf('role', index)),
  }));
  const policyTags = new Map(policies.map((policy, index) => [policy.Arn ?? '', tagsOf('policy', index)] as const));

  const distributions: DistributionSummary[] = Array.from({ length: n }, (_, index) => {
    const distributionId = `E${hex(index, 13).toUpperCase()}`;
    const origin = `gatewatch-bench-origin-${index}.s3.eu-west-1.amazonaws.com`;
    return {
      Id: distributionId,
      ARN: `arn:aws:cloudfront::${ACCOUNT}:distribution/${distributionId}`,
      Status: 'Deployed',
      LastModifiedTime: CREATED,
      DomainName: `d${hex(index, 13)}.cloudfront.net`,
      Aliases: { Quantity: 0 },
      Origins: {
        Quantity: 1,
        Items: [
          {
            Id: origin,
            DomainName: origin,
            OriginPath: '',
            CustomHeaders: { Quantity: 0 },
            S3OriginConfig: { OriginAccessIdentity: '' },
            ConnectionAttempts: 3,
            ConnectionTimeout: 10,
            OriginShield: { Enabled: false },
            OriginAccessControlId: `E${hex(index, 13).toUpperCase()}OAC`,
          },
        ],
      },
      OriginGroups: { Quantity: 0 },
      DefaultCacheBehavior: {
        TargetOriginId: origin,
        TrustedSigners: { Enabled: false, Quantity: 0 },
        TrustedKeyGroups: { Enabled: false, Quantity: 0 },
        ViewerProtocolPolicy: index % 10 === 0 ? 'allow-all' : 'redirect-to-https',
        AllowedMethods: { Quantity: 2, Items: ['HEAD', 'GET'], CachedMethods: { Quantity: 2, Items: ['HEAD', 'GET'] } },
        SmoothStreaming: false,
        Compress: true,
        LambdaFunctionAssociations: { Quantity: 0 },
        FunctionAssociations: { Quantity: 0 },
        FieldLevelEncryptionId: '',
        CachePolicyId: '658327ea-f89d-4fab-a63d-7e88639e58f6',
      },
      CacheBehaviors: { Quantity: 0 },
      CustomErrorResponses: { Quantity: 0 },
      Comment: `site ${index}`,
      PriceClass: 'PriceClass_100',
      Enabled: true,
      ViewerCertificate: { CloudFrontDefaultCertificate: true, SSLSupportMethod: 'vip', MinimumProtocolVersion: 'TLSv1', CertificateSource: 'cloudfront' },
      Restrictions: { GeoRestriction: { RestrictionType: 'none', Quantity: 0 } },
      WebACLId: '',
      HttpVersion: 'http2',
      IsIPV6Enabled: true,
      Staging: false,
    };
  });
  const cloudfrontTags = registry.get(CLOUDFRONT_TAG_REGION) ?? [];
  distributions.forEach((distribution, index) => cloudfrontTags.push({ arn: distribution.ARN ?? '', service: 'cloudfront', type: 'distribution', tags: tagsOf('site', index) }));
  registry.set(CLOUDFRONT_TAG_REGION, cloudfrontTags);
  return { users, groups, roles, policies, policyTags, distributions };
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
}

export interface Census {
  readonly regions: readonly RegionCensus[];
  readonly global: GlobalCensus;
}

function matches(resource: TaggedResource, filters: readonly string[]): boolean {
  return filters.some((filter) => {
    const [service, type] = filter.split(':');
    return resource.service === service && (type === undefined || resource.type === type);
  });
}

// ---------------------------------------------------------------- the account and its mocks

export class MockAccount {
  readonly regions: readonly RegionData[];
  readonly global: GlobalData;
  /** Tagged resources by Region, as the Tagging API lists them. */
  private readonly tagged = new Map<string, TaggedResource[]>();
  private readonly tagWalks = new Map<string, TaggedResource[]>();

  constructor(perType: number, regions: readonly string[]) {
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
      taggedDistributions: this.taggedIn(CLOUDFRONT_TAG_REGION, ['cloudfront:distribution']).length,
      buckets: this.regions.reduce((sum, data) => sum + data.buckets.length, 0),
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

  /** Mocks every SDK client the collectors use; returns a function that restores them. */
  install(): () => void {
    const identity = mockIdentity(this.regions.map((data) => data.region));
    const mocks: { restore(): void }[] = [identity.sts, identity.ec2];
    const at = async (getClient: () => { config: { region: unknown } }) => this.data(await regionOf(getClient));

    // ---- EC2 (the identity mock's EC2 stub also answers DescribeRegions)
    const ec2 = identity.ec2;
    ec2.on(DescribeVpcsCommand).callsFake(async (input: DescribeVpcsCommandInput, getClient): Promise<Out<DescribeVpcsCommandOutput>> => {
      const page = paginate('DescribeVpcs', (await at(getClient)).vpcs, input.NextToken, input.MaxResults, 1000);
      return { Vpcs: page.items, NextToken: page.next };
    });
    ec2.on(DescribeSubnetsCommand).callsFake(async (input: DescribeSubnetsCommandInput, getClient): Promise<Out<DescribeSubnetsCommandOutput>> => {
      const page = paginate('DescribeSubnets', (await at(getClient)).subnets, input.NextToken, input.MaxResults, 1000);
      return { Subnets: page.items, NextToken: page.next };
    });
    ec2.on(DescribeRouteTablesCommand).callsFake(async (input: DescribeRouteTablesCommandInput, getClient): Promise<Out<DescribeRouteTablesCommandOutput>> => {
      const page = paginate('DescribeRouteTables', (await at(getClient)).routeTables, input.NextToken, input.MaxResults, 100);
      return { RouteTables: page.items, NextToken: page.next };
    });
    ec2.on(DescribeInternetGatewaysCommand).callsFake(async (input: DescribeInternetGatewaysCommandInput, getClient): Promise<Out<DescribeInternetGatewaysCommandOutput>> => {
      const page = paginate('DescribeInternetGateways', (await at(getClient)).internetGateways, input.NextToken, input.MaxResults, 1000);
      return { InternetGateways: page.items, NextToken: page.next };
    });
    ec2.on(DescribeVpcEndpointsCommand).callsFake(async (input: DescribeVpcEndpointsCommandInput, getClient): Promise<Out<DescribeVpcEndpointsCommandOutput>> => {
      const page = paginate('DescribeVpcEndpoints', (await at(getClient)).vpcEndpoints, input.NextToken, input.MaxResults, 1000);
      return { VpcEndpoints: page.items, NextToken: page.next };
    });
    ec2.on(DescribeNetworkInterfacesCommand).callsFake(async (input: DescribeNetworkInterfacesCommandInput, getClient): Promise<Out<DescribeNetworkInterfacesCommandOutput>> => {
      const page = paginate('DescribeNetworkInterfaces', (await at(getClient)).networkInterfaces, input.NextToken, input.MaxResults, 1000);
      return { NetworkInterfaces: page.items, NextToken: page.next };
    });
    ec2.on(DescribeInstancesCommand).callsFake(async (input: DescribeInstancesCommandInput, getClient): Promise<Out<DescribeInstancesCommandOutput>> => {
      const page = paginate('DescribeInstances', (await at(getClient)).instances, input.NextToken, input.MaxResults, 1000);
      return { Reservations: page.items.map((instance, index) => ({ ReservationId: `r-${hex(index, 17)}`, OwnerId: ACCOUNT, Instances: [instance] })), NextToken: page.next };
    });
    ec2.on(DescribeLaunchTemplatesCommand).callsFake(async (input: DescribeLaunchTemplatesCommandInput, getClient): Promise<Out<DescribeLaunchTemplatesCommandOutput>> => {
      const page = paginate('DescribeLaunchTemplates', (await at(getClient)).launchTemplates, input.NextToken, input.MaxResults, 200);
      return { LaunchTemplates: page.items, NextToken: page.next };
    });
    ec2.on(DescribeLaunchTemplateVersionsCommand).callsFake(
      async (input: DescribeLaunchTemplateVersionsCommandInput, getClient): Promise<Out<DescribeLaunchTemplateVersionsCommandOutput>> => {
        const data = await at(getClient);
        const named = input.LaunchTemplateId ?? input.LaunchTemplateName;
        if (named === undefined) {
          // Without a template, only $Latest / $Default are valid: every template's such version.
          if (input.Versions?.length !== 1 || input.Versions[0] !== '$Default') throw awsError('InvalidParameterCombination', 'name a launch template or ask for $Default');
          const page = paginate('DescribeLaunchTemplateVersions', data.launchTemplateVersions, input.NextToken, input.MaxResults, 200);
          return { LaunchTemplateVersions: page.items, NextToken: page.next };
        }
        const version = lookup(data.launchTemplateVersions, (candidate) => [candidate.LaunchTemplateId, candidate.LaunchTemplateName], named);
        if (version === undefined) throw awsError('InvalidLaunchTemplateId.NotFound', `no launch template ${named}`);
        return { LaunchTemplateVersions: [version] };
      },
    );
    ec2.on(DescribeVolumesCommand).callsFake(async (input: DescribeVolumesCommandInput, getClient): Promise<Out<DescribeVolumesCommandOutput>> => {
      const page = paginate('DescribeVolumes', (await at(getClient)).volumes, input.NextToken, input.MaxResults, 1000);
      return { Volumes: page.items, NextToken: page.next };
    });
    ec2.on(GetEbsEncryptionByDefaultCommand).callsFake(async (): Promise<Out<GetEbsEncryptionByDefaultCommandOutput>> => ({ EbsEncryptionByDefault: true, SseType: 'sse-ebs' }));

    // ---- RDS
    const rds = mockClient(RDSClient);
    mocks.push(rds);
    const parameterPage = (label: string, group: ParameterGroup | undefined, name: string | undefined, filters: RdsFilter[] | undefined, marker: string | undefined, asked: number | undefined) => {
      if (group === undefined) throw awsError('DBParameterGroupNotFound', `${label}: no parameter group ${String(name)}`);
      const wanted = filters?.find((filter) => filter.Name === 'parameter-name')?.Values;
      const parameters = wanted === undefined ? group.parameters : group.parameters.filter((parameter) => wanted.includes(parameter.ParameterName ?? ''));
      return paginate(`${label}:${group.name}`, parameters, marker, asked, 100);
    };
    rds.on(DescribeDBInstancesCommand).callsFake(async (input: DescribeDBInstancesCommandInput, getClient): Promise<Out<DescribeDBInstancesCommandOutput>> => {
      const page = paginate('DescribeDBInstances', (await at(getClient)).dbInstances, input.Marker, input.MaxRecords, 100);
      return { DBInstances: page.items, Marker: page.next };
    });
    rds.on(DescribeDBClustersCommand).callsFake(async (input: DescribeDBClustersCommandInput, getClient): Promise<Out<DescribeDBClustersCommandOutput>> => {
      const page = paginate('DescribeDBClusters', (await at(getClient)).dbClusters, input.Marker, input.MaxRecords, 100);
      return { DBClusters: page.items, Marker: page.next };
    });
    rds.on(DescribeDBSnapshotsCommand).callsFake(async (input: DescribeDBSnapshotsCommandInput, getClient): Promise<Out<DescribeDBSnapshotsCommandOutput>> => {
      const page = paginate('DescribeDBSnapshots', (await at(getClient)).dbSnapshots, input.Marker, input.MaxRecords, 100);
      return { DBSnapshots: page.items, Marker: page.next };
    });
    rds.on(DescribeDBClusterSnapshotsCommand).callsFake(async (input: DescribeDBClusterSnapshotsCommandInput, getClient): Promise<Out<DescribeDBClusterSnapshotsCommandOutput>> => {
      const page = paginate('DescribeDBClusterSnapshots', (await at(getClient)).dbClusterSnapshots, input.Marker, input.MaxRecords, 100);
      return { DBClusterSnapshots: page.items, Marker: page.next };
    });
    rds.on(DescribeDBSubnetGroupsCommand).callsFake(async (input: DescribeDBSubnetGroupsCommandInput, getClient): Promise<Out<DescribeDBSubnetGroupsCommandOutput>> => {
      const page = paginate('DescribeDBSubnetGroups', (await at(getClient)).dbSubnetGroups, input.Marker, input.MaxRecords, 100);
      return { DBSubnetGroups: page.items, Marker: page.next };
    });
    rds.on(DescribeDBParametersCommand).callsFake(async (input: DescribeDBParametersCommandInput, getClient): Promise<Out<DescribeDBParametersCommandOutput>> => {
      const data = await at(getClient);
      const group = data.dbParameterGroups.find((candidate) => candidate.name === input.DBParameterGroupName);
      const page = parameterPage('DescribeDBParameters', group, input.DBParameterGroupName, input.Filters, input.Marker, input.MaxRecords);
      return { Parameters: page.items, Marker: page.next };
    });
    rds.on(DescribeDBClusterParametersCommand).callsFake(async (input: DescribeDBClusterParametersCommandInput, getClient): Promise<Out<DescribeDBClusterParametersCommandOutput>> => {
      const data = await at(getClient);
      const group = data.dbClusterParameterGroups.find((candidate) => candidate.name === input.DBClusterParameterGroupName);
      const page = parameterPage('DescribeDBClusterParameters', group, input.DBClusterParameterGroupName, input.Filters, input.Marker, input.MaxRecords);
      return { Parameters: page.items, Marker: page.next };
    });

    // ---- ElastiCache
    const elasticache = mockClient(ElastiCacheClient);
    mocks.push(elasticache);
    elasticache.on(DescribeReplicationGroupsCommand).callsFake(async (input: DescribeReplicationGroupsCommandInput, getClient): Promise<Out<DescribeReplicationGroupsCommandOutput>> => {
      const page = paginate('DescribeReplicationGroups', (await at(getClient)).replicationGroups, input.Marker, input.MaxRecords, 100);
      return { ReplicationGroups: page.items, Marker: page.next };
    });
    elasticache.on(DescribeCacheClustersCommand).callsFake(async (input: DescribeCacheClustersCommandInput, getClient): Promise<Out<DescribeCacheClustersCommandOutput>> => {
      const page = paginate('DescribeCacheClusters', (await at(getClient)).cacheClusters, input.Marker, input.MaxRecords, 100);
      // Node details only when asked for, as ElastiCache does.
      const clusters = input.ShowCacheNodeInfo === true ? page.items : page.items.map(({ CacheNodes: _nodes, ...cluster }) => cluster);
      return { CacheClusters: clusters, Marker: page.next };
    });
    elasticache.on(DescribeCacheSubnetGroupsCommand).callsFake(async (input: DescribeCacheSubnetGroupsCommandInput, getClient): Promise<Out<DescribeCacheSubnetGroupsCommandOutput>> => {
      const page = paginate('DescribeCacheSubnetGroups', (await at(getClient)).cacheSubnetGroups, input.Marker, input.MaxRecords, 100);
      return { CacheSubnetGroups: page.items, Marker: page.next };
    });

    // ---- Redshift, EFS, Auto Scaling
    const redshift = mockClient(RedshiftClient);
    mocks.push(redshift);
    redshift.on(DescribeClustersCommand).callsFake(async (input: DescribeClustersCommandInput, getClient): Promise<Out<DescribeClustersCommandOutput>> => {
      const page = paginate('DescribeClusters', (await at(getClient)).redshiftClusters, input.Marker, input.MaxRecords, 100);
      return { Clusters: page.items, Marker: page.next };
    });
    const efs = mockClient(EFSClient);
    mocks.push(efs);
    efs.on(DescribeFileSystemsCommand).callsFake(async (input: DescribeFileSystemsCommandInput, getClient): Promise<Out<DescribeFileSystemsCommandOutput>> => {
      const page = paginate('DescribeFileSystems', (await at(getClient)).fileSystems, input.Marker, input.MaxItems, 100);
      return { FileSystems: page.items, Marker: input.Marker, NextMarker: page.next };
    });
    const autoscaling = mockClient(AutoScalingClient);
    mocks.push(autoscaling);
    autoscaling.on(DescribeAutoScalingGroupsCommand).callsFake(async (input: DescribeAutoScalingGroupsCommandInput, getClient): Promise<Out<DescribeAutoScalingGroupsCommandOutput>> => {
      const page = paginate('DescribeAutoScalingGroups', (await at(getClient)).autoScalingGroups, input.NextToken, input.MaxRecords, 100, 50);
      return { AutoScalingGroups: page.items, NextToken: page.next };
    });

    // ---- OpenSearch
    const opensearch = mockClient(OpenSearchClient);
    mocks.push(opensearch);
    opensearch.on(ListDomainNamesCommand).callsFake(async (_input: unknown, getClient): Promise<Out<ListDomainNamesCommandOutput>> => ({
      DomainNames: (await at(getClient)).domains.map((domain) => ({ DomainName: domain.DomainName, EngineType: 'OpenSearch' })),
    }));
    opensearch.on(DescribeDomainsCommand).callsFake(async (input: DescribeDomainsCommandInput, getClient): Promise<Out<DescribeDomainsCommandOutput>> => {
      batchLimit('DescribeDomains', input.DomainNames, 5);
      const data = await at(getClient);
      const names = new Set(input.DomainNames);
      return { DomainStatusList: data.domains.filter((domain) => names.has(domain.DomainName ?? '')) };
    });

    // ---- ELBv2
    const elb = mockClient(ElasticLoadBalancingV2Client);
    mocks.push(elb);
    elb.on(DescribeLoadBalancersCommand).callsFake(async (input: DescribeLoadBalancersCommandInput, getClient): Promise<Out<DescribeLoadBalancersCommandOutput>> => {
      const page = paginate('DescribeLoadBalancers', (await at(getClient)).loadBalancers, input.Marker, input.PageSize, 400);
      return { LoadBalancers: page.items, NextMarker: page.next };
    });
    elb.on(DescribeListenersCommand).callsFake(async (input: DescribeListenersCommandInput, getClient): Promise<Out<DescribeListenersCommandOutput>> => {
      const listeners = (await at(getClient)).listeners.get(input.LoadBalancerArn ?? '');
      if (listeners === undefined) throw awsError('LoadBalancerNotFound', `no load balancer ${String(input.LoadBalancerArn)}`);
      const page = paginate(`DescribeListeners:${input.LoadBalancerArn ?? ''}`, listeners, input.Marker, input.PageSize, 400);
      return { Listeners: page.items, NextMarker: page.next };
    });
    elb.on(DescribeTagsCommand).callsFake(async (input: DescribeTagsCommandInput, getClient): Promise<Out<DescribeTagsCommandOutput>> => {
      batchLimit('DescribeTags', input.ResourceArns, 20);
      const data = await at(getClient);
      return {
        TagDescriptions: (input.ResourceArns ?? []).map((resourceArn) => {
          const tags = data.elbTags.get(resourceArn);
          if (tags === undefined) throw awsError('LoadBalancerNotFound', `no resource ${resourceArn}`);
          return { ResourceArn: resourceArn, Tags: ec2Tags(tags) };
        }),
      };
    });

    // ---- Lambda, ECS
    const lambda = mockClient(LambdaClient);
    mocks.push(lambda);
    lambda.on(ListFunctionsCommand).callsFake(async (input: ListFunctionsCommandInput, getClient): Promise<Out<ListFunctionsCommandOutput>> => {
      // ListFunctions returns at most 50 per call whatever MaxItems asks.
      const page = paginate('ListFunctions', (await at(getClient)).functions, input.Marker, input.MaxItems, 50);
      return { Functions: page.items, NextMarker: page.next };
    });
    const ecs = mockClient(ECSClient);
    mocks.push(ecs);
    const clusterOf = (data: RegionData, name: string | undefined) => {
      const cluster = data.ecsClusters.find((candidate) => candidate.arn === name || candidate.arn.endsWith(`/${name ?? 'default'}`));
      if (cluster === undefined) throw awsError('ClusterNotFoundException', `no cluster ${String(name)}`);
      return cluster;
    };
    ecs.on(ListClustersCommand).callsFake(async (input: ListClustersCommandInput, getClient): Promise<Out<ListClustersCommandOutput>> => {
      const page = paginate('ListClusters', (await at(getClient)).ecsClusters, input.nextToken, input.maxResults, 100);
      return { clusterArns: page.items.map((cluster) => cluster.arn), nextToken: page.next };
    });
    ecs.on(ListServicesCommand).callsFake(async (input: ListServicesCommandInput, getClient): Promise<Out<ListServicesCommandOutput>> => {
      const cluster = clusterOf(await at(getClient), input.cluster);
      const page = paginate(`ListServices:${cluster.arn}`, cluster.services, input.nextToken, input.maxResults, 100, 10);
      return { serviceArns: page.items.map((service) => service.serviceArn ?? ''), nextToken: page.next };
    });
    ecs.on(DescribeServicesCommand).callsFake(async (input: DescribeServicesCommandInput, getClient): Promise<Out<DescribeServicesCommandOutput>> => {
      batchLimit('DescribeServices', input.services, 10);
      const cluster = clusterOf(await at(getClient), input.cluster);
      const withTags = input.include?.includes('TAGS') === true;
      const services: Service[] = [];
      const failures: { arn: string; reason: string }[] = [];
      for (const name of input.services ?? []) {
        const service = lookup(cluster.services, (candidate) => [candidate.serviceArn, candidate.serviceName], name);
        if (service === undefined) failures.push({ arn: name, reason: 'MISSING' });
        else services.push(withTags ? service : { ...service, tags: undefined });
      }
      return { services, failures };
    });

    // ---- S3 (ListBuckets on the home Region's client; per-bucket calls must use the bucket's Region)
    const s3 = mockClient(S3Client);
    mocks.push(s3);
    const buckets = new Map(this.regions.flatMap((data) => data.buckets.map((bucket) => [bucket.name, bucket] as const)));
    const allBuckets = [...buckets.values()];
    const bucketAt = async (name: string | undefined, getClient: () => { config: { region: unknown } }): Promise<Bucket> => {
      const bucket = buckets.get(name ?? '');
      if (bucket === undefined) throw awsError('NoSuchBucket', `no bucket ${String(name)}`);
      const region = await regionOf(getClient);
      if (region !== bucket.region) throw awsError('PermanentRedirect', `bucket ${bucket.name} is in ${bucket.region}, not ${region}`);
      return bucket;
    };
    const notConfigured = (name: string, message: string) => new S3ServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: 404, attempts: 1 }, message });
    s3.on(ListBucketsCommand).callsFake(async (input: ListBucketsCommandInput): Promise<Out<ListBucketsCommandOutput>> => {
      const page = paginate('ListBuckets', allBuckets, input.ContinuationToken, input.MaxBuckets, 10_000);
      return {
        Buckets: page.items.map((bucket) => ({ Name: bucket.name, CreationDate: CREATED, BucketRegion: bucket.region })),
        Owner: { ID: hex(1, 64) },
        ContinuationToken: page.next,
      };
    });
    s3.on(GetBucketEncryptionCommand).callsFake(async (input: GetBucketEncryptionCommandInput, getClient): Promise<Out<GetBucketEncryptionCommandOutput>> => {
      const bucket = await bucketAt(input.Bucket, getClient);
      return {
        ServerSideEncryptionConfiguration: {
          Rules: [
            bucket.kmsKey === undefined
              ? { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: false }
              : { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: bucket.kmsKey }, BucketKeyEnabled: true },
          ],
        },
      };
    });
    s3.on(GetBucketPolicyCommand).callsFake(async (input: GetBucketPolicyCommandInput, getClient): Promise<Out<GetBucketPolicyCommandOutput>> => {
      const bucket = await bucketAt(input.Bucket, getClient);
      if (bucket.policy === undefined) throw notConfigured('NoSuchBucketPolicy', 'The bucket policy does not exist');
      return { Policy: bucket.policy };
    });
    s3.on(GetPublicAccessBlockCommand).callsFake(async (input: GetPublicAccessBlockCommandInput, getClient): Promise<Out<GetPublicAccessBlockCommandOutput>> => {
      await bucketAt(input.Bucket, getClient);
      return { PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true } };
    });

    // ---- IAM (global)
    const iam = mockClient(IAMClient);
    mocks.push(iam);
    const { users, groups, roles, policies, policyTags } = this.global;
    const entities = [
      ...users.map((entity) => ({ filter: 'User', entity })),
      ...groups.map((entity) => ({ filter: 'Group', entity })),
      ...roles.map((entity) => ({ filter: 'Role', entity })),
      ...policies.map((entity) => ({ filter: 'LocalManagedPolicy', entity })),
    ];
    iam.on(GetAccountAuthorizationDetailsCommand).callsFake(async (input: GetAccountAuthorizationDetailsCommandInput): Promise<Out<GetAccountAuthorizationDetailsCommandOutput>> => {
      const filter = new Set<string>(input.Filter ?? ['User', 'Group', 'Role', 'LocalManagedPolicy', 'AWSManagedPolicy']);
      const page = paginate(`GetAccountAuthorizationDetails:${[...filter].sort().join(',')}`, entities.filter((entry) => filter.has(entry.filter)), input.Marker, input.MaxItems, 1000, 100);
      const of = <T>(kind: string) => page.items.filter((entry) => entry.filter === kind).map((entry) => entry.entity as T);
      return {
        UserDetailList: of<UserDetail>('User'),
        GroupDetailList: of<GroupDetail>('Group'),
        RoleDetailList: of<RoleDetail>('Role'),
        Policies: of<ManagedPolicyDetail>('LocalManagedPolicy'),
        IsTruncated: page.next !== undefined,
        Marker: page.next,
      };
    });
    iam.on(ListPolicyTagsCommand).callsFake(async (input: ListPolicyTagsCommandInput): Promise<Out<ListPolicyTagsCommandOutput>> => {
      const tags = policyTags.get(input.PolicyArn ?? '');
      if (tags === undefined) throw awsError('NoSuchEntity', `no policy ${String(input.PolicyArn)}`);
      const page = paginate(`ListPolicyTags:${input.PolicyArn ?? ''}`, ec2Tags(tags), input.Marker, input.MaxItems, 1000, 100);
      return { Tags: page.items.map((tag) => ({ Key: tag.Key ?? '', Value: tag.Value ?? '' })), IsTruncated: page.next !== undefined, Marker: page.next };
    });

    // ---- SNS, SQS, DynamoDB, Kinesis
    const sns = mockClient(SNSClient);
    mocks.push(sns);
    sns.on(ListTopicsCommand).callsFake(async (input: ListTopicsCommandInput, getClient): Promise<Out<ListTopicsCommandOutput>> => {
      // ListTopics has no page-size parameter: 100 per page.
      const page = paginate('ListTopics', [...(await at(getClient)).topics.keys()], input.NextToken, undefined, 100);
      return { Topics: page.items.map((TopicArn) => ({ TopicArn })), NextToken: page.next };
    });
    sns.on(GetTopicAttributesCommand).callsFake(async (input: GetTopicAttributesCommandInput, getClient): Promise<Out<GetTopicAttributesCommandOutput>> => {
      const attributes = (await at(getClient)).topics.get(input.TopicArn ?? '');
      if (attributes === undefined) throw awsError('NotFound', `no topic ${String(input.TopicArn)}`);
      return { Attributes: attributes };
    });
    const sqs = mockClient(SQSClient);
    mocks.push(sqs);
    sqs.on(ListQueuesCommand).callsFake(async (input: ListQueuesCommandInput, getClient): Promise<Out<ListQueuesCommandOutput>> => {
      const data = await at(getClient);
      const urls = [...data.queues.keys()].filter((url) => input.QueueNamePrefix === undefined || url.slice(url.lastIndexOf('/') + 1).startsWith(input.QueueNamePrefix));
      // Without MaxResults, ListQueues returns up to 1000 and no token.
      if (input.MaxResults === undefined) return { QueueUrls: urls.slice(0, 1000) };
      const page = paginate('ListQueues', urls, input.NextToken, input.MaxResults, 1000);
      return { QueueUrls: page.items, NextToken: page.next };
    });
    sqs.on(GetQueueAttributesCommand).callsFake(async (input: GetQueueAttributesCommandInput, getClient): Promise<Out<GetQueueAttributesCommandOutput>> => {
      const attributes = (await at(getClient)).queues.get(input.QueueUrl ?? '');
      if (attributes === undefined) throw awsError('AWS.SimpleQueueService.NonExistentQueue', `no queue ${String(input.QueueUrl)}`);
      const names = input.AttributeNames ?? [];
      const all = names.includes('All');
      return { Attributes: Object.fromEntries(Object.entries(attributes).filter(([name]) => all || (names as string[]).includes(name))) };
    });
    const dynamodb = mockClient(DynamoDBClient);
    mocks.push(dynamodb);
    dynamodb.on(ListTablesCommand).callsFake(async (input: ListTablesCommandInput, getClient): Promise<Out<ListTablesCommandOutput>> => {
      const names = (await at(getClient)).tables.map((table) => table.TableName ?? '');
      const limit = Math.min(input.Limit ?? 100, 100);
      const start = input.ExclusiveStartTableName === undefined ? 0 : names.indexOf(input.ExclusiveStartTableName) + 1;
      if (start === 0 && input.ExclusiveStartTableName !== undefined) throw awsError('ValidationException', `no table ${input.ExclusiveStartTableName}`);
      const page = names.slice(start, start + limit);
      // DynamoDB hands back LastEvaluatedTableName with every full page, even the last one.
      return { TableNames: page, ...(page.length === limit ? { LastEvaluatedTableName: page[page.length - 1] } : {}) };
    });
    dynamodb.on(DescribeTableCommand).callsFake(async (input: DescribeTableCommandInput, getClient): Promise<Out<DescribeTableCommandOutput>> => {
      const table = lookup((await at(getClient)).tables, (candidate) => [candidate.TableName, candidate.TableArn], input.TableName);
      if (table === undefined) throw awsError('ResourceNotFoundException', `no table ${String(input.TableName)}`);
      return { Table: table };
    });
    const kinesis = mockClient(KinesisClient);
    mocks.push(kinesis);
    kinesis.on(ListStreamsCommand).callsFake(async (input: ListStreamsCommandInput, getClient): Promise<Out<ListStreamsCommandOutput>> => {
      // At most 100 per call whatever Limit asks.
      const page = paginate('ListStreams', (await at(getClient)).streams, input.NextToken, input.Limit, 100);
      return {
        StreamNames: page.items.map((stream) => stream.StreamName ?? ''),
        StreamSummaries: page.items.map((stream) => ({
          StreamName: stream.StreamName ?? '',
          StreamARN: stream.StreamARN ?? '',
          StreamStatus: stream.StreamStatus ?? 'ACTIVE',
          StreamModeDetails: stream.StreamModeDetails,
          StreamCreationTimestamp: stream.StreamCreationTimestamp,
        })),
        HasMoreStreams: page.next !== undefined,
        NextToken: page.next,
      };
    });
    kinesis.on(DescribeStreamSummaryCommand).callsFake(async (input: DescribeStreamSummaryCommandInput, getClient): Promise<Out<DescribeStreamSummaryCommandOutput>> => {
      const stream = lookup((await at(getClient)).streams, (candidate) => [candidate.StreamARN, candidate.StreamName], input.StreamARN ?? input.StreamName);
      if (stream === undefined) throw awsError('ResourceNotFoundException', `no stream ${String(input.StreamARN ?? input.StreamName)}`);
      return { StreamDescriptionSummary: stream };
    });

    // ---- CloudFront (global)
    const cloudfront = mockClient(CloudFrontClient);
    mocks.push(cloudfront);
    const { distributions } = this.global;
    cloudfront.on(ListDistributionsCommand).callsFake(async (input: ListDistributionsCommandInput): Promise<Out<ListDistributionsCommandOutput>> => {
      // The API reference gives MaxItems a maximum (and default) of 100.
      const page = paginate('ListDistributions', distributions, input.Marker, input.MaxItems, 100);
      return {
        DistributionList: {
          Marker: input.Marker ?? '',
          MaxItems: Math.min(input.MaxItems ?? 100, 100),
          IsTruncated: page.next !== undefined,
          Quantity: page.items.length,
          Items: page.items,
          ...(page.next === undefined ? {} : { NextMarker: page.next }),
        },
      };
    });

    // ---- CloudTrail, GuardDuty, Config
    const cloudtrail = mockClient(CloudTrailClient);
    mocks.push(cloudtrail);
    // A shadow trail (another Region's multi-Region trail) answers by its ARN, as CloudTrail's does.
    const trailAt = async (name: string | undefined, getClient: () => { config: { region: unknown } }) => {
      const data = await at(getClient);
      const trail =
        lookup(data.trails, (candidate) => [candidate.trail.TrailARN, candidate.trail.Name], name) ??
        this.shadowTrailsOf(data.region).find((candidate) => candidate.trail.TrailARN === name);
      if (trail === undefined) throw awsError('TrailNotFoundException', `no trail ${String(name)}`);
      return trail;
    };
    // includeShadowTrails defaults to true in the API.
    cloudtrail.on(DescribeTrailsCommand).callsFake(async (input: DescribeTrailsCommandInput, getClient): Promise<Out<DescribeTrailsCommandOutput>> => {
      const data = await at(getClient);
      const shadows = input.includeShadowTrails === false ? [] : this.shadowTrailsOf(data.region);
      return { trailList: [...data.trails, ...shadows].map((entry) => entry.trail) };
    });
    cloudtrail.on(GetTrailStatusCommand).callsFake(async (input: GetTrailStatusCommandInput, getClient): Promise<Out<GetTrailStatusCommandOutput>> => {
      await trailAt(input.Name, getClient);
      return { IsLogging: true, LatestDeliveryTime: CREATED, StartLoggingTime: CREATED };
    });
    cloudtrail.on(GetEventSelectorsCommand).callsFake(async (input: GetEventSelectorsCommandInput, getClient): Promise<Out<GetEventSelectorsCommandOutput>> => {
      const { trail } = await trailAt(input.TrailName, getClient);
      return trail.HasCustomEventSelectors === true
        ? {
            TrailARN: trail.TrailARN,
            AdvancedEventSelectors: [{ Name: 'Management events', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] }],
          }
        : { TrailARN: trail.TrailARN, EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: [] }] };
    });
    cloudtrail.on(ListTagsCommand).callsFake(async (input: ListTagsCommandInput, getClient): Promise<Out<ListTagsCommandOutput>> => {
      batchLimit('ListTags', input.ResourceIdList, 20);
      const resourceTagList = [];
      for (const name of input.ResourceIdList ?? []) {
        const { trail, tags } = await trailAt(name, getClient);
        resourceTagList.push({ ResourceId: trail.TrailARN, TagsList: ec2Tags(tags) });
      }
      return { ResourceTagList: resourceTagList };
    });
    const guardduty = mockClient(GuardDutyClient);
    mocks.push(guardduty);
    guardduty.on(ListDetectorsCommand).callsFake(async (input: ListDetectorsCommandInput, getClient): Promise<Out<ListDetectorsCommandOutput>> => {
      const page = paginate('ListDetectors', [...(await at(getClient)).detectors.keys()], input.NextToken, input.MaxResults, 50);
      return { DetectorIds: page.items, NextToken: page.next };
    });
    guardduty.on(GetDetectorCommand).callsFake(async (input: GetDetectorCommandInput, getClient): Promise<Out<GetDetectorCommandOutput>> => {
      const detector = (await at(getClient)).detectors.get(input.DetectorId ?? '');
      if (detector === undefined) throw awsError('BadRequestException', `no detector ${String(input.DetectorId)}`);
      return detector;
    });
    const config = mockClient(ConfigServiceClient);
    mocks.push(config);
    config.on(DescribeConfigurationRecordersCommand).callsFake(async (): Promise<Out<DescribeConfigurationRecordersCommandOutput>> => ({
      ConfigurationRecorders: [{ name: 'default', roleARN: `arn:aws:iam::${ACCOUNT}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`, recordingGroup: { allSupported: true, includeGlobalResourceTypes: true } }],
    }));
    config.on(DescribeConfigurationRecorderStatusCommand).callsFake(async (): Promise<Out<DescribeConfigurationRecorderStatusCommandOutput>> => ({
      ConfigurationRecordersStatus: [{ name: 'default', recording: true, lastStatus: 'Success', lastStartTime: CREATED, lastStatusChangeTime: CREATED }],
    }));

    // ---- Resource Groups Tagging API: the Region's tagged resources matching the filters.
    const tagging = mockClient(ResourceGroupsTaggingAPIClient);
    mocks.push(tagging);
    tagging.on(GetResourcesCommand).callsFake(async (input: GetResourcesCommandInput, getClient): Promise<Out<GetResourcesCommandOutput>> => {
      const region = await regionOf(getClient);
      const filters = input.ResourceTypeFilters ?? [];
      const resources = filters.length === 0 ? (this.tagged.get(region) ?? []) : this.taggedIn(region, filters);
      const page = paginate(`GetResources:${region}:${[...filters].sort().join(',')}`, resources, input.PaginationToken, input.ResourcesPerPage, 100, 50);
      const mappings: ResourceTagMapping[] = page.items.map((resource) => ({ ResourceARN: resource.arn, Tags: ec2Tags(resource.tags).map((tag) => ({ Key: tag.Key ?? '', Value: tag.Value ?? '' })) }));
      // The Tagging API ends a walk with an empty token, not an absent one.
      return { ResourceTagMappingList: mappings, PaginationToken: page.next ?? '' };
    });

    return () => {
      for (const mock of mocks) mock.restore();
    };
  }
}
