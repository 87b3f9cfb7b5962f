/**
 * The network of a Region as AWS Config records it: VPCs, subnets, route tables, internet
 * gateways, VPC endpoints and network interfaces. Each type is one bulk Describe walk at its
 * largest page size, tags included in the response; the walks run side by side, and a failed
 * walk makes only its own type UNKNOWN. A change event reads only the resources it names, or those
 * of the VPCs its item sits in, with the same calls filtered (ec2-filters.ts).
 *
 * Only resources the account owns are emitted, as AWS Config records them: a participant in a
 * shared VPC also sees the owner's VPC and subnets, which Config records in the owner's account.
 */
import {
  DescribeInternetGatewaysCommand,
  DescribeNetworkInterfacesCommand,
  DescribeRouteTablesCommand,
  DescribeSubnetsCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcsCommand,
  EC2Client,
  type Filter,
  type InternetGateway,
  type NetworkInterface,
  type RouteTable,
  type Subnet,
  type Vpc,
  type VpcEndpoint,
} from '@aws-sdk/client-ec2';
import type { ResourceType } from '../../../model/configuration-item.js';
import type { RelatedFilter } from '../../source.js';
import { arnOf } from '../../../model/resource-types/index.js';
import { camel, tagMap, type CollectContext, type Collector, type RawItem } from '../collector.js';
import { ec2Selections, type Ec2Selection } from './ec2-filters.js';
import { pickFields, type Fields } from './fields.js';

const VPC = 'AWS::EC2::VPC' as const satisfies ResourceType;
const SUBNET = 'AWS::EC2::Subnet' as const satisfies ResourceType;
const ROUTE_TABLE = 'AWS::EC2::RouteTable' as const satisfies ResourceType;
const INTERNET_GATEWAY = 'AWS::EC2::InternetGateway' as const satisfies ResourceType;
const VPC_ENDPOINT = 'AWS::EC2::VPCEndpoint' as const satisfies ResourceType;
const NETWORK_INTERFACE = 'AWS::EC2::NetworkInterface' as const satisfies ResourceType;

/** Largest page sizes: 1000 for most EC2 Describe calls, 100 for DescribeRouteTables (its MaxResults is 5–100). */
export const PAGE_SIZE = {
  DescribeVpcs: 1000,
  DescribeSubnets: 1000,
  DescribeRouteTables: 100,
  DescribeInternetGateways: 1000,
  DescribeVpcEndpoints: 1000,
  DescribeNetworkInterfaces: 1000,
} as const;

/** Config's availabilityZone for resources that live in no single zone. */
const NOT_APPLICABLE = 'Not Applicable';

type Relationship = NonNullable<RawItem['relationships']>[number];

function related(resourceType: string, resourceId: string | undefined, name: string): Relationship[] {
  return resourceId === undefined || resourceId === '' ? [] : [{ resourceType, resourceId, name }];
}

/** Config records a resource in its owner's account only. */
function ownedBy(context: CollectContext, ownerId: string | undefined): boolean {
  return ownerId === undefined || ownerId === context.accountId;
}

// The fields of each type that AWS Config records (its published properties for the type),
// `state` included as the plain string EC2 returns (Config's query index calls it `state.value`).

const VPC_FIELDS: Fields<Vpc> = {
  CidrBlock: true,
  CidrBlockAssociationSet: { AssociationId: true, CidrBlock: true, CidrBlockState: { State: true } },
  DhcpOptionsId: true,
  InstanceTenancy: true,
  Ipv6CidrBlockAssociationSet: { AssociationId: true, Ipv6CidrBlock: true, Ipv6CidrBlockState: { State: true }, Ipv6Pool: true, NetworkBorderGroup: true },
  IsDefault: true,
  OwnerId: true,
  State: true,
  VpcId: true,
};

