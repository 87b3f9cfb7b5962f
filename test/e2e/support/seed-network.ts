/**
 * The seed's network and EC2: VPCs, subnets, route tables, internet gateways, VPC endpoints,
 * instances (and the interfaces and root volumes EC2 gives them), launch templates, volumes and
 * EBS encryption by default. Every default VPC is deleted first, so the account holds only what the
 * seed names.
 */
import {
  AssociateRouteTableCommand,
  AttachInternetGatewayCommand,
  AttachVolumeCommand,
  CreateInternetGatewayCommand,
  CreateLaunchTemplateCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSubnetCommand,
  CreateTagsCommand,
  CreateVolumeCommand,
  CreateVpcCommand,
  CreateVpcEndpointCommand,
  DeleteInternetGatewayCommand,
  DeleteSubnetCommand,
  DeleteVpcCommand,
  DescribeInstancesCommand,
  DescribeInternetGatewaysCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  DetachInternetGatewayCommand,
  EC2Client,
  EnableEbsEncryptionByDefaultCommand,
  ModifySubnetAttributeCommand,
  ModifyVpcAttributeCommand,
  RunInstancesCommand,
  type Instance,
} from '@aws-sdk/client-ec2';
import type { ClientFactory } from '../../../aws/clients.js';
import { SHORT, TAGS, tagList, type Registry, type SeedRegion, type Tags } from './registry.js';

/** A moto AMI (moto serves these ids in every Region). */
export const AMI = 'ami-12c6146b';

export interface SubnetSpec {
  readonly name: string;
  readonly cidr: string;
  readonly zone: string;
  /** Associated with the VPC's public route table (0.0.0.0/0 → internet gateway). */
  readonly public: boolean;
  readonly mapPublicIp: boolean;
  readonly tags: Tags;
}

export interface VpcSpec {
  readonly name: string;
  readonly cidr: string;
  readonly tags: Tags;
  /** An internet gateway and a public route table (the subnets marked public use it). */
  readonly internet?: boolean;
  readonly subnets: readonly SubnetSpec[];
  /** Gateway endpoints (on the main route table) and interface endpoints (in the first private subnet). */
  readonly gatewayEndpoints?: readonly string[];
  readonly interfaceEndpoints?: readonly string[];
}

/** What the network part made, for the services placed in it. */
export interface Network {
  readonly vpc: (name: string) => string;
  readonly subnet: (name: string) => string;
  /** The default security group of a VPC (moto's RDS looks for the default VPC's otherwise). */
  readonly securityGroup: (vpcName: string) => string;
}

const tagSpec = (ResourceType: 'vpc' | 'subnet' | 'route-table' | 'internet-gateway' | 'vpc-endpoint' | 'instance' | 'volume' | 'launch-template', tags: Tags) =>
  Object.keys(tags).length === 0 ? [] : [{ ResourceType, Tags: tagList(tags) }];

async function deleteDefaultVpcs(ec2: EC2Client): Promise<void> {
  const { Vpcs = [] } = await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'is-default', Values: ['true'] }] }));
  for (const { VpcId } of Vpcs) {
    if (VpcId === undefined) continue;
    const { Subnets = [] } = await ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [VpcId] }] }));
    for (const { SubnetId } of Subnets) await ec2.send(new DeleteSubnetCommand({ SubnetId }));
    const { InternetGateways = [] } = await ec2.send(new DescribeInternetGatewaysCommand({ Filters: [{ Name: 'attachment.vpc-id', Values: [VpcId] }] }));
    for (const { InternetGatewayId } of InternetGateways) {
      await ec2.send(new DetachInternetGatewayCommand({ InternetGatewayId, VpcId }));
      await ec2.send(new DeleteInternetGatewayCommand({ InternetGatewayId }));
    }
    await ec2.send(new DeleteVpcCommand({ VpcId }));
  }
}

