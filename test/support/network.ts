/** Subnets, route tables and routes for private-network rule tests, as Config records them. */
import { item } from './items.js';

export type Route = Readonly<Record<string, string>>;

export const local: Route = { destinationCidrBlock: '10.0.0.0/16', gatewayId: 'local', state: 'active' };
export const igw4: Route = { destinationCidrBlock: '0.0.0.0/0', gatewayId: 'igw-0a1', state: 'active' };
export const igw6: Route = { destinationIpv6CidrBlock: '::/0', gatewayId: 'igw-0a1', state: 'active' };
export const nat4: Route = { destinationCidrBlock: '0.0.0.0/0', natGatewayId: 'nat-0b2', state: 'active' };
export const eigw6: Route = { destinationIpv6CidrBlock: '::/0', egressOnlyInternetGatewayId: 'eigw-0c3', state: 'active' };

export const subnet = (id: string, vpcId = 'vpc-a') => item('AWS::EC2::Subnet', id, { subnetId: id, vpcId });

/** A route table of `vpcId` with the local route and `routes`; the VPC's main table, or associated with `subnets`. */
export const table = (id: string, vpcId: string, routes: readonly Route[], { main = false, subnets = [] as string[] } = {}) =>
  item('AWS::EC2::RouteTable', id, {
    routeTableId: id,
    vpcId,
    associations: [
      ...(main ? [{ main: true, routeTableAssociationId: `rtbassoc-${id}-main` }] : []),
      ...subnets.map((subnetId) => ({ main: false, subnetId, routeTableAssociationId: `rtbassoc-${id}-${subnetId}` })),
    ],
    routes: [local, ...routes],
  });