const SUBNET_FIELDS: Fields<Subnet> = {
  AssignIpv6AddressOnCreation: true,
  AvailabilityZone: true,
  AvailabilityZoneId: true,
  AvailableIpAddressCount: true,
  CidrBlock: true,
  CustomerOwnedIpv4Pool: true,
  DefaultForAz: true,
  EnableDns64: true,
  EnableLniAtDeviceIndex: true,
  Ipv6CidrBlockAssociationSet: { AssociationId: true, Ipv6CidrBlock: true, Ipv6CidrBlockState: { State: true } },
  Ipv6Native: true,
  MapCustomerOwnedIpOnLaunch: true,
  MapPublicIpOnLaunch: true,
  OutpostArn: true,
  OwnerId: true,
  PrivateDnsNameOptionsOnLaunch: { EnableResourceNameDnsAAAARecord: true, EnableResourceNameDnsARecord: true, HostnameType: true },
  State: true,
  SubnetArn: true,
  SubnetId: true,
  VpcId: true,
};

const ROUTE_TABLE_FIELDS: Fields<RouteTable> = {
  Associations: { AssociationState: { State: true }, GatewayId: true, Main: true, RouteTableAssociationId: true, RouteTableId: true, SubnetId: true },
  OwnerId: true,
  PropagatingVgws: { GatewayId: true },
  RouteTableId: true,
  Routes: {
    CarrierGatewayId: true,
    DestinationCidrBlock: true,
    DestinationIpv6CidrBlock: true,
    DestinationPrefixListId: true,
    EgressOnlyInternetGatewayId: true,
    GatewayId: true,
    InstanceId: true,
    InstanceOwnerId: true,
    LocalGatewayId: true,
    NatGatewayId: true,
    NetworkInterfaceId: true,
    Origin: true,
    State: true,
    TransitGatewayId: true,
    VpcPeeringConnectionId: true,
  },
  VpcId: true,
};

const INTERNET_GATEWAY_FIELDS: Fields<InternetGateway> = {
  Attachments: { State: true, VpcId: true },
  InternetGatewayId: true,
  OwnerId: true,
};

const VPC_ENDPOINT_FIELDS: Fields<VpcEndpoint> = {
  CreationTimestamp: true,
  DnsEntries: { DnsName: true, HostedZoneId: true },
  DnsOptions: { DnsRecordIpType: true },
  Groups: { GroupId: true, GroupName: true },
  IpAddressType: true,
  LastError: { Code: true },
  NetworkInterfaceIds: true,
  OwnerId: true,
  PrivateDnsEnabled: true,
  RequesterManaged: true,
  RouteTableIds: true,
  ServiceName: true,
  State: true,
  SubnetIds: true,
  VpcEndpointId: true,
  VpcEndpointType: true,
  VpcId: true,
};

const IP_ASSOCIATION = {
  AllocationId: true,
  AssociationId: true,
  CarrierIp: true,
  CustomerOwnedIp: true,
  IpOwnerId: true,
  PublicDnsName: true,
  PublicIp: true,
} as const;

const NETWORK_INTERFACE_FIELDS: Fields<NetworkInterface> = {
  Association: IP_ASSOCIATION,
  Attachment: {
    AttachTime: true,
    AttachmentId: true,
    DeleteOnTermination: true,
    DeviceIndex: true,
    InstanceId: true,
    InstanceOwnerId: true,
    NetworkCardIndex: true,
    Status: true,
  },
  AvailabilityZone: true,
  DenyAllIgwTraffic: true,
  Description: true,
  Groups: { GroupId: true, GroupName: true },
  InterfaceType: true,
  Ipv4Prefixes: { Ipv4Prefix: true },
  Ipv6Address: true,
  Ipv6Addresses: { Ipv6Address: true },
  Ipv6Native: true,
  Ipv6Prefixes: { Ipv6Prefix: true },
  MacAddress: true,
  NetworkInterfaceId: true,
  OutpostArn: true,
  OwnerId: true,
  PrivateDnsName: true,
  PrivateIpAddress: true,
  PrivateIpAddresses: { Association: IP_ASSOCIATION, Primary: true, PrivateDnsName: true, PrivateIpAddress: true },
  RequesterId: true,
  RequesterManaged: true,
  SourceDestCheck: true,
  Status: true,
  SubnetId: true,
  VpcId: true,
};