/** One VPC with its subnets, route tables, gateway and endpoints, each registered. */
async function createVpc(ec2: EC2Client, region: SeedRegion, registry: Registry, spec: VpcSpec, ids: Map<string, string>): Promise<void> {
  const short = SHORT[region];
  const add = (key: string, type: Parameters<Registry['add']>[0]['type'], id: string, tags: Tags) => registry.add({ key: `${short}:${key}`, type, region, id, tags });

  const vpc = await ec2.send(new CreateVpcCommand({ CidrBlock: spec.cidr, TagSpecifications: tagSpec('vpc', spec.tags) }));
  const vpcId = vpc.Vpc?.VpcId ?? '';
  ids.set(`vpc:${spec.name}`, vpcId);
  // DNS hostnames on, as most VPCs run (moto's ECS tasks also need it for their interfaces' DNS names).
  await ec2.send(new ModifyVpcAttributeCommand({ VpcId: vpcId, EnableDnsHostnames: { Value: true } }));
  const { SecurityGroups = [] } = await ec2.send(
    new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }, { Name: 'group-name', Values: ['default'] }] }),
  );
  ids.set(`sg:${spec.name}`, SecurityGroups[0]?.GroupId ?? '');
  add(`vpc-${spec.name}`, 'AWS::EC2::VPC', vpcId, spec.tags);

  // The main route table EC2 creates with the VPC: tagged like the VPC.
  const { RouteTables: mains = [] } = await ec2.send(
    new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }, { Name: 'association.main', Values: ['true'] }] }),
  );
  const mainId = mains[0]?.RouteTableId ?? '';
  if (Object.keys(spec.tags).length > 0) await ec2.send(new CreateTagsCommand({ Resources: [mainId], Tags: tagList(spec.tags) }));
  add(`rtb-${spec.name}-main`, 'AWS::EC2::RouteTable', mainId, spec.tags);

  let publicTable: string | undefined;
  if (spec.internet === true) {
    const gateway = await ec2.send(new CreateInternetGatewayCommand({ TagSpecifications: tagSpec('internet-gateway', spec.tags) }));
    const gatewayId = gateway.InternetGateway?.InternetGatewayId ?? '';
    await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: gatewayId, VpcId: vpcId }));
    add(`igw-${spec.name}`, 'AWS::EC2::InternetGateway', gatewayId, spec.tags);
    const table = await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId, TagSpecifications: tagSpec('route-table', spec.tags) }));
    publicTable = table.RouteTable?.RouteTableId ?? '';
    await ec2.send(new CreateRouteCommand({ RouteTableId: publicTable, DestinationCidrBlock: '0.0.0.0/0', GatewayId: gatewayId }));
    add(`rtb-${spec.name}-public`, 'AWS::EC2::RouteTable', publicTable, spec.tags);
  }

  for (const subnet of spec.subnets) {
    const created = await ec2.send(
      new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: subnet.cidr, AvailabilityZone: subnet.zone, TagSpecifications: tagSpec('subnet', subnet.tags) }),
    );
    const subnetId = created.Subnet?.SubnetId ?? '';
    ids.set(`subnet:${subnet.name}`, subnetId);
    if (subnet.mapPublicIp) await ec2.send(new ModifySubnetAttributeCommand({ SubnetId: subnetId, MapPublicIpOnLaunch: { Value: true } }));
    if (subnet.public) {
      if (publicTable === undefined) throw new Error(`seed: public subnet ${subnet.name} in a VPC without internet gateway`);
      await ec2.send(new AssociateRouteTableCommand({ RouteTableId: publicTable, SubnetId: subnetId }));
    }
    add(`subnet-${subnet.name}`, 'AWS::EC2::Subnet', subnetId, subnet.tags);
  }

  const firstPrivate = spec.subnets.find((subnet) => !subnet.public);
  for (const service of spec.gatewayEndpoints ?? []) {
    const endpoint = await ec2.send(
      new CreateVpcEndpointCommand({
        VpcId: vpcId,
        ServiceName: `com.amazonaws.${region}.${service}`,
        VpcEndpointType: 'Gateway',
        RouteTableIds: [mainId],
        TagSpecifications: tagSpec('vpc-endpoint', spec.tags),
      }),
    );
    add(`vpce-${spec.name}-${service}`, 'AWS::EC2::VPCEndpoint', endpoint.VpcEndpoint?.VpcEndpointId ?? '', spec.tags);
  }
  for (const service of spec.interfaceEndpoints ?? []) {
    if (firstPrivate === undefined) throw new Error(`seed: interface endpoint in VPC ${spec.name} without a private subnet`);
    const endpoint = await ec2.send(
      new CreateVpcEndpointCommand({
        VpcId: vpcId,
        ServiceName: `com.amazonaws.${region}.${service}`,
        VpcEndpointType: 'Interface',
        SubnetIds: [ids.get(`subnet:${firstPrivate.name}`) ?? ''],
        TagSpecifications: tagSpec('vpc-endpoint', spec.tags),
      }),
    );
    add(`vpce-${spec.name}-${service}`, 'AWS::EC2::VPCEndpoint', endpoint.VpcEndpoint?.VpcEndpointId ?? '', spec.tags);
    // The endpoint's network interface: requester-managed, so the tagging rule leaves it out.
    for (const eniId of endpoint.VpcEndpoint?.NetworkInterfaceIds ?? []) add(`eni-vpce-${spec.name}-${service}`, 'AWS::EC2::NetworkInterface', eniId, TAGS.none);
  }
}

