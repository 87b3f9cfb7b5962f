import { describe, expect, it } from '@jest/globals';
import type { AnyConfigurationItem } from '../../model/configuration-item.js';
import { Inventory } from '../../inventory/inventory.js';
import { type SubnetFacts } from '../../inventory/network.js';
import { ACCOUNT, REGION, item } from '../support/items.js';

const scope = { accountId: ACCOUNT, region: REGION };
const subnet = (id: string, vpcId: string) => item('AWS::EC2::Subnet', id, { subnetId: id, vpcId, availabilityZone: 'eu-west-1a' });
const table = (id: string, vpcId: string, options: { main?: boolean; subnets?: string[]; routes?: Record<string, unknown>[] }) =>
  item('AWS::EC2::RouteTable', id, {
    routeTableId: id,
    vpcId,
    associations: [
      ...(options.main === true ? [{ main: true, routeTableAssociationId: `${id}-main` }] : []),
      ...(options.subnets ?? []).map((subnetId) => ({ main: false, subnetId, routeTableAssociationId: `${id}-${subnetId}` })),
    ],
    routes: [{ destinationCidrBlock: '10.0.0.0/16', gatewayId: 'local', state: 'active' }, ...(options.routes ?? [])],
  });
const igw4 = { destinationCidrBlock: '0.0.0.0/0', gatewayId: 'igw-1', state: 'active' };

function facts(items: readonly AnyConfigurationItem[], subnetId: string) {
  return new Inventory(items, [scope]).networkOf(scope).subnet(subnetId);
}