function configuration<T extends object>(value: T, fields: Fields<T>): Record<string, unknown> {
  return camel(pickFields(value, fields)) as Record<string, unknown>;
}

export function vpcItem(context: CollectContext, vpc: Vpc): RawItem | undefined {
  const id = vpc.VpcId;
  if (id === undefined || !ownedBy(context, vpc.OwnerId)) return undefined;
  return {
    resourceType: VPC,
    resourceId: id,
    ARN: arnOf(VPC, context, id),
    availabilityZone: NOT_APPLICABLE,
    tags: tagMap(vpc.Tags),
    configuration: configuration(vpc, VPC_FIELDS),
  };
}

export function subnetItem(context: CollectContext, subnet: Subnet): RawItem | undefined {
  const id = subnet.SubnetId;
  if (id === undefined || !ownedBy(context, subnet.OwnerId)) return undefined;
  return {
    resourceType: SUBNET,
    resourceId: id,
    ARN: subnet.SubnetArn ?? arnOf(SUBNET, context, id),
    availabilityZone: subnet.AvailabilityZone,
    tags: tagMap(subnet.Tags),
    relationships: related('AWS::EC2::VPC', subnet.VpcId, 'Is contained in Vpc'),
    configuration: configuration(subnet, SUBNET_FIELDS),
  };
}

export function routeTableItem(context: CollectContext, table: RouteTable): RawItem | undefined {
  const id = table.RouteTableId;
  if (id === undefined || !ownedBy(context, table.OwnerId)) return undefined;
  return {
    resourceType: ROUTE_TABLE,
    resourceId: id,
    ARN: arnOf(ROUTE_TABLE, context, id),
    availabilityZone: NOT_APPLICABLE,
    tags: tagMap(table.Tags),
    relationships: [
      ...(table.Associations ?? []).flatMap((association) => related('AWS::EC2::Subnet', association.SubnetId, 'Is associated with Subnet')),
      ...related('AWS::EC2::VPC', table.VpcId, 'Is contained in Vpc'),
    ],
    configuration: configuration(table, ROUTE_TABLE_FIELDS),
  };
}

export function internetGatewayItem(context: CollectContext, gateway: InternetGateway): RawItem | undefined {
  const id = gateway.InternetGatewayId;
  if (id === undefined || !ownedBy(context, gateway.OwnerId)) return undefined;
  return {
    resourceType: INTERNET_GATEWAY,
    resourceId: id,
    ARN: arnOf(INTERNET_GATEWAY, context, id),
    availabilityZone: NOT_APPLICABLE,
    tags: tagMap(gateway.Tags),
    relationships: (gateway.Attachments ?? []).flatMap((attachment) => related('AWS::EC2::VPC', attachment.VpcId, 'Is attached to Vpc')),
    configuration: configuration(gateway, INTERNET_GATEWAY_FIELDS),
  };
}

