import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  DescribeInstancesCommand,
  DescribeInternetGatewaysCommand,
  DescribeNetworkInterfacesCommand,
  DescribeRouteTablesCommand,
  DescribeSubnetsCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcsCommand,
  EC2ServiceException,
  type Instance,
  type InternetGateway,
  type InternetGatewayAttachment,
  type NetworkInterface,
  type RouteTable,
  type Subnet,
  type Vpc,
  type VpcEndpoint,
} from '@aws-sdk/client-ec2';
import { ec2InstancesCollector } from '../../../../inventory/live/collectors/ec2-instances.js';
import { ec2NetworkCollector } from '../../../../inventory/live/collectors/ec2-network.js';
import type { ResourceType } from '../../../../model/configuration-item.js';
import { scan } from '../../../../engine/scan.js';
import { defaultSettings } from '../../../../engine/settings.js';
import ec2InstanceInPrivateSubnet from '../../../../rules/private-network/ec2-instance-in-private-subnet.js';
import vpcGatewayEndpoints from '../../../../rules/vpc-endpoints/vpc-gateway-endpoints.js';
import { checkItemAgainstSchema } from '../../../support/config-schema.js';
import { ACCOUNT, REGION } from '../../../support/items.js';
import { callsOf, collect, mockedLiveSource, mockIdentity } from '../../../../testkit/live.js';

const OTHER_ACCOUNT = '444455556666';
const VPC_ID = 'vpc-0a1b2c3d4e5f60001';
const PUBLIC_SUBNET = 'subnet-0a1b2c3d4e5f60011';
const PRIVATE_SUBNET = 'subnet-0a1b2c3d4e5f60012';
const IGW_ID = 'igw-0a1b2c3d4e5f60021';

const NETWORK_TYPES: ResourceType[] = [
  'AWS::EC2::VPC',
  'AWS::EC2::Subnet',
  'AWS::EC2::RouteTable',
  'AWS::EC2::InternetGateway',
  'AWS::EC2::VPCEndpoint',
  'AWS::EC2::NetworkInterface',
];

const vpc = (id = VPC_ID, ownerId = ACCOUNT): Vpc => ({
  VpcId: id,
  OwnerId: ownerId,
  CidrBlock: '10.0.0.0/16',
  DhcpOptionsId: 'dopt-0a1b2c3d',
  State: 'available',
  InstanceTenancy: 'default',
  IsDefault: false,
  CidrBlockAssociationSet: [{ AssociationId: 'vpc-cidr-assoc-01', CidrBlock: '10.0.0.0/16', CidrBlockState: { State: 'associated', StatusMessage: 'ok' } }],
  Ipv6CidrBlockAssociationSet: [
    {
      AssociationId: 'vpc-cidr-assoc-02',
      Ipv6CidrBlock: '2a05:d018:1a2:6b00::/56',
      Ipv6CidrBlockState: { State: 'associated' },
      NetworkBorderGroup: REGION,
      Ipv6Pool: 'Amazon',
      // Fields AWS Config does not record must not leak into the item.
      Ipv6AddressAttribute: 'public',
      IpSource: 'amazon',
    },
  ],
  Tags: [{ Key: 'Name', Value: 'prod' }, { Key: 'Team', Value: 'platform' }],
  BlockPublicAccessStates: { InternetGatewayBlockMode: 'off' },
});

const subnet = (id: string, ownerId = ACCOUNT, mapPublicIp = false): Subnet => ({
  SubnetId: id,
  SubnetArn: `arn:aws:ec2:${REGION}:${ownerId}:subnet/${id}`,
  VpcId: VPC_ID,
  OwnerId: ownerId,
  AvailabilityZone: 'eu-west-1a',
  AvailabilityZoneId: 'euw1-az3',
  AvailableIpAddressCount: 248,
  CidrBlock: '10.0.0.0/24',
  DefaultForAz: false,
  MapPublicIpOnLaunch: mapPublicIp,
  MapCustomerOwnedIpOnLaunch: false,
  State: 'available',
  AssignIpv6AddressOnCreation: false,
  Ipv6CidrBlockAssociationSet: [],
  EnableDns64: false,
  Ipv6Native: false,
  PrivateDnsNameOptionsOnLaunch: { HostnameType: 'ip-name', EnableResourceNameDnsARecord: false, EnableResourceNameDnsAAAARecord: false },
  Tags: [{ Key: 'Name', Value: id }],
  BlockPublicAccessStates: { InternetGatewayBlockMode: 'off' },
  Type: 'ipv4',
});