describe('network facts', () => {
  it('an explicit association to a table with 0.0.0.0/0 → igw makes a subnet public', () => {
    expect(facts([subnet('subnet-a', 'vpc-1'), table('rtb-pub', 'vpc-1', { subnets: ['subnet-a'], routes: [igw4] })], 'subnet-a')).toEqual({
      subnetId: 'subnet-a',
      vpcId: 'vpc-1',
      availabilityZone: 'eu-west-1a',
      routeTableId: 'rtb-pub',
      routeTableSource: 'explicit',
      public: true,
      internetRoute: '0.0.0.0/0 → igw-1',
    });
  });

  it('an explicit association wins over a public main table', () => {
    const items = [subnet('subnet-a', 'vpc-1'), table('rtb-main', 'vpc-1', { main: true, routes: [igw4] }), table('rtb-priv', 'vpc-1', { subnets: ['subnet-a'] })];
    expect(facts(items, 'subnet-a')).toMatchObject({ routeTableId: 'rtb-priv', routeTableSource: 'explicit', public: false });
  });

  it('without an association, the main table of the subnet’s own VPC decides — not another VPC’s', () => {
    const items = [subnet('subnet-a', 'vpc-1'), table('rtb-main-2', 'vpc-2', { main: true, routes: [igw4] }), table('rtb-main-1', 'vpc-1', { main: true })];
    expect(facts(items, 'subnet-a')).toMatchObject({ routeTableId: 'rtb-main-1', routeTableSource: 'main', public: false });
    const publicMain = [subnet('subnet-b', 'vpc-2'), table('rtb-main-2', 'vpc-2', { main: true, routes: [igw4] })];
    expect(facts(publicMain, 'subnet-b')).toMatchObject({ routeTableId: 'rtb-main-2', routeTableSource: 'main', public: true });
  });

  it('::/0 → igw makes a subnet public', () => {
    const items = [subnet('subnet-a', 'vpc-1'), table('rtb', 'vpc-1', { subnets: ['subnet-a'], routes: [{ destinationIpv6CidrBlock: '::/0', gatewayId: 'igw-6', state: 'active' }] })];
    expect(facts(items, 'subnet-a')).toMatchObject({ public: true, internetRoute: '::/0 → igw-6' });
  });

  it.each([
    ['a NAT gateway', { destinationCidrBlock: '0.0.0.0/0', natGatewayId: 'nat-1', state: 'active' }],
    ['an egress-only gateway', { destinationIpv6CidrBlock: '::/0', egressOnlyInternetGatewayId: 'eigw-1', state: 'active' }],
    ['a blackhole route to a deleted igw', { destinationCidrBlock: '0.0.0.0/0', gatewayId: 'igw-gone', state: 'blackhole' }],
    ['an igw route for a narrower prefix only', { destinationCidrBlock: '203.0.113.0/24', gatewayId: 'igw-1', state: 'active' }],
    ['a virtual private gateway', { destinationCidrBlock: '0.0.0.0/0', gatewayId: 'vgw-1', state: 'active' }],
  ])('%s does not make a subnet public', (_name, route) => {
    expect(facts([subnet('subnet-a', 'vpc-1'), table('rtb', 'vpc-1', { subnets: ['subnet-a'], routes: [route] })], 'subnet-a')).toMatchObject({ public: false, internetRoute: undefined });
  });

  it('leaves public undecided when neither an association nor the VPC main table is known', () => {
    expect(facts([subnet('subnet-a', 'vpc-1'), table('rtb-other', 'vpc-2', { main: true })], 'subnet-a')).toMatchObject({ routeTableSource: 'none', public: undefined });
  });

  it('leaves public undecided when the route table has no recorded routes', () => {
    const bare = item('AWS::EC2::RouteTable', 'rtb-bare', { routeTableId: 'rtb-bare', vpcId: 'vpc-1', associations: [{ subnetId: 'subnet-a' }], routes: null });
    expect(facts([subnet('subnet-a', 'vpc-1'), bare], 'subnet-a')).toMatchObject({ routeTableId: 'rtb-bare', public: undefined });
  });

  it('knows nothing of a subnet that is not in the inventory', () => {
    expect(facts([], 'subnet-x')).toBeUndefined();
  });

  it('keeps facts per account and Region apart', () => {
    const other = { accountId: ACCOUNT, region: 'us-east-1' };
    const inventory = new Inventory(
      [subnet('subnet-a', 'vpc-1'), table('rtb', 'vpc-1', { subnets: ['subnet-a'], routes: [igw4] }), item('AWS::EC2::Subnet', 'subnet-a', { subnetId: 'subnet-a', vpcId: 'vpc-1' }, { awsRegion: 'us-east-1' })],
      [scope, other],
    );
    expect(inventory.networkOf(scope).subnet('subnet-a')?.public).toBe(true);
    expect(inventory.networkOf(other).subnet('subnet-a')?.public).toBeUndefined();
  });

  it('lists VPC endpoints per VPC and the VPCs in use', () => {
    const endpoint = (id: string, vpcId: string) => item('AWS::EC2::VPCEndpoint', id, { vpcEndpointId: id, vpcId, serviceName: 'com.amazonaws.eu-west-1.s3', vpcEndpointType: 'Gateway' });
    const eni = item('AWS::EC2::NetworkInterface', 'eni-1', { networkInterfaceId: 'eni-1', vpcId: 'vpc-1', subnetId: 'subnet-a' });
    const network = new Inventory([endpoint('vpce-2', 'vpc-1'), endpoint('vpce-1', 'vpc-1'), endpoint('vpce-3', 'vpc-2'), eni], [scope]).networkOf(scope);
    expect(network.endpointsOf('vpc-1').map((found) => found.resourceId)).toEqual(['vpce-1', 'vpce-2']);
    expect(network.endpointsOf('vpc-9')).toEqual([]);
    expect(network.inUse('vpc-1')).toBe(true);
    expect(network.inUse('vpc-2')).toBe(false);
  });
});

describe('subnet placement', () => {
  const items = [
    subnet('subnet-pub', 'vpc-1'),
    subnet('subnet-priv', 'vpc-1'),
    subnet('subnet-main', 'vpc-1'),
    subnet('subnet-orphan', 'vpc-9'),
    table('rtb-pub', 'vpc-1', { subnets: ['subnet-pub'], routes: [igw4] }),
    table('rtb-priv', 'vpc-1', { subnets: ['subnet-priv'] }),
    table('rtb-main', 'vpc-1', { main: true, routes: [igw4] }),
  ];
  const network = new Inventory(items, [scope]).networkOf(scope);
  const ids = (list: readonly SubnetFacts[]) => list.map((facts) => facts.subnetId);

  it('sorts subnets into public, private, missing and undecided, keeping order and dropping duplicates', () => {
    const placement = network.placement(['subnet-x', 'subnet-main', 'subnet-priv', 'subnet-orphan', 'subnet-pub', 'subnet-main', 'subnet-x', 'subnet-y']);
    expect(ids(placement.public)).toEqual(['subnet-main', 'subnet-pub']);
    expect(ids(placement.private)).toEqual(['subnet-priv']);
    expect(placement.missing).toEqual(['subnet-x', 'subnet-y']);
    expect(ids(placement.undecided)).toEqual(['subnet-orphan']);
  });

  it('places nothing for no subnets', () => {
    expect(network.placement([])).toEqual({ public: [], private: [], missing: [], undecided: [] });
  });
});

