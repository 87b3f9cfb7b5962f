import rule from '../../../rules/private-network/lambda-function-in-private-subnets.js';
import { item } from '../../support/items.js';
import { igw4, nat4, table } from '../../support/network.js';
import { testRule } from '../../support/rule-tester.js';

const subnet = (id: string, vpcId = 'vpc-a') => item('AWS::EC2::Subnet', id, { subnetId: id, vpcId, mapPublicIpOnLaunch: false });

const fn = (name: string, vpcConfig: Record<string, unknown> | null | undefined) =>
  item('AWS::Lambda::Function', name, {
    functionName: name,
    runtime: 'nodejs20.x',
    ...(vpcConfig === undefined ? {} : { vpcConfig }),
  });
const inVpc = (...subnetIds: string[]) => ({ subnetIds, securityGroupIds: ['sg-0fn'] });

const network = [
  subnet('subnet-pub-a'),
  subnet('subnet-pub-b'),
  subnet('subnet-priv-a'),
  subnet('subnet-priv-b'),
  table('rtb-public', 'vpc-a', [igw4], { subnets: ['subnet-pub-a', 'subnet-pub-b'] }),
  table('rtb-main', 'vpc-a', [nat4], { main: true }),
];

testRule(rule, [
  {
    name: 'a function in private subnets passes',
    items: [...network, fn('order-events', inVpc('subnet-priv-a', 'subnet-priv-b'))],
    expect: [{ resourceId: 'order-events', status: 'PASS', messageId: 'private', data: { function: 'order-events', subnets: 'subnet-priv-a, subnet-priv-b' } }],
  },
  {
    name: 'a function in a public subnet fails',
    items: [...network, fn('thumbnailer', inVpc('subnet-priv-a', 'subnet-pub-a'))],
    expect: [
      {
        resourceId: 'thumbnailer',
        status: 'FAIL',
        messageId: 'publicSubnet',
        data: { subnet: 'subnet-pub-a', routeTable: 'rtb-public', association: 'explicitly associated', route: '0.0.0.0/0 → igw-0a1' },
      },
    ],
  },
  {
    name: 'a function in two public subnets names both',
    items: [...network, fn('exporter', inVpc('subnet-pub-a', 'subnet-pub-b'))],
    expect: [{ resourceId: 'exporter', status: 'FAIL', messageId: 'publicSubnets', data: { count: 2 } }],
  },
  {
    name: 'a function with no VPC configuration is not applicable',
    items: [...network, fn('webhook', null)],
    expect: [{ resourceId: 'webhook', status: 'NOT_APPLICABLE', messageId: 'notInVpc', data: { function: 'webhook' } }],
  },
  {
    name: 'an empty VPC configuration, as Lambda reports for functions outside a VPC, is not applicable',
    items: [...network, fn('cron-report', { subnetIds: [], securityGroupIds: [] })],
    expect: [{ resourceId: 'cron-report', status: 'NOT_APPLICABLE', messageId: 'notInVpc' }],
  },
  {
    name: 'a function whose item has no vpcConfig field at all is not applicable',
    items: [...network, fn('edge-auth', undefined)],
    expect: [{ resourceId: 'edge-auth', status: 'NOT_APPLICABLE', messageId: 'notInVpc' }],
  },
  {
    name: 'a public subnet fails the function even when another of its subnets is missing',
    items: [...network, fn('half-known', inVpc('subnet-gone', 'subnet-pub-b'))],
    expect: [{ resourceId: 'half-known', status: 'FAIL', messageId: 'publicSubnet', data: { subnet: 'subnet-pub-b' } }],
  },
  {
    name: 'a subnet missing from the inventory is unknown, never passed',
    items: [...network, fn('lost', inVpc('subnet-priv-a', 'subnet-gone'))],
    expect: [{ resourceId: 'lost', status: 'UNKNOWN', messageId: 'subnetMissing', data: { subnet: 'subnet-gone' } }],
  },
  {
    name: 'a subnet whose route table is unknown is unknown',
    items: [subnet('subnet-c', 'vpc-c'), table('rtb-other-main', 'vpc-b', [nat4], { main: true }), fn('unrouted', inVpc('subnet-c'))],
    expect: [{ resourceId: 'unrouted', status: 'UNKNOWN', messageId: 'routeTableUnknown', data: { subnet: 'subnet-c', vpc: 'vpc-c' } }],
  },
  {
    name: 'route tables that could not be collected make VPC functions unknown',
    items: [...network, fn('order-events', inVpc('subnet-priv-a'))],
    failed: ['AWS::EC2::RouteTable'],
    expect: [{ resourceId: 'order-events', status: 'UNKNOWN', messageId: 'collectionFailed' }],
  },
  {
    name: 'functions that could not be listed are unknown for the scope',
    items: [...network],
    failed: ['AWS::Lambda::Function'],
    expect: [{ resourceId: '*', status: 'UNKNOWN', messageId: 'listFailed' }],
  },
  {
    name: 'several functions are each judged on their own, in ARN order',
    items: [
      ...network,
      fn('d-public', inVpc('subnet-pub-a')),
      fn('a-private', inVpc('subnet-priv-b')),
      fn('c-outside', null),
      fn('b-lost', inVpc('subnet-gone')),
    ],
    expect: [
      { resourceId: 'a-private', status: 'PASS', messageId: 'private' },
      { resourceId: 'b-lost', status: 'UNKNOWN', messageId: 'subnetMissing' },
      { resourceId: 'c-outside', status: 'NOT_APPLICABLE', messageId: 'notInVpc' },
      { resourceId: 'd-public', status: 'FAIL', messageId: 'publicSubnet' },
    ],
  },
]);