const LOCAL_ROUTE = { DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local', Origin: 'CreateRouteTable', State: 'active' } as const;

/** The main route table of the VPC (private: local route only) and a table routing a subnet to the internet gateway. */
const mainTable = (id = 'rtb-0a1b2c3d4e5f60031'): RouteTable => ({
  RouteTableId: id,
  VpcId: VPC_ID,
  OwnerId: ACCOUNT,
  Associations: [{ Main: true, RouteTableAssociationId: 'rtbassoc-01', RouteTableId: id, AssociationState: { State: 'associated' } }],
  PropagatingVgws: [],
  Routes: [LOCAL_ROUTE],
  Tags: [{ Key: 'Name', Value: 'prod-main' }],
});
const publicTable = (id = 'rtb-0a1b2c3d4e5f60032'): RouteTable => ({
  RouteTableId: id,
  VpcId: VPC_ID,
  OwnerId: ACCOUNT,
  Associations: [{ Main: false, RouteTableAssociationId: 'rtbassoc-02', RouteTableId: id, SubnetId: PUBLIC_SUBNET, AssociationState: { State: 'associated', StatusMessage: 'fine' } }],
  PropagatingVgws: [{ GatewayId: 'vgw-01' }],
  Routes: [
    LOCAL_ROUTE,
    { DestinationCidrBlock: '0.0.0.0/0', GatewayId: IGW_ID, Origin: 'CreateRoute', State: 'active' },
    { DestinationIpv6CidrBlock: '::/0', EgressOnlyInternetGatewayId: 'eigw-01', Origin: 'CreateRoute', State: 'active' },
    { DestinationPrefixListId: 'pl-6da54004', GatewayId: 'vpce-01', Origin: 'CreateRoute', State: 'active', CoreNetworkArn: 'arn:aws:networkmanager::1:core-network/x' },
  ],
  Tags: [{ Key: 'Name', Value: 'prod-public' }],
});

const internetGateway = (id = IGW_ID): InternetGateway => ({
  InternetGatewayId: id,
  OwnerId: ACCOUNT,
  // EC2 answers "available" for an attached gateway, a value the SDK's AttachmentStatus enum lacks.
  Attachments: [{ State: 'available' as InternetGatewayAttachment['State'], VpcId: VPC_ID }],
  Tags: [{ Key: 'Name', Value: 'prod-igw' }],
});

const endpoint = (id: string, service: string, type: 'Gateway' | 'Interface' = 'Gateway', state = 'available'): VpcEndpoint => ({
  VpcEndpointId: id,
  VpcEndpointType: type,
  VpcId: VPC_ID,
  ServiceName: `com.amazonaws.${REGION}.${service}`,
  // EC2 answers the state in lower case, whatever the SDK's enum says.
  State: state as VpcEndpoint['State'],
  RouteTableIds: type === 'Gateway' ? ['rtb-0a1b2c3d4e5f60031'] : [],
  SubnetIds: type === 'Interface' ? [PRIVATE_SUBNET] : [],
  NetworkInterfaceIds: type === 'Interface' ? ['eni-0a1b2c3d4e5f60099'] : [],
  Groups: type === 'Interface' ? [{ GroupId: 'sg-01', GroupName: 'endpoints' }] : [],
  IpAddressType: 'ipv4',
  DnsOptions: { DnsRecordIpType: 'ipv4', PrivateDnsOnlyForInboundResolverEndpoint: false },
  PrivateDnsEnabled: type === 'Interface',
  RequesterManaged: false,
  DnsEntries: type === 'Interface' ? [{ DnsName: `vpce-x.${service}.${REGION}.vpce.amazonaws.com`, HostedZoneId: 'Z7HUB22UULQXV' }] : [],
  CreationTimestamp: new Date('2023-02-07T08:40:00Z'),
  OwnerId: ACCOUNT,
  Tags: [{ Key: 'Name', Value: `prod-${service}` }],
  PolicyDocument: '{"Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}',
});

const networkInterface = (id: string, subnetId = PRIVATE_SUBNET, ownerId = ACCOUNT): NetworkInterface => ({
  NetworkInterfaceId: id,
  OwnerId: ownerId,
  SubnetId: subnetId,
  VpcId: VPC_ID,
  AvailabilityZone: 'eu-west-1a',
  AvailabilityZoneId: 'euw1-az3',
  Description: 'Primary network interface',
  InterfaceType: 'interface',
  RequesterManaged: false,
  RequesterId: 'AIDAEXAMPLE',
  Status: 'in-use',
  MacAddress: '0a:54:2f:ad:b7:5f',
  PrivateDnsName: 'ip-10-0-10-101.eu-west-1.compute.internal',
  PrivateIpAddress: '10.0.10.101',
  SourceDestCheck: true,
  DenyAllIgwTraffic: false,
  Ipv6Native: false,
  Association: { PublicIp: '52.214.117.38', IpOwnerId: 'amazon', PublicDnsName: 'ec2-52-214-117-38.eu-west-1.compute.amazonaws.com' },
  Attachment: {
    AttachTime: new Date('2025-04-22T07:15:31Z'),
    AttachmentId: 'eni-attach-01',
    DeleteOnTermination: true,
    DeviceIndex: 0,
    NetworkCardIndex: 0,
    InstanceId: 'i-0a1b2c3d4e5f60041',
    InstanceOwnerId: ACCOUNT,
    Status: 'attached',
    EnaSrdSpecification: { EnaSrdEnabled: false },
  },
  Groups: [{ GroupId: 'sg-01', GroupName: 'app' }],
  Ipv6Addresses: [{ Ipv6Address: '2a05:d018:1a2:6b00::1', IsPrimaryIpv6: true }],
  Ipv4Prefixes: [{ Ipv4Prefix: '10.0.10.16/28' }],
  PrivateIpAddresses: [{ Primary: true, PrivateIpAddress: '10.0.10.101', PrivateDnsName: 'ip-10-0-10-101.eu-west-1.compute.internal', Association: { PublicIp: '52.214.117.38' } }],
  TagSet: [{ Key: 'Name', Value: 'app-eni' }],
  Operator: { Managed: false },
  ConnectionTrackingConfiguration: { TcpEstablishedTimeout: 432000 },
});

/** An instance in `subnetId`, as DescribeInstances returns it, for the scans through the instance rule. */
const instance = (id: string, subnetId: string): Instance => ({
  InstanceId: id,
  InstanceType: 't4g.large',
  ImageId: 'ami-0b9f0a8c2e4d51f73',
  State: { Code: 16, Name: 'running' },
  SubnetId: subnetId,
  VpcId: VPC_ID,
  PrivateIpAddress: '10.0.10.101',
  Placement: { AvailabilityZone: 'eu-west-1a', Tenancy: 'default' },
  NetworkInterfaces: [{ NetworkInterfaceId: `eni-of-${id}`, SubnetId: subnetId, VpcId: VPC_ID, Status: 'in-use' }],
  LaunchTime: new Date('2025-04-22T07:15:31Z'),
});

const ec2Error = (name: string) => new EC2ServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: 403 }, message: `${name} from the test` });

