import rule from '../../../rules/private-network/rds-instance-in-private-subnets.js';
import { item } from '../../support/items.js';
import { igw4, igw6, nat4, eigw6, table } from '../../support/network.js';
import { testRule } from '../../support/rule-tester.js';

const subnet = (id: string, vpcId = 'vpc-a') => item('AWS::EC2::Subnet', id, { subnetId: id, vpcId, mapPublicIpOnLaunch: false });

/** A DB instance whose DB subnet group `group` holds `subnets` (null ids allowed, as Config may write them). */
const db = (id: string, group: string, subnets: readonly (string | null)[], extra: Record<string, unknown> = {}) =>
  item('AWS::RDS::DBInstance', id, {
    dBInstanceIdentifier: id,
    engine: 'postgres',
    publiclyAccessible: false,
    dBSubnetGroup: {
      dBSubnetGroupName: group,
      vpcId: 'vpc-a',
      subnetGroupStatus: 'Complete',
      subnets: subnets.map((subnetIdentifier) => ({ subnetIdentifier, subnetStatus: 'Active' })),
    },
    ...extra,
  });

/** vpc-a: two public subnets (explicit igw table), two private (NAT main table and an explicit IPv6-egress table). */
const network = [
  subnet('subnet-pub-a'),
  subnet('subnet-pub-b'),
  subnet('subnet-priv-a'),
  subnet('subnet-priv-b'),
  table('rtb-public', 'vpc-a', [igw4], { subnets: ['subnet-pub-a', 'subnet-pub-b'] }),
  table('rtb-main', 'vpc-a', [nat4], { main: true }),
  table('rtb-egress', 'vpc-a', [nat4, eigw6], { subnets: ['subnet-priv-b'] }),
];