export function vpcEndpointItem(context: CollectContext, endpoint: VpcEndpoint): RawItem | undefined {
  const id = endpoint.VpcEndpointId;
  if (id === undefined || !ownedBy(context, endpoint.OwnerId)) return undefined;
  return {
    resourceType: VPC_ENDPOINT,
    resourceId: id,
    ARN: arnOf(VPC_ENDPOINT, context, id),
    availabilityZone: NOT_APPLICABLE,
    resourceCreationTime: endpoint.CreationTimestamp?.toISOString(),
    tags: tagMap(endpoint.Tags),
    relationships: [
      ...related('AWS::EC2::VPC', endpoint.VpcId, 'Is contained in Vpc'),
      ...(endpoint.SubnetIds ?? []).flatMap((subnetId) => related('AWS::EC2::Subnet', subnetId, 'Is contained in Subnet')),
      ...(endpoint.RouteTableIds ?? []).flatMap((tableId) => related('AWS::EC2::RouteTable', tableId, 'Is associated with RouteTable')),
      ...(endpoint.NetworkInterfaceIds ?? []).flatMap((eniId) => related('AWS::EC2::NetworkInterface', eniId, 'Is associated with NetworkInterface')),
    ],
    configuration: configuration(endpoint, VPC_ENDPOINT_FIELDS),
  };
}

export function networkInterfaceItem(context: CollectContext, eni: NetworkInterface): RawItem | undefined {
  const id = eni.NetworkInterfaceId;
  if (id === undefined || !ownedBy(context, eni.OwnerId)) return undefined;
  return {
    resourceType: NETWORK_INTERFACE,
    resourceId: id,
    ARN: arnOf(NETWORK_INTERFACE, context, id),
    availabilityZone: eni.AvailabilityZone,
    tags: tagMap(eni.TagSet),
    relationships: [
      ...related('AWS::EC2::Instance', eni.Attachment?.InstanceId, 'Is attached to Instance'),
      ...(eni.Groups ?? []).flatMap((group) => related('AWS::EC2::SecurityGroup', group.GroupId, 'Is associated with SecurityGroup')),
      ...related('AWS::EC2::Subnet', eni.SubnetId, 'Is contained in Subnet'),
      ...related('AWS::EC2::VPC', eni.VpcId, 'Is contained in Vpc'),
    ],
    configuration: configuration(eni, NETWORK_INTERFACE_FIELDS),
  };
}

/**
 * One Describe call over a type: a bulk walk of the Region — every page, every resource, inside
 * its own attempt — or, when the request restricts the type, one filtered walk per selection
 * (ec2-filters.ts), a failure recorded for the resources it named.
 */
function walk<O, R>(
  context: CollectContext,
  type: ResourceType,
  operation: string,
  request: (token: string | undefined, filters: Filter[] | undefined) => Promise<O>,
  next: (page: O) => string | undefined,
  resources: (page: O) => readonly R[] | undefined,
  build: (context: CollectContext, resource: R) => RawItem | undefined,
  selections: readonly Ec2Selection[] | undefined,
): Promise<unknown> {
  const read = (filters: Filter[] | undefined) => async () => {
    for await (const page of context.pages(operation, (token) => request(token, filters), next)) {
      for (const resource of resources(page) ?? []) {
        const item = build(context, resource);
        if (item !== undefined) context.emit(item);
      }
    }
  };
  if (selections === undefined) return context.attempt([type], read(undefined));
  return Promise.all(selections.map(({ filters, resourceIds }) => context.attempt([type], read(filters), resourceIds === undefined ? {} : { resourceIds })));
}

/** `Filters` only when there are some: a full walk sends the request it always sent. */
const filtered = (filters: Filter[] | undefined): { Filters?: Filter[] } => (filters === undefined ? {} : { Filters: filters });

/** Every type's filter on its own id, and its filter for the resources of given VPCs. */
const FILTERS = {
  [VPC]: ['vpc-id', { 'vpc-id': 'vpc-id' }],
  [SUBNET]: ['subnet-id', { 'vpc-id': 'vpc-id' }],
  [ROUTE_TABLE]: ['route-table-id', { 'vpc-id': 'vpc-id' }],
  [INTERNET_GATEWAY]: ['internet-gateway-id', { 'vpc-id': 'attachment.vpc-id' }],
  [VPC_ENDPOINT]: ['vpc-endpoint-id', { 'vpc-id': 'vpc-id' }],
  [NETWORK_INTERFACE]: ['network-interface-id', { 'vpc-id': 'vpc-id' }],
} as const satisfies Record<string, readonly [string, Partial<Record<RelatedFilter, string>>]>;