/** Mocks every network Describe call with one page of the fixtures above. */
function mockNetwork(ec2: ReturnType<typeof mockIdentity>['ec2']): void {
  ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [vpc()] });
  ec2.on(DescribeSubnetsCommand).resolves({ Subnets: [subnet(PUBLIC_SUBNET, ACCOUNT, true), subnet(PRIVATE_SUBNET)] });
  ec2.on(DescribeRouteTablesCommand).resolves({ RouteTables: [mainTable(), publicTable()] });
  ec2.on(DescribeInternetGatewaysCommand).resolves({ InternetGateways: [internetGateway()] });
  ec2.on(DescribeVpcEndpointsCommand).resolves({ VpcEndpoints: [endpoint('vpce-01', 's3'), endpoint('vpce-02', 'dynamodb'), endpoint('vpce-03', 'logs', 'Interface')] });
  ec2.on(DescribeNetworkInterfacesCommand).resolves({ NetworkInterfaces: [networkInterface('eni-0a1b2c3d4e5f60051')] });
}

let mocks: ReturnType<typeof mockIdentity>;
beforeEach(() => {
  mocks = mockIdentity();
});
afterEach(() => {
  mocks.ec2.restore();
  mocks.sts.restore();
});

describe('EC2 network collector', () => {
  it('builds configuration items of every network type in the shape AWS Config records, tags from the Describe responses', async () => {
    mockNetwork(mocks.ec2);
    const collection = await collect([ec2NetworkCollector], NETWORK_TYPES);
    expect(collection.errors).toEqual([]);
    const raw = collection.rawItems ?? [];
    const byId = (id: string) => raw.find((entry) => entry['resourceId'] === id);

    expect(byId(VPC_ID)).toMatchObject({
      resourceType: 'AWS::EC2::VPC',
      ARN: `arn:aws:ec2:${REGION}:${ACCOUNT}:vpc/${VPC_ID}`,
      awsAccountId: ACCOUNT,
      awsRegion: REGION,
      availabilityZone: 'Not Applicable',
      tags: { Name: 'prod', Team: 'platform' },
      configuration: { vpcId: VPC_ID, cidrBlock: '10.0.0.0/16', isDefault: false, state: 'available', cidrBlockAssociationSet: [{ cidrBlockState: { state: 'associated' } }] },
    });
    expect(byId(VPC_ID)?.['configuration']).not.toHaveProperty('blockPublicAccessStates');
    expect(byId(PUBLIC_SUBNET)).toMatchObject({
      resourceType: 'AWS::EC2::Subnet',
      ARN: `arn:aws:ec2:${REGION}:${ACCOUNT}:subnet/${PUBLIC_SUBNET}`,
      availabilityZone: 'eu-west-1a',
      relationships: [{ resourceType: 'AWS::EC2::VPC', resourceId: VPC_ID, name: 'Is contained in Vpc' }],
      configuration: { subnetId: PUBLIC_SUBNET, vpcId: VPC_ID, mapPublicIpOnLaunch: true, availabilityZone: 'eu-west-1a', cidrBlock: '10.0.0.0/24', state: 'available' },
    });
    expect(byId(PUBLIC_SUBNET)?.['configuration']).not.toHaveProperty('type');
    expect(byId('rtb-0a1b2c3d4e5f60032')).toMatchObject({
      resourceType: 'AWS::EC2::RouteTable',
      ARN: `arn:aws:ec2:${REGION}:${ACCOUNT}:route-table/rtb-0a1b2c3d4e5f60032`,
      availabilityZone: 'Not Applicable',
      relationships: [
        { resourceType: 'AWS::EC2::Subnet', resourceId: PUBLIC_SUBNET, name: 'Is associated with Subnet' },
        { resourceType: 'AWS::EC2::VPC', resourceId: VPC_ID, name: 'Is contained in Vpc' },
      ],
      configuration: {
        routeTableId: 'rtb-0a1b2c3d4e5f60032',
        vpcId: VPC_ID,
        associations: [{ main: false, subnetId: PUBLIC_SUBNET, routeTableAssociationId: 'rtbassoc-02', associationState: { state: 'associated' } }],
        routes: [
          { destinationCidrBlock: '10.0.0.0/16', gatewayId: 'local', state: 'active' },
          { destinationCidrBlock: '0.0.0.0/0', gatewayId: IGW_ID, state: 'active' },
          { destinationIpv6CidrBlock: '::/0', egressOnlyInternetGatewayId: 'eigw-01', state: 'active' },
          { destinationPrefixListId: 'pl-6da54004', gatewayId: 'vpce-01', state: 'active' },
        ],
      },
    });
    expect(JSON.stringify(byId('rtb-0a1b2c3d4e5f60032'))).not.toContain('coreNetworkArn');
    expect(JSON.stringify(byId('rtb-0a1b2c3d4e5f60032'))).not.toContain('statusMessage');
    expect(byId('rtb-0a1b2c3d4e5f60031')).toMatchObject({ configuration: { associations: [{ main: true }] } });
    expect(byId(IGW_ID)).toMatchObject({
      resourceType: 'AWS::EC2::InternetGateway',
      ARN: `arn:aws:ec2:${REGION}:${ACCOUNT}:internet-gateway/${IGW_ID}`,
      relationships: [{ resourceType: 'AWS::EC2::VPC', resourceId: VPC_ID, name: 'Is attached to Vpc' }],
      configuration: { internetGatewayId: IGW_ID, attachments: [{ vpcId: VPC_ID, state: 'available' }] },
    });
    expect(byId('vpce-01')).toMatchObject({
      resourceType: 'AWS::EC2::VPCEndpoint',
      ARN: `arn:aws:ec2:${REGION}:${ACCOUNT}:vpc-endpoint/vpce-01`,
      resourceCreationTime: '2023-02-07T08:40:00.000Z',
      configuration: { vpcEndpointId: 'vpce-01', vpcId: VPC_ID, serviceName: `com.amazonaws.${REGION}.s3`, vpcEndpointType: 'Gateway', state: 'available', creationTimestamp: '2023-02-07T08:40:00.000Z' },
    });
    expect(byId('vpce-01')?.['configuration']).not.toHaveProperty('policyDocument');
    expect(byId('eni-0a1b2c3d4e5f60051')).toMatchObject({
      resourceType: 'AWS::EC2::NetworkInterface',
      ARN: `arn:aws:ec2:${REGION}:${ACCOUNT}:network-interface/eni-0a1b2c3d4e5f60051`,
      availabilityZone: 'eu-west-1a',
      tags: { Name: 'app-eni' },
      configuration: {
        networkInterfaceId: 'eni-0a1b2c3d4e5f60051',
        subnetId: PRIVATE_SUBNET,
        vpcId: VPC_ID,
        interfaceType: 'interface',
        requesterId: 'AIDAEXAMPLE',
        requesterManaged: false,
        description: 'Primary network interface',
        attachment: { instanceId: 'i-0a1b2c3d4e5f60041', attachTime: '2025-04-22T07:15:31.000Z', status: 'attached' },
        association: { publicIp: '52.214.117.38' },
      },
    });
    const eni = JSON.stringify(byId('eni-0a1b2c3d4e5f60051'));
    for (const leaked of ['operator', 'connectionTrackingConfiguration', 'enaSrdSpecification', 'isPrimaryIpv6', 'availabilityZoneId']) expect(eni).not.toContain(leaked);

    expect(raw.map((entry) => entry['resourceType']).sort()).toEqual([...NETWORK_TYPES, 'AWS::EC2::RouteTable', 'AWS::EC2::Subnet', 'AWS::EC2::VPCEndpoint', 'AWS::EC2::VPCEndpoint', 'AWS::::Account'].sort());
    for (const entry of raw) expect(checkItemAgainstSchema(entry)).toEqual([]);
  });

  it('emits only the resources the account owns, as AWS Config records them', async () => {
    mocks.ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [vpc(), vpc('vpc-0shared', OTHER_ACCOUNT)] });
    mocks.ec2.on(DescribeSubnetsCommand).resolves({ Subnets: [subnet(PRIVATE_SUBNET), subnet('subnet-0shared', OTHER_ACCOUNT)] });
    mocks.ec2.on(DescribeNetworkInterfacesCommand).resolves({ NetworkInterfaces: [networkInterface('eni-own'), networkInterface('eni-theirs', PRIVATE_SUBNET, OTHER_ACCOUNT)] });
    const collection = await collect([ec2NetworkCollector], ['AWS::EC2::VPC', 'AWS::EC2::Subnet', 'AWS::EC2::NetworkInterface']);
    expect(collection.errors).toEqual([]);
    expect(collection.items.filter((entry) => entry.resourceType !== 'AWS::::Account').map((entry) => entry.resourceId).sort()).toEqual(['eni-own', PRIVATE_SUBNET, VPC_ID].sort());
  });

  const walks = [
    { type: 'AWS::EC2::VPC', command: DescribeVpcsCommand, pageSize: 1000, page: (n: number) => ({ Vpcs: [vpc(`vpc-${n}`)] }) },
    { type: 'AWS::EC2::Subnet', command: DescribeSubnetsCommand, pageSize: 1000, page: (n: number) => ({ Subnets: [subnet(`subnet-${n}`)] }) },
    { type: 'AWS::EC2::RouteTable', command: DescribeRouteTablesCommand, pageSize: 100, page: (n: number) => ({ RouteTables: [mainTable(`rtb-${n}`)] }) },
    { type: 'AWS::EC2::InternetGateway', command: DescribeInternetGatewaysCommand, pageSize: 1000, page: (n: number) => ({ InternetGateways: [internetGateway(`igw-${n}`)] }) },
    { type: 'AWS::EC2::VPCEndpoint', command: DescribeVpcEndpointsCommand, pageSize: 1000, page: (n: number) => ({ VpcEndpoints: [endpoint(`vpce-${n}`, 's3')] }) },
    { type: 'AWS::EC2::NetworkInterface', command: DescribeNetworkInterfacesCommand, pageSize: 1000, page: (n: number) => ({ NetworkInterfaces: [networkInterface(`eni-${n}`)] }) },
  ] as const;

  it.each(walks)('follows the $command.name pagination token across three pages at its maximum page size ($pageSize)', async ({ type, command, pageSize, page }) => {
    // The commands' input and output types differ per row; the mock is typed per command.
    const stub = mocks.ec2.on(command as typeof DescribeVpcsCommand);
    stub.resolvesOnce({ ...page(1), NextToken: 't2' } as never).resolvesOnce({ ...page(2), NextToken: 't3' } as never).resolvesOnce(page(3) as never);
    const collection = await collect([ec2NetworkCollector], [type]);
    expect(collection.errors).toEqual([]);
    expect(collection.items.filter((entry) => entry.resourceType === type)).toHaveLength(3);
    expect(mocks.ec2).toHaveReceivedCommandTimes(command, 3);
    expect(mocks.ec2).toHaveReceivedNthCommandWith(1, command, { MaxResults: pageSize, NextToken: undefined });
    expect(mocks.ec2).toHaveReceivedNthCommandWith(2, command, { MaxResults: pageSize, NextToken: 't2' });
    expect(mocks.ec2).toHaveReceivedNthCommandWith(3, command, { MaxResults: pageSize, NextToken: 't3' });
    expect(callsOf(collection, 'ec2', command.name.replace(/Command$/, ''))).toBe(3);
  });

  it('retries throttling and counts the retry', async () => {
    mocks.ec2.on(DescribeRouteTablesCommand).rejectsOnce(ec2Error('RequestLimitExceeded')).resolves({ RouteTables: [mainTable()] });
    const collection = await collect([ec2NetworkCollector], ['AWS::EC2::RouteTable']);
    expect(collection.errors).toEqual([]);
    expect(collection.items.map((entry) => entry.resourceId)).toContain('rtb-0a1b2c3d4e5f60031');
    expect(collection.calls).toContainEqual({ service: 'ec2', operation: 'DescribeRouteTables', calls: 2, retries: 1, errors: 0 });
  });

  it('records a denied DescribeRouteTables as an error for route tables only, and collects the other types', async () => {
    mockNetwork(mocks.ec2);
    mocks.ec2.on(DescribeRouteTablesCommand).rejects(ec2Error('UnauthorizedOperation'));
    const collection = await collect([ec2NetworkCollector], NETWORK_TYPES);
    expect(collection.errors).toEqual([
      {
        accountId: ACCOUNT,
        region: REGION,
        resourceTypes: ['AWS::EC2::RouteTable'],
        service: 'ec2',
        operation: 'DescribeRouteTables',
        code: 'UnauthorizedOperation',
        message: 'UnauthorizedOperation from the test',
      },
    ]);
    expect([...new Set(collection.items.map((entry) => entry.resourceType))].sort()).toEqual(
      ['AWS::EC2::VPC', 'AWS::EC2::Subnet', 'AWS::EC2::InternetGateway', 'AWS::EC2::VPCEndpoint', 'AWS::EC2::NetworkInterface', 'AWS::::Account'].sort(),
    );
  });

  it('makes one call per type for many resources, and no call for types not requested', async () => {
    mockNetwork(mocks.ec2);
    mocks.ec2.on(DescribeNetworkInterfacesCommand).resolves({ NetworkInterfaces: Array.from({ length: 60 }, (_, index) => networkInterface(`eni-${index}`)) });
    mocks.ec2.on(DescribeSubnetsCommand).resolves({ Subnets: Array.from({ length: 40 }, (_, index) => subnet(`subnet-${index}`)) });
    const collection = await collect([ec2NetworkCollector], NETWORK_TYPES);
    expect(mocks.ec2.calls().map((call) => call.args[0].constructor.name).sort()).toEqual(
      [
        'DescribeVpcsCommand',
        'DescribeSubnetsCommand',
        'DescribeRouteTablesCommand',
        'DescribeInternetGatewaysCommand',
        'DescribeVpcEndpointsCommand',
        'DescribeNetworkInterfacesCommand',
      ].sort(),
    );
    expect(collection.items.filter((entry) => entry.resourceType === 'AWS::EC2::NetworkInterface')).toHaveLength(60);

    mocks.ec2.resetHistory();
    await collect([ec2NetworkCollector], ['AWS::EC2::Subnet']);
    expect(mocks.ec2.calls().map((call) => call.args[0].constructor.name)).toEqual(['DescribeSubnetsCommand']);
  });
});

