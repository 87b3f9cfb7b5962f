import rule from '../../../rules/private-network/ec2-instance-in-private-subnet.js';
import { item } from '../../support/items.js';
import { igw4, igw6, nat4, eigw6, subnet, table, type Route } from '../../support/network.js';
import { testRule } from '../../support/rule-tester.js';

const blackholeIgw4: Route = { ...igw4, state: 'blackhole' };

const instance = (id: string, configuration: Record<string, unknown>, state = 'running') =>
  item('AWS::EC2::Instance', id, { instanceId: id, state: { name: state }, ...configuration });
const eni = (id: string, subnetId: string | null) => ({ networkInterfaceId: id, subnetId });
/** A route table of `vpcId`, the VPC's main table when `main`, explicitly associated with `subnets`. */

/** vpc-a: subnet-pub explicitly routed to the internet gateway, subnet-priv falling back to a NAT main table. */
const network = [
  subnet('subnet-pub'),
  subnet('subnet-priv'),
  table('rtb-public', 'vpc-a', [igw4], { subnets: ['subnet-pub'] }),
  table('rtb-main', 'vpc-a', [nat4], { main: true }),
];

testRule(rule, [
  {
    name: 'a subnet explicitly associated with a table routing 0.0.0.0/0 to an internet gateway is public',
    items: [...network, instance('i-web', { subnetId: 'subnet-pub' })],
    expect: [
      {
        resourceId: 'i-web',
        status: 'FAIL',
        messageId: 'publicSubnet',
        data: { subnet: 'subnet-pub', routeTable: 'rtb-public', route: '0.0.0.0/0 → igw-0a1', association: 'explicitly associated' },
      },
    ],
  },
  {
    name: 'a subnet with no association falls back to the main table of its own VPC, not of another VPC',
    items: [
      subnet('subnet-priv'),
      table('rtb-main', 'vpc-a', [nat4], { main: true }),
      table('rtb-other-main', 'vpc-b', [igw4], { main: true }),
      instance('i-app', { subnetId: 'subnet-priv' }),
    ],
    expect: [{ resourceId: 'i-app', status: 'PASS', messageId: 'private', data: { subnets: 'subnet-priv' } }],
  },
  {
    name: 'a subnet with no association is public when the main table of its own VPC routes to an internet gateway',
    items: [
      subnet('subnet-priv'),
      table('rtb-main', 'vpc-a', [igw4], { main: true }),
      table('rtb-other-main', 'vpc-b', [nat4], { main: true }),
      instance('i-app', { subnetId: 'subnet-priv' }),
    ],
    expect: [
      {
        resourceId: 'i-app',
        status: 'FAIL',
        messageId: 'publicSubnet',
        data: { subnet: 'subnet-priv', routeTable: 'rtb-main', association: 'main route table of vpc-a' },
      },
    ],
  },
  {
    name: 'an explicit association to a private table overrides a public main table',
    items: [
      subnet('subnet-priv'),
      table('rtb-main', 'vpc-a', [igw4], { main: true }),
      table('rtb-private', 'vpc-a', [nat4], { subnets: ['subnet-priv'] }),
      instance('i-app', { subnetId: 'subnet-priv' }),
    ],
    expect: [{ resourceId: 'i-app', status: 'PASS', messageId: 'private' }],
  },
  {
    name: 'a ::/0 route to an internet gateway makes a subnet public',
    items: [subnet('subnet-v6'), table('rtb-v6', 'vpc-a', [nat4, igw6], { subnets: ['subnet-v6'] }), instance('i-v6', { subnetId: 'subnet-v6' })],
    expect: [{ resourceId: 'i-v6', status: 'FAIL', messageId: 'publicSubnet', data: { route: '::/0 → igw-0a1', routeTable: 'rtb-v6' } }],
  },
  {
    name: 'default routes through a NAT gateway and an egress-only internet gateway keep a subnet private',
    items: [subnet('subnet-egress'), table('rtb-egress', 'vpc-a', [nat4, eigw6], { subnets: ['subnet-egress'] }), instance('i-egress', { subnetId: 'subnet-egress' })],
    expect: [{ resourceId: 'i-egress', status: 'PASS', messageId: 'private' }],
  },
  {
    name: 'an egress-only internet gateway alone keeps a subnet private',
    items: [subnet('subnet-eigw'), table('rtb-eigw', 'vpc-a', [eigw6], { subnets: ['subnet-eigw'] }), instance('i-eigw', { subnetId: 'subnet-eigw' })],
    expect: [{ resourceId: 'i-eigw', status: 'PASS', messageId: 'private' }],
  },
  {
    name: 'a blackhole route to an internet gateway carries no traffic and keeps a subnet private',
    items: [subnet('subnet-bh'), table('rtb-bh', 'vpc-a', [blackholeIgw4], { subnets: ['subnet-bh'] }), instance('i-bh', { subnetId: 'subnet-bh' })],
    expect: [{ resourceId: 'i-bh', status: 'PASS', messageId: 'private' }],
  },
  {
    name: 'a second network interface in a public subnet fails the instance',
    items: [...network, instance('i-dual', { subnetId: 'subnet-priv', networkInterfaces: [eni('eni-1', 'subnet-priv'), eni('eni-2', 'subnet-pub')] })],
    expect: [{ resourceId: 'i-dual', status: 'FAIL', messageId: 'publicSubnet', data: { subnet: 'subnet-pub', routeTable: 'rtb-public' } }],
  },
  {
    name: 'interfaces in two public subnets are all named',
    items: [
      ...network,
      subnet('subnet-pub2'),
      table('rtb-public2', 'vpc-a', [igw6], { subnets: ['subnet-pub2'] }),
      instance('i-edge', { subnetId: 'subnet-pub', networkInterfaces: [eni('eni-1', 'subnet-pub'), eni('eni-2', 'subnet-pub2')] }),
    ],
    expect: [
      {
        resourceId: 'i-edge',
        status: 'FAIL',
        messageId: 'publicSubnets',
        data: {
          count: 2,
          details:
            'subnet-pub (route table rtb-public, explicitly associated: 0.0.0.0/0 → igw-0a1); subnet-pub2 (route table rtb-public2, explicitly associated: ::/0 → igw-0a1)',
        },
      },
    ],
  },
  {
    name: 'all interfaces in private subnets pass',
    items: [...network, subnet('subnet-priv2'), instance('i-multi', { subnetId: 'subnet-priv', networkInterfaces: [eni('eni-1', 'subnet-priv'), eni('eni-2', 'subnet-priv2')] })],
    expect: [{ resourceId: 'i-multi', status: 'PASS', messageId: 'private', data: { subnets: 'subnet-priv, subnet-priv2' } }],
  },
  {
    name: 'a public subnet fails the instance even when another of its subnets is unknown',
    items: [...network, instance('i-mixed', { subnetId: 'subnet-gone', networkInterfaces: [eni('eni-1', 'subnet-gone'), eni('eni-2', 'subnet-pub')] })],
    expect: [{ resourceId: 'i-mixed', status: 'FAIL', messageId: 'publicSubnet', data: { subnet: 'subnet-pub' } }],
  },
  {
    name: 'a terminated instance is not applicable',
    items: [...network, instance('i-old', { subnetId: 'subnet-pub' }, 'terminated')],
    expect: [{ resourceId: 'i-old', status: 'NOT_APPLICABLE', messageId: 'gone', data: { state: 'terminated' } }],
  },
  {
    name: 'a shutting-down instance is not applicable',
    items: [...network, instance('i-closing', { subnetId: 'subnet-pub' }, 'shutting-down')],
    expect: [{ resourceId: 'i-closing', status: 'NOT_APPLICABLE', messageId: 'gone', data: { state: 'shutting-down' } }],
  },
  {
    name: 'an instance with no subnet at all is unknown, never passed',
    items: [...network, instance('i-nowhere', {})],
    expect: [{ resourceId: 'i-nowhere', status: 'UNKNOWN', messageId: 'noSubnet', data: { instance: 'i-nowhere' } }],
  },
  {
    name: 'a subnet missing from the inventory is unknown, never passed',
    items: [...network, instance('i-lost', { subnetId: 'subnet-gone' })],
    expect: [{ resourceId: 'i-lost', status: 'UNKNOWN', messageId: 'subnetMissing', data: { subnet: 'subnet-gone' } }],
  },
  {
    name: 'a second interface in a subnet missing from the inventory is unknown',
    items: [...network, instance('i-lost-eni', { subnetId: 'subnet-priv', networkInterfaces: [eni('eni-1', 'subnet-priv'), eni('eni-2', 'subnet-gone')] })],
    expect: [{ resourceId: 'i-lost-eni', status: 'UNKNOWN', messageId: 'subnetMissing', data: { subnet: 'subnet-gone' } }],
  },
  {
    name: 'a subnet whose route table is unknown (no association, no main table of its VPC) is unknown',
    items: [subnet('subnet-c', 'vpc-c'), table('rtb-other-main', 'vpc-b', [nat4], { main: true }), instance('i-unrouted', { subnetId: 'subnet-c' })],
    expect: [{ resourceId: 'i-unrouted', status: 'UNKNOWN', messageId: 'routeTableUnknown', data: { subnet: 'subnet-c', vpc: 'vpc-c' } }],
  },
  {
    name: 'a network interface with no recorded subnet is unknown',
    items: [...network, instance('i-odd', { subnetId: 'subnet-priv', networkInterfaces: [eni('eni-1', 'subnet-priv'), eni('eni-2', null)] })],
    expect: [{ resourceId: 'i-odd', status: 'UNKNOWN', messageId: 'interfaceWithoutSubnet', data: { interface: 'eni-2' } }],
  },
  {
    name: 'a subnet of another Region does not stand in for the missing one',
    items: [subnet('subnet-priv'), table('rtb-main', 'vpc-a', [nat4], { main: true }), item('AWS::EC2::Instance', 'i-us', { instanceId: 'i-us', subnetId: 'subnet-priv' }, { awsRegion: 'us-east-1' })],
    expect: [{ resourceId: 'i-us', status: 'UNKNOWN', messageId: 'subnetMissing' }],
  },
  {
    name: 'route tables that could not be collected make every instance unknown',
    items: [...network, instance('i-web', { subnetId: 'subnet-pub' }), instance('i-app', { subnetId: 'subnet-priv' })],
    failed: ['AWS::EC2::RouteTable'],
    expect: [
      { resourceId: 'i-app', status: 'UNKNOWN', messageId: 'collectionFailed' },
      { resourceId: 'i-web', status: 'UNKNOWN', messageId: 'collectionFailed' },
    ],
  },
  {
    name: 'instances that could not be listed are unknown for the scope',
    items: [...network],
    failed: ['AWS::EC2::Instance'],
    expect: [{ resourceId: '*', status: 'UNKNOWN', messageId: 'listFailed' }],
  },
  {
    name: 'several instances are each judged on their own, in ARN order',
    items: [
      ...network,
      instance('i-d-stopped-public', { subnetId: 'subnet-pub' }, 'stopped'),
      instance('i-a-private', { subnetId: 'subnet-priv' }),
      instance('i-c-terminated', { subnetId: 'subnet-pub' }, 'terminated'),
      instance('i-b-missing', { subnetId: 'subnet-gone' }),
    ],
    expect: [
      { resourceId: 'i-a-private', status: 'PASS', messageId: 'private' },
      { resourceId: 'i-b-missing', status: 'UNKNOWN', messageId: 'subnetMissing' },
      { resourceId: 'i-c-terminated', status: 'NOT_APPLICABLE', messageId: 'gone' },
      { resourceId: 'i-d-stopped-public', status: 'FAIL', messageId: 'publicSubnet', data: { subnet: 'subnet-pub' } },
    ],
  },
]);