/** The VPCs of each Region. */
export const VPCS: Readonly<Record<SeedRegion, readonly VpcSpec[]>> = {
  'eu-west-1': [
    {
      name: 'prod',
      cidr: '10.0.0.0/16',
      tags: TAGS.prod,
      internet: true,
      subnets: [
        // Public by its route and auto-assigning public IPs: fails both subnet rules' concerns.
        { name: 'public-a', cidr: '10.0.0.0/24', zone: 'eu-west-1a', public: true, mapPublicIp: true, tags: TAGS.prod },
        // Public by its route, but assigns no public IPs.
        { name: 'public-b', cidr: '10.0.1.0/24', zone: 'eu-west-1b', public: true, mapPublicIp: false, tags: TAGS.prod },
        { name: 'private-a', cidr: '10.0.10.0/24', zone: 'eu-west-1a', public: false, mapPublicIp: false, tags: TAGS.prod },
        { name: 'private-b', cidr: '10.0.11.0/24', zone: 'eu-west-1b', public: false, mapPublicIp: false, tags: TAGS.prod },
      ],
      gatewayEndpoints: ['s3', 'dynamodb'],
      interfaceEndpoints: ['sts'],
    },
    {
      // In use (an instance), but no endpoints: fails both endpoint rules.
      name: 'staging',
      cidr: '10.1.0.0/16',
      tags: TAGS.prodUntagged,
      subnets: [{ name: 'staging-a', cidr: '10.1.0.0/24', zone: 'eu-west-1c', public: false, mapPublicIp: false, tags: TAGS.prodUntagged }],
    },
    // Nothing in it: the endpoint rules do not apply.
    { name: 'idle', cidr: '10.2.0.0/16', tags: TAGS.none, subnets: [] },
  ],
  'us-east-1': [
    {
      name: 'sandbox',
      cidr: '10.20.0.0/16',
      tags: TAGS.dev,
      internet: true,
      subnets: [{ name: 'sandbox-public', cidr: '10.20.0.0/24', zone: 'us-east-1a', public: true, mapPublicIp: true, tags: TAGS.dev }],
    },
  ],
};

export interface InstanceSpec {
  readonly name: string;
  readonly subnet: string;
  readonly tags: Tags;
}

export const INSTANCES: Readonly<Record<SeedRegion, readonly InstanceSpec[]>> = {
  'eu-west-1': [
    { name: 'web', subnet: 'public-a', tags: TAGS.prod },
    { name: 'app', subnet: 'private-a', tags: TAGS.prod },
    { name: 'batch', subnet: 'staging-a', tags: TAGS.prodUntagged },
  ],
  'us-east-1': [{ name: 'sandbox-box', subnet: 'sandbox-public', tags: TAGS.dev }],
};