testRule(
  rule,
  [
    {
      name: 'a subnet group of private subnets passes (main-table fallback and egress-only IPv6 alike)',
      items: [...network, db('orders-db', 'prod-private', ['subnet-priv-a', 'subnet-priv-b'])],
      expect: [{ resourceId: 'orders-db', status: 'PASS', messageId: 'private', data: { group: 'prod-private', subnets: 'subnet-priv-a, subnet-priv-b' } }],
    },
    {
      name: 'a subnet group of public subnets fails and names them all',
      items: [...network, db('reporting-db', 'prod-public', ['subnet-pub-a', 'subnet-pub-b'])],
      expect: [
        {
          resourceId: 'reporting-db',
          status: 'FAIL',
          messageId: 'publicSubnets',
          data: {
            count: 2,
            details:
              'subnet-pub-a (route table rtb-public, explicitly associated: 0.0.0.0/0 → igw-0a1); subnet-pub-b (route table rtb-public, explicitly associated: 0.0.0.0/0 → igw-0a1)',
          },
        },
      ],
    },
    {
      name: 'one public subnet among private ones fails the instance: RDS may place it there on failover',
      items: [...network, db('mixed-db', 'mixed', ['subnet-priv-a', 'subnet-pub-b'])],
      expect: [
        {
          resourceId: 'mixed-db',
          status: 'FAIL',
          messageId: 'publicSubnet',
          data: { subnet: 'subnet-pub-b', routeTable: 'rtb-public', association: 'explicitly associated', route: '0.0.0.0/0 → igw-0a1', group: 'mixed' },
        },
      ],
    },
    {
      name: 'a ::/0 route of the main table to an internet gateway makes an unassociated subnet public',
      items: [subnet('subnet-v6'), table('rtb-main-v6', 'vpc-a', [nat4, igw6], { main: true }), db('v6-db', 'v6', ['subnet-v6'])],
      expect: [{ resourceId: 'v6-db', status: 'FAIL', messageId: 'publicSubnet', data: { route: '::/0 → igw-0a1', association: 'main route table of vpc-a' } }],
    },
    {
      name: 'a public subnet fails the instance even when another subnet of its group is missing',
      items: [...network, db('half-known-db', 'half', ['subnet-gone', 'subnet-pub-a'])],
      expect: [{ resourceId: 'half-known-db', status: 'FAIL', messageId: 'publicSubnet', data: { subnet: 'subnet-pub-a' } }],
    },
    {
      name: 'a subnet of the group missing from the inventory is unknown, never passed',
      items: [...network, db('lost-db', 'lost', ['subnet-priv-a', 'subnet-gone'])],
      expect: [{ resourceId: 'lost-db', status: 'UNKNOWN', messageId: 'subnetMissing', data: { subnet: 'subnet-gone', group: 'lost' } }],
    },
    {
      name: 'a subnet whose route table is unknown is unknown',
      items: [subnet('subnet-c', 'vpc-c'), table('rtb-other-main', 'vpc-b', [nat4], { main: true }), db('unrouted-db', 'c', ['subnet-c'])],
      expect: [{ resourceId: 'unrouted-db', status: 'UNKNOWN', messageId: 'routeTableUnknown', data: { subnet: 'subnet-c', vpc: 'vpc-c' } }],
    },
    {
      name: 'an instance with no recorded DB subnet group is unknown',
      items: [...network, item('AWS::RDS::DBInstance', 'classic-db', { dBInstanceIdentifier: 'classic-db', dBSubnetGroup: null })],
      expect: [{ resourceId: 'classic-db', status: 'UNKNOWN', messageId: 'noSubnetGroup' }],
    },
    {
      name: 'a DB subnet group with no recorded subnets is unknown',
      items: [...network, db('empty-db', 'empty', [])],
      expect: [{ resourceId: 'empty-db', status: 'UNKNOWN', messageId: 'noSubnets', data: { group: 'empty' } }],
    },
    {
      name: 'a subnet entry with no identifier is unknown even when the others are private',
      items: [...network, db('anon-db', 'anon', ['subnet-priv-a', null])],
      expect: [{ resourceId: 'anon-db', status: 'UNKNOWN', messageId: 'subnetWithoutId', data: { group: 'anon' } }],
    },
    {
      name: 'a subnet of another Region does not stand in for the missing one',
      items: [
        ...network,
        item(
          'AWS::RDS::DBInstance',
          'us-db',
          { dBInstanceIdentifier: 'us-db', dBSubnetGroup: { dBSubnetGroupName: 'g', subnets: [{ subnetIdentifier: 'subnet-priv-a' }] } },
          { awsRegion: 'us-east-1' },
        ),
      ],
      scopes: [
        { accountId: '111122223333', region: 'eu-west-1' },
        { accountId: '111122223333', region: 'us-east-1' },
      ],
      expect: [{ resourceId: 'us-db', status: 'UNKNOWN', messageId: 'subnetMissing' }],
    },
    {
      name: 'route tables that could not be collected make every instance unknown',
      items: [...network, db('orders-db', 'prod-private', ['subnet-priv-a']), db('reporting-db', 'prod-public', ['subnet-pub-a'])],
      failed: ['AWS::EC2::RouteTable'],
      expect: [
        { resourceId: 'orders-db', status: 'UNKNOWN', messageId: 'collectionFailed' },
        { resourceId: 'reporting-db', status: 'UNKNOWN', messageId: 'collectionFailed' },
      ],
    },
    {
      name: 'subnets that could not be collected make every instance unknown',
      items: [...network, db('orders-db', 'prod-private', ['subnet-priv-a'])],
      failed: ['AWS::EC2::Subnet'],
      expect: [{ resourceId: 'orders-db', status: 'UNKNOWN', messageId: 'collectionFailed' }],
    },
    {
      name: 'several instances are each judged on their own, in ARN order',
      items: [
        ...network,
        db('d-public', 'pub', ['subnet-pub-a']),
        db('a-private', 'priv', ['subnet-priv-a', 'subnet-priv-b', 'subnet-priv-a']),
        db('c-lost', 'lost', ['subnet-gone']),
        db('b-member', 'priv', ['subnet-priv-b'], { dBClusterIdentifier: 'aurora' }),
      ],
      expect: [
        { resourceId: 'a-private', status: 'PASS', messageId: 'private', data: { subnets: 'subnet-priv-a, subnet-priv-b' } },
        { resourceId: 'b-member', status: 'PASS', messageId: 'private' },
        { resourceId: 'c-lost', status: 'UNKNOWN', messageId: 'subnetMissing' },
        { resourceId: 'd-public', status: 'FAIL', messageId: 'publicSubnet' },
      ],
    },
  ],
  { noNotApplicable: 'every DB instance sits in the subnets of a DB subnet group, cluster members included; none is outside the rule' },
);
