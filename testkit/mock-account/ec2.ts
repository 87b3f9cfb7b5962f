/**
 * EC2 in the mocked account: VPCs, subnets, route tables, internet gateways, VPC endpoints,
 * network interfaces, instances, launch templates (with their default versions) and volumes; and
 * EBS encryption by default.
 */

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
  type EC2Client,
  type Filter,
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
import type { AwsClientStub } from 'aws-sdk-client-mock';
import { ACCOUNT, type At, awsError, type Build, CREATED, ec2Tags, hex, lookup, nth, type Out, paginate, type Restorable, tagsOf } from './kit.js';

export interface Ec2Data {
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
}

export function ec2Data(build: Build): Ec2Data {
  const { region, n, zones, arn, id, groupId, register } = build;
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
  return { vpcs, subnets, routeTables, internetGateways, vpcEndpoints, networkInterfaces, instances, launchTemplates, launchTemplateVersions, volumes };
}

/**
 * What EC2's Describe filters match, per call: each filter name with the values a resource has for
 * it. A filter the call does not know is refused, as EC2 refuses it (InvalidParameterValue).
 */
type FilterValues<T> = Readonly<Record<string, (resource: T) => readonly (string | undefined)[]>>;

/**
 * The resources `filters` select: every filter must match (AND), one of its values suffices (OR),
 * as EC2 applies them. No filters: all of them.
 */
function filtered<T>(label: string, resources: readonly T[], filters: readonly Filter[] | undefined, known: FilterValues<T>): readonly T[] {
  if (filters === undefined || filters.length === 0) return resources;
  const tests = filters.map((filter) => {
    const valuesOf = known[filter.Name ?? ''];
    if (valuesOf === undefined) throw awsError('InvalidParameterValue', `${label}: the filter '${String(filter.Name)}' is invalid`);
    const wanted = filter.Values ?? [];
    if (wanted.length === 0 || wanted.length > 200) throw awsError('InvalidParameterValue', `${label}: filter ${String(filter.Name)} takes 1 to 200 values, got ${wanted.length}`);
    return (resource: T) => valuesOf(resource).some((value) => value !== undefined && wanted.includes(value));
  });
  return resources.filter((resource) => tests.every((test) => test(resource)));
}

/** A page of the resources the request's filters select; the token is tied to the filters, as EC2's is. */
function describePage<T>(label: string, resources: readonly T[], input: { Filters?: Filter[] | undefined; NextToken?: string | undefined; MaxResults?: number | undefined }, max: number, known: FilterValues<T>) {
  const selected = filtered(label, resources, input.Filters, known);
  const key = input.Filters === undefined ? label : `${label}:${JSON.stringify(input.Filters)}`;
  return paginate(key, selected, input.NextToken, input.MaxResults, max);
}

const VPC_FILTERS: FilterValues<Vpc> = { 'vpc-id': (vpc) => [vpc.VpcId] };
const SUBNET_FILTERS: FilterValues<Subnet> = { 'subnet-id': (subnet) => [subnet.SubnetId], 'vpc-id': (subnet) => [subnet.VpcId] };
const ROUTE_TABLE_FILTERS: FilterValues<RouteTable> = {
  'route-table-id': (table) => [table.RouteTableId],
  'vpc-id': (table) => [table.VpcId],
  'association.subnet-id': (table) => (table.Associations ?? []).map((association) => association.SubnetId),
};
const INTERNET_GATEWAY_FILTERS: FilterValues<InternetGateway> = {
  'internet-gateway-id': (gateway) => [gateway.InternetGatewayId],
  'attachment.vpc-id': (gateway) => (gateway.Attachments ?? []).map((attachment) => attachment.VpcId),
};
const VPC_ENDPOINT_FILTERS: FilterValues<VpcEndpoint> = { 'vpc-endpoint-id': (endpoint) => [endpoint.VpcEndpointId], 'vpc-id': (endpoint) => [endpoint.VpcId] };
const NETWORK_INTERFACE_FILTERS: FilterValues<NetworkInterface> = {
  'network-interface-id': (eni) => [eni.NetworkInterfaceId],
  'vpc-id': (eni) => [eni.VpcId],
  'subnet-id': (eni) => [eni.SubnetId],
};
const INSTANCE_FILTERS: FilterValues<Instance> = { 'instance-id': (instance) => [instance.InstanceId], 'vpc-id': (instance) => [instance.VpcId], 'subnet-id': (instance) => [instance.SubnetId] };
const VOLUME_FILTERS: FilterValues<Volume> = { 'volume-id': (volume) => [volume.VolumeId], 'attachment.instance-id': (volume) => (volume.Attachments ?? []).map((attachment) => attachment.InstanceId) };

