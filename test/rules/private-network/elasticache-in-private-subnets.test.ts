import rule from '../../../rules/private-network/elasticache-in-private-subnets.js';
import { item } from '../../support/items.js';
import { igw4, igw6, nat4, subnet, table } from '../../support/network.js';
import { testRule } from '../../support/rule-tester.js';

/** vpc-a: subnet-pub routed to the internet gateway, subnet-priv-a/b on the NAT main table. */
const network = [
  subnet('subnet-pub'),
  subnet('subnet-priv-a'),
  subnet('subnet-priv-b'),
  table('rtb-public', 'vpc-a', [igw4], { subnets: ['subnet-pub'] }),
  table('rtb-main', 'vpc-a', [nat4], { main: true }),
];

/** A cache cluster in subnet group `group`, its subnets as gatewatch's collector records them. */
const cluster = (id: string, group: string | null, subnets: readonly (string | null)[] | null) =>
  item(
    'AWS::ElastiCache::CacheCluster',
    id,
    { cacheClusterId: id, engine: 'redis', numCacheNodes: 1, cacheSubnetGroupName: group },
    subnets === null ? {} : { supplementaryConfiguration: { CacheSubnetGroup: { VpcId: 'vpc-a', Subnets: subnets.map((SubnetIdentifier) => ({ SubnetIdentifier })) } } },
  );

testRule(
  rule,
  [
    {
      name: 'a subnet group of private subnets only passes',
      items: [...network, cluster('sessions-001', 'kestrel-cache-private', ['subnet-priv-a', 'subnet-priv-b'])],
      expect: [
        { resourceId: 'sessions-001', status: 'PASS', messageId: 'private', data: { cluster: 'sessions-001', group: 'kestrel-cache-private', subnets: 'subnet-priv-a, subnet-priv-b' } },
      ],
    },
    {
      name: 'one public subnet in the group fails the cluster: ElastiCache may place a node there',
      items: [...network, cluster('sessions-001', 'kestrel-cache-mixed', ['subnet-priv-a', 'subnet-pub'])],
      expect: [
        {
          resourceId: 'sessions-001',
          status: 'FAIL',
          messageId: 'publicSubnet',
          data: { group: 'kestrel-cache-mixed', subnet: 'subnet-pub', routeTable: 'rtb-public', route: '0.0.0.0/0 → igw-0a1', association: 'explicitly associated' },
        },
      ],
    },
    {
      name: 'several public subnets are all named',
      items: [
        ...network,
        subnet('subnet-pub6'),
        table('rtb-public6', 'vpc-a', [nat4, igw6], { subnets: ['subnet-pub6'] }),
        cluster('sessions-001', 'default', ['subnet-pub', 'subnet-pub6']),
      ],
      expect: [
        {
          resourceId: 'sessions-001',
          status: 'FAIL',
          messageId: 'publicSubnets',
          data: {
            count: 2,
            details:
              'subnet-pub (route table rtb-public, explicitly associated: 0.0.0.0/0 → igw-0a1); subnet-pub6 (route table rtb-public6, explicitly associated: ::/0 → igw-0a1)',
          },
        },
      ],
    },
    {
      name: 'a public subnet fails the cluster even when another subnet of the group is unknown',
      items: [...network, cluster('sessions-001', 'kestrel-cache-mixed', ['subnet-gone', 'subnet-pub'])],
      expect: [{ resourceId: 'sessions-001', status: 'FAIL', messageId: 'publicSubnet', data: { subnet: 'subnet-pub' } }],
    },
    {
      name: 'a subnet group whose subnets are not recorded (a plain AWS Config snapshot) is unknown, never passed',
      items: [...network, cluster('sessions-001', 'kestrel-cache-private', null)],
      expect: [{ resourceId: 'sessions-001', status: 'UNKNOWN', messageId: 'subnetGroupNotRead', data: { group: 'kestrel-cache-private' } }],
    },
    {
      name: 'a cluster with no recorded subnet group is unknown: EC2-Classic is gone, so the name is missing data',
      items: [...network, cluster('sessions-001', null, null)],
      expect: [{ resourceId: 'sessions-001', status: 'UNKNOWN', messageId: 'noSubnetGroup', data: { cluster: 'sessions-001' } }],
    },
    {
      name: 'a subnet group without subnets is unknown',
      items: [...network, cluster('sessions-001', 'kestrel-cache-empty', [])],
      expect: [{ resourceId: 'sessions-001', status: 'UNKNOWN', messageId: 'noSubnets' }],
    },
    {
      name: 'a subnet of the group without an id is unknown, even beside private subnets',
      items: [...network, cluster('sessions-001', 'kestrel-cache-private', ['subnet-priv-a', null])],
      expect: [{ resourceId: 'sessions-001', status: 'UNKNOWN', messageId: 'subnetWithoutId' }],
    },
    {
      name: 'a subnet missing from the inventory is unknown, never passed',
      items: [...network, cluster('sessions-001', 'kestrel-cache-private', ['subnet-priv-a', 'subnet-gone'])],
      expect: [{ resourceId: 'sessions-001', status: 'UNKNOWN', messageId: 'subnetMissing', data: { subnet: 'subnet-gone' } }],
    },
    {
      name: 'a subnet whose route table is unknown is unknown, never passed',
      items: [subnet('subnet-c', 'vpc-c'), table('rtb-main', 'vpc-a', [nat4], { main: true }), cluster('sessions-001', 'kestrel-cache-c', ['subnet-c'])],
      expect: [{ resourceId: 'sessions-001', status: 'UNKNOWN', messageId: 'routeTableUnknown', data: { subnet: 'subnet-c', vpc: 'vpc-c' } }],
    },
    {
      name: 'cache subnet groups that could not be read make the clusters in them unknown',
      items: [...network, cluster('sessions-001', 'kestrel-cache-private', null)],
      failed: [
        {
          accountId: '111122223333',
          region: 'eu-west-1',
          resourceTypes: ['AWS::ElastiCache::CacheCluster'],
          resourceIds: ['sessions-001'],
          aspect: 'CacheSubnetGroup',
          service: 'elasticache',
          operation: 'DescribeCacheSubnetGroups',
          code: 'AccessDeniedException',
          message: 'denied by the test',
        },
      ],
      expect: [{ resourceId: 'sessions-001', status: 'UNKNOWN', messageId: 'collectionFailed' }],
    },
    {
      name: 'subnets that could not be collected make every cluster unknown',
      items: [...network, cluster('sessions-001', 'kestrel-cache-private', ['subnet-priv-a'])],
      failed: ['AWS::EC2::Subnet'],
      expect: [{ resourceId: 'sessions-001', status: 'UNKNOWN', messageId: 'collectionFailed' }],
    },
    {
      name: 'several clusters are each judged on their own, in ARN order',
      items: [
        ...network,
        cluster('a-sessions', 'kestrel-cache-private', ['subnet-priv-a']),
        cluster('b-catalog', 'default', ['subnet-pub', 'subnet-priv-b']),
        cluster('c-legacy', 'kestrel-cache-private', null),
      ],
      expect: [
        { resourceId: 'a-sessions', status: 'PASS', messageId: 'private' },
        { resourceId: 'b-catalog', status: 'FAIL', messageId: 'publicSubnet', data: { group: 'default' } },
        { resourceId: 'c-legacy', status: 'UNKNOWN', messageId: 'subnetGroupNotRead' },
      ],
    },
  ],
  {
    noNotApplicable:
      'every cache cluster runs in a cache subnet group (EC2-Classic, the only alternative, was retired in 2022), so every cluster is judged; one without a recorded group is UNKNOWN',
  },
);