describe('EC2 network collector through a scan', () => {
  const instanceRules = [ec2InstanceInPrivateSubnet];
  const endpointRules = [vpcGatewayEndpoints];
  const collectors = [ec2NetworkCollector, ec2InstancesCollector];

  beforeEach(() => {
    mockNetwork(mocks.ec2);
    mocks.ec2.on(DescribeInstancesCommand).resolves({
      Reservations: [{ Instances: [instance('i-public', PUBLIC_SUBNET), instance('i-private', PRIVATE_SUBNET)] }],
    });
  });

  it('classifies the subnets from the collected route tables: FAIL in the public subnet, PASS in the private one', async () => {
    const result = await scan({ regions: [REGION] }, mockedLiveSource(collectors), defaultSettings(instanceRules), instanceRules);
    expect(result.errors).toEqual([]);
    expect(result.evaluations.map((evaluation) => [evaluation.resource.id, evaluation.status, evaluation.messageId])).toEqual([
      ['i-private', 'PASS', 'private'],
      ['i-public', 'FAIL', 'publicSubnet'],
    ]);
  });

  it('makes every instance UNKNOWN, never PASS, when DescribeRouteTables is denied', async () => {
    mocks.ec2.on(DescribeRouteTablesCommand).rejects(ec2Error('UnauthorizedOperation'));
    const result = await scan({ regions: [REGION] }, mockedLiveSource(collectors), defaultSettings(instanceRules), instanceRules);
    expect(result.evaluations.map((evaluation) => [evaluation.resource.id, evaluation.status, evaluation.messageId])).toEqual([
      ['i-private', 'UNKNOWN', 'collectionFailed'],
      ['i-public', 'UNKNOWN', 'collectionFailed'],
    ]);
    expect(result.completeness).toEqual([expect.objectContaining({ ruleId: 'ec2-instance-in-private-subnet', region: REGION, complete: false })]);
  });

  it('passes a VPC in use with live gateway endpoints for S3 and DynamoDB', async () => {
    const result = await scan({ regions: [REGION] }, mockedLiveSource(collectors), defaultSettings(endpointRules), endpointRules);
    expect(result.errors).toEqual([]);
    expect(result.evaluations.map((evaluation) => [evaluation.resource.id, evaluation.status])).toEqual([[VPC_ID, 'PASS']]);
  });

  it('fails a VPC whose DynamoDB gateway endpoint is being deleted', async () => {
    mocks.ec2.on(DescribeVpcEndpointsCommand).resolves({ VpcEndpoints: [endpoint('vpce-01', 's3'), endpoint('vpce-02', 'dynamodb', 'Gateway', 'deleting')] });
    const result = await scan({ regions: [REGION] }, mockedLiveSource(collectors), defaultSettings(endpointRules), endpointRules);
    expect(result.evaluations.map((evaluation) => [evaluation.resource.id, evaluation.status, evaluation.data['missing']])).toEqual([[VPC_ID, 'FAIL', 'dynamodb']]);
  });

  it.each([{ command: DescribeVpcEndpointsCommand }, { command: DescribeNetworkInterfacesCommand }])('makes the VPC UNKNOWN, never PASS, when $command.name is denied', async ({ command }) => {
    mocks.ec2.on(command as typeof DescribeVpcEndpointsCommand).rejects(ec2Error('UnauthorizedOperation'));
    const result = await scan({ regions: [REGION] }, mockedLiveSource(collectors), defaultSettings(endpointRules), endpointRules);
    expect(result.evaluations.map((evaluation) => [evaluation.resource.id, evaluation.status, evaluation.messageId])).toEqual([[VPC_ID, 'UNKNOWN', 'collectionFailed']]);
  });
});