/** Fakes on the identity mock's EC2 stub (which also answers DescribeRegions). */
export function mockEc2(ec2: AwsClientStub<EC2Client>, at: At<Ec2Data>): Restorable[] {
  ec2.on(DescribeVpcsCommand).callsFake(async (input: DescribeVpcsCommandInput, getClient): Promise<Out<DescribeVpcsCommandOutput>> => {
    const page = describePage('DescribeVpcs', (await at(getClient)).vpcs, input, 1000, VPC_FILTERS);
    return { Vpcs: page.items, NextToken: page.next };
  });
  ec2.on(DescribeSubnetsCommand).callsFake(async (input: DescribeSubnetsCommandInput, getClient): Promise<Out<DescribeSubnetsCommandOutput>> => {
    const page = describePage('DescribeSubnets', (await at(getClient)).subnets, input, 1000, SUBNET_FILTERS);
    return { Subnets: page.items, NextToken: page.next };
  });
  ec2.on(DescribeRouteTablesCommand).callsFake(async (input: DescribeRouteTablesCommandInput, getClient): Promise<Out<DescribeRouteTablesCommandOutput>> => {
    const page = describePage('DescribeRouteTables', (await at(getClient)).routeTables, input, 100, ROUTE_TABLE_FILTERS);
    return { RouteTables: page.items, NextToken: page.next };
  });
  ec2.on(DescribeInternetGatewaysCommand).callsFake(async (input: DescribeInternetGatewaysCommandInput, getClient): Promise<Out<DescribeInternetGatewaysCommandOutput>> => {
    const page = describePage('DescribeInternetGateways', (await at(getClient)).internetGateways, input, 1000, INTERNET_GATEWAY_FILTERS);
    return { InternetGateways: page.items, NextToken: page.next };
  });
  ec2.on(DescribeVpcEndpointsCommand).callsFake(async (input: DescribeVpcEndpointsCommandInput, getClient): Promise<Out<DescribeVpcEndpointsCommandOutput>> => {
    const page = describePage('DescribeVpcEndpoints', (await at(getClient)).vpcEndpoints, input, 1000, VPC_ENDPOINT_FILTERS);
    return { VpcEndpoints: page.items, NextToken: page.next };
  });
  ec2.on(DescribeNetworkInterfacesCommand).callsFake(async (input: DescribeNetworkInterfacesCommandInput, getClient): Promise<Out<DescribeNetworkInterfacesCommandOutput>> => {
    const page = describePage('DescribeNetworkInterfaces', (await at(getClient)).networkInterfaces, input, 1000, NETWORK_INTERFACE_FILTERS);
    return { NetworkInterfaces: page.items, NextToken: page.next };
  });
  ec2.on(DescribeInstancesCommand).callsFake(async (input: DescribeInstancesCommandInput, getClient): Promise<Out<DescribeInstancesCommandOutput>> => {
    const page = describePage('DescribeInstances', (await at(getClient)).instances, input, 1000, INSTANCE_FILTERS);
    return { Reservations: page.items.map((instance, index) => ({ ReservationId: `r-${hex(index, 17)}`, OwnerId: ACCOUNT, Instances: [instance] })), NextToken: page.next };
  });
  ec2.on(DescribeLaunchTemplatesCommand).callsFake(async (input: DescribeLaunchTemplatesCommandInput, getClient): Promise<Out<DescribeLaunchTemplatesCommandOutput>> => {
    const data = await at(getClient);
    if (input.LaunchTemplateIds !== undefined) {
      // By ids EC2 answers every one or fails the request: no page size with ids.
      if (input.MaxResults !== undefined) throw awsError('InvalidParameterCombination', 'DescribeLaunchTemplates: MaxResults with LaunchTemplateIds');
      const templates = input.LaunchTemplateIds.map((id) => {
        const template = lookup(data.launchTemplates, (candidate) => [candidate.LaunchTemplateId], id);
        if (template === undefined) throw awsError('InvalidLaunchTemplateId.NotFound', `The specified launch template, with template ID ${id}, does not exist.`);
        return template;
      });
      return { LaunchTemplates: templates };
    }
    const page = paginate('DescribeLaunchTemplates', data.launchTemplates, input.NextToken, input.MaxResults, 200);
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
    const page = describePage('DescribeVolumes', (await at(getClient)).volumes, input, 1000, VOLUME_FILTERS);
    return { Volumes: page.items, NextToken: page.next };
  });
  ec2.on(GetEbsEncryptionByDefaultCommand).callsFake(async (): Promise<Out<GetEbsEncryptionByDefaultCommandOutput>> => ({ EbsEncryptionByDefault: true, SseType: 'sse-ebs' }));
  return [];
}