function selectionsOf(context: CollectContext, type: keyof typeof FILTERS): Ec2Selection[] | undefined {
  const [idFilter, related] = FILTERS[type];
  return ec2Selections(context.restriction(type), idFilter, related);
}

export const ec2NetworkCollector: Collector = {
  service: 'ec2',
  produces: [VPC, SUBNET, ROUTE_TABLE, INTERNET_GATEWAY, VPC_ENDPOINT, NETWORK_INTERFACE],
  async collect(context, types) {
    const ec2 = context.client(EC2Client);
    const walks: Promise<unknown>[] = [];
    if (types.has(VPC)) {
      walks.push(
        walk(
          context,
          VPC,
          'DescribeVpcs',
          (NextToken, filters) => ec2.send(new DescribeVpcsCommand({ MaxResults: PAGE_SIZE.DescribeVpcs, NextToken, ...filtered(filters) })),
          (page) => page.NextToken,
          (page) => page.Vpcs,
          vpcItem,
          selectionsOf(context, VPC),
        ),
      );
    }
    if (types.has(SUBNET)) {
      walks.push(
        walk(
          context,
          SUBNET,
          'DescribeSubnets',
          (NextToken, filters) => ec2.send(new DescribeSubnetsCommand({ MaxResults: PAGE_SIZE.DescribeSubnets, NextToken, ...filtered(filters) })),
          (page) => page.NextToken,
          (page) => page.Subnets,
          subnetItem,
          selectionsOf(context, SUBNET),
        ),
      );
    }
    if (types.has(ROUTE_TABLE)) {
      walks.push(
        walk(
          context,
          ROUTE_TABLE,
          'DescribeRouteTables',
          (NextToken, filters) => ec2.send(new DescribeRouteTablesCommand({ MaxResults: PAGE_SIZE.DescribeRouteTables, NextToken, ...filtered(filters) })),
          (page) => page.NextToken,
          (page) => page.RouteTables,
          routeTableItem,
          selectionsOf(context, ROUTE_TABLE),
        ),
      );
    }
    if (types.has(INTERNET_GATEWAY)) {
      walks.push(
        walk(
          context,
          INTERNET_GATEWAY,
          'DescribeInternetGateways',
          (NextToken, filters) => ec2.send(new DescribeInternetGatewaysCommand({ MaxResults: PAGE_SIZE.DescribeInternetGateways, NextToken, ...filtered(filters) })),
          (page) => page.NextToken,
          (page) => page.InternetGateways,
          internetGatewayItem,
          selectionsOf(context, INTERNET_GATEWAY),
        ),
      );
    }
    if (types.has(VPC_ENDPOINT)) {
      walks.push(
        walk(
          context,
          VPC_ENDPOINT,
          'DescribeVpcEndpoints',
          (NextToken, filters) => ec2.send(new DescribeVpcEndpointsCommand({ MaxResults: PAGE_SIZE.DescribeVpcEndpoints, NextToken, ...filtered(filters) })),
          (page) => page.NextToken,
          (page) => page.VpcEndpoints,
          vpcEndpointItem,
          selectionsOf(context, VPC_ENDPOINT),
        ),
      );
    }
    if (types.has(NETWORK_INTERFACE)) {
      walks.push(
        walk(
          context,
          NETWORK_INTERFACE,
          'DescribeNetworkInterfaces',
          (NextToken, filters) => ec2.send(new DescribeNetworkInterfacesCommand({ MaxResults: PAGE_SIZE.DescribeNetworkInterfaces, NextToken, ...filtered(filters) })),
          (page) => page.NextToken,
          (page) => page.NetworkInterfaces,
          networkInterfaceItem,
          selectionsOf(context, NETWORK_INTERFACE),
        ),
      );
    }
    await Promise.all(walks);
  },
};