describe('Inventory', () => {
  it('synthesises one account item per scope that has none, and keeps a recorded one', () => {
    const recorded = item('AWS::::Account', ACCOUNT, { ebsEncryptionByDefault: true }, { ARN: null });
    const inventory = new Inventory([recorded], [scope, { accountId: ACCOUNT, region: 'us-east-1' }]);
    expect(inventory.ofType('AWS::::Account').map((entry) => [entry.awsRegion, entry.configuration.ebsEncryptionByDefault])).toEqual([
      [REGION, true],
      ['us-east-1', undefined],
    ]);
  });

  it('synthesises the root user in each global scope that has none (its ARN in the partition of the account\'s Regions), keeps a collected one, and none without global scopes', () => {
    const collected = item('AWS::IAM::RootUser', ACCOUNT, { accountId: ACCOUNT }, { ARN: `arn:aws:iam::${ACCOUNT}:root`, supplementaryConfiguration: { CredentialReport: null } });
    const china = '444455556666';
    const inventory = new Inventory([collected], [scope, { accountId: china, region: 'cn-north-1' }]);
    expect(inventory.ofType('AWS::IAM::RootUser').map((entry) => [entry.awsAccountId, entry.awsRegion, entry.resourceId, entry.ARN, entry === collected])).toEqual([
      [ACCOUNT, 'global', ACCOUNT, `arn:aws:iam::${ACCOUNT}:root`, true],
      [china, 'global', china, `arn:aws-cn:iam::${china}:root`, false],
    ]);
    expect(new Inventory([], [scope], { includeGlobal: false }).ofType('AWS::IAM::RootUser')).toEqual([]);
  });

  it("synthesises the account's budgets and Cost Explorer items in each global scope that has none, keeps collected ones, and none without global scopes", () => {
    const collected = item('AWS::Budgets::Account', ACCOUNT, { accountId: ACCOUNT, budgets: [] }, { awsRegion: 'global', ARN: null });
    const other = '444455556666';
    const inventory = new Inventory([collected], [scope, { accountId: other, region: REGION }]);
    expect(inventory.ofType('AWS::Budgets::Account').map((entry) => [entry.awsAccountId, entry.awsRegion, entry.resourceId, entry.configuration.budgets, entry === collected])).toEqual([
      [ACCOUNT, 'global', ACCOUNT, [], true],
      [other, 'global', other, undefined, false],
    ]);
    expect(inventory.ofType('AWS::CE::Account').map((entry) => [entry.awsAccountId, entry.awsRegion, entry.ARN, entry.configuration])).toEqual([
      [ACCOUNT, 'global', undefined, { accountId: ACCOUNT }],
      [other, 'global', undefined, { accountId: other }],
    ]);
    expect(new Inventory([], [scope], { includeGlobal: false }).ofType('AWS::CE::Account')).toEqual([]);
  });

  it('finds items by type and id in the scope of the item that refers to them, IAM under global', () => {
    const role = item('AWS::IAM::Role', 'AROA1', { roleName: 'r' });
    const volume = item('AWS::EC2::Volume', 'vol-1', {});
    const inventory = new Inventory([role, volume], [scope]);
    expect(inventory.get('AWS::EC2::Volume', 'vol-1', scope)).toBe(volume);
    expect(inventory.get('AWS::EC2::Volume', 'vol-1', { accountId: '999999999999', region: REGION })).toBeUndefined();
    expect(inventory.get('AWS::IAM::Role', 'AROA1', scope)).toBe(role);
    expect(inventory.globalScopes).toEqual([{ accountId: ACCOUNT, region: 'global' }]);
  });
});