/** Seeds the network and EC2 of one Region; returns the ids the other services place resources with. */
export async function seedNetwork(clients: ClientFactory, region: SeedRegion, registry: Registry): Promise<Network> {
  const short = SHORT[region];
  const ec2 = clients(EC2Client, region);
  await deleteDefaultVpcs(ec2);
  const ids = new Map<string, string>();
  for (const spec of VPCS[region]) await createVpc(ec2, region, registry, spec, ids);
  const lookup = (kind: string) => (name: string) => {
    const id = ids.get(`${kind}:${name}`);
    if (id === undefined) throw new Error(`seed: no ${kind} ${name} in ${region}`);
    return id;
  };
  const network: Network = { vpc: lookup('vpc'), subnet: lookup('subnet'), securityGroup: lookup('sg') };

  // Instances, with the interface and root volume EC2 creates for each (tagged like the instance).
  const instances = new Map<string, Instance>();
  for (const spec of INSTANCES[region]) {
    const run = await ec2.send(
      new RunInstancesCommand({
        ImageId: AMI,
        InstanceType: 't3.micro',
        MinCount: 1,
        MaxCount: 1,
        SubnetId: network.subnet(spec.subnet),
        // The interface EC2 creates is left untagged (the tagging rule fails it); the root volume is tagged.
        TagSpecifications: [...tagSpec('instance', spec.tags), ...tagSpec('volume', spec.tags)],
      }),
    );
    const instanceId = run.Instances?.[0]?.InstanceId ?? '';
    const described = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }));
    const instance = described.Reservations?.[0]?.Instances?.[0] ?? {};
    instances.set(spec.name, instance);
    registry.add({ key: `${short}:i-${spec.name}`, type: 'AWS::EC2::Instance', region, id: instanceId, tags: spec.tags });
    for (const eni of instance.NetworkInterfaces ?? []) {
      registry.add({ key: `${short}:eni-${spec.name}`, type: 'AWS::EC2::NetworkInterface', region, id: eni.NetworkInterfaceId ?? '', tags: TAGS.none });
    }
    for (const mapping of instance.BlockDeviceMappings ?? []) {
      registry.add({ key: `${short}:vol-${spec.name}-root`, type: 'AWS::EC2::Volume', region, id: mapping.Ebs?.VolumeId ?? '', tags: spec.tags });
    }
  }

  if (region === 'eu-west-1') {
    // Launch templates: one assigning public IPs, one not.
    for (const [name, publicIp, subnet] of [
      ['lt-public', true, 'public-a'],
      ['lt-private', false, 'private-a'],
    ] as const) {
      const template = await ec2.send(
        new CreateLaunchTemplateCommand({
          LaunchTemplateName: name,
          LaunchTemplateData: { ImageId: AMI, InstanceType: 't3.micro', NetworkInterfaces: [{ DeviceIndex: 0, AssociatePublicIpAddress: publicIp, SubnetId: network.subnet(subnet) }] },
          TagSpecifications: tagSpec('launch-template', TAGS.prod),
        }),
      );
      registry.add({ key: `${short}:${name}`, type: 'AWS::EC2::LaunchTemplate', region, id: template.LaunchTemplate?.LaunchTemplateId ?? '', tags: TAGS.prod });
    }

    // Data volumes: encrypted and attached (pass), unencrypted and attached (fail), unencrypted and detached (not judged).
    const volume = async (name: string, encrypted: boolean, attachTo: string | undefined, tags: Tags) => {
      const created = await ec2.send(
        new CreateVolumeCommand({ AvailabilityZone: 'eu-west-1a', Size: 8, Encrypted: encrypted, TagSpecifications: tagSpec('volume', tags) }),
      );
      const volumeId = created.VolumeId ?? '';
      if (attachTo !== undefined) {
        await ec2.send(new AttachVolumeCommand({ VolumeId: volumeId, InstanceId: instances.get(attachTo)?.InstanceId ?? '', Device: '/dev/sdf' }));
      }
      registry.add({ key: `${short}:vol-${name}`, type: 'AWS::EC2::Volume', region, id: volumeId, tags });
    };
    await volume('data-encrypted', true, 'app', TAGS.prod);
    await volume('data-plain', false, 'web', TAGS.prod);
    await volume('scratch', false, undefined, TAGS.none);
    // Encryption by default goes on after the unencrypted volumes exist (it would refuse them).
    await ec2.send(new EnableEbsEncryptionByDefaultCommand({}));
  }
  return network;
}
