import rule from '../../../rules/private-network/opensearch-domain-in-private-vpc.js';
import { item } from '../../support/items.js';
import { igw4, nat4, subnet, table } from '../../support/network.js';
import { testRule } from '../../support/rule-tester.js';

/** vpc-a: subnet-pub-a/b routed to the internet gateway, subnet-priv-a/b on the NAT main table. */
const network = [
  subnet('subnet-pub-a'),
  subnet('subnet-pub-b'),
  subnet('subnet-priv-a'),
  subnet('subnet-priv-b'),
  table('rtb-public', 'vpc-a', [igw4], { subnets: ['subnet-pub-a', 'subnet-pub-b'] }),
  table('rtb-main', 'vpc-a', [nat4], { main: true }),
];

const cluster = { InstanceType: 'r6g.large.search', InstanceCount: 3, ZoneAwarenessEnabled: true };

/** A VPC domain in `subnets`, with its `vpc-…` endpoint. */
const vpcDomain = (name: string, subnets: readonly string[] | null) =>
  item('AWS::OpenSearch::Domain', name, {
    DomainName: name,
    DomainEndpoint: `vpc-${name}-abc123.eu-west-1.es.amazonaws.com`,
    ClusterConfig: cluster,
    VPCOptions: { SubnetIds: subnets, SecurityGroupIds: ['sg-0a1'] },
  });

/** A domain with public access: no VPC options, a `search-…` endpoint. */
const publicDomain = (name: string) =>
  item('AWS::OpenSearch::Domain', name, { DomainName: name, DomainEndpoint: `search-${name}-abc123.eu-west-1.es.amazonaws.com`, ClusterConfig: cluster });

testRule(
  rule,
  [
    {
      name: 'a VPC domain in private subnets only passes',
      items: [...network, vpcDomain('kestrel-search', ['subnet-priv-a', 'subnet-priv-b'])],
      expect: [{ resourceId: 'kestrel-search', status: 'PASS', messageId: 'private', data: { domain: 'kestrel-search', subnets: 'subnet-priv-a, subnet-priv-b' } }],
    },
    {
      name: 'a domain with public access fails: that is what OpenSearch.2 fails',
      items: [...network, publicDomain('kestrel-logs')],
      expect: [
        { resourceId: 'kestrel-logs', status: 'FAIL', messageId: 'notInVpc', data: { endpoint: 'search-kestrel-logs-abc123.eu-west-1.es.amazonaws.com' } },
      ],
    },
    {
      name: 'empty VPC options are no VPC attachment',
      items: [
        ...network,
        item('AWS::OpenSearch::Domain', 'kestrel-logs', {
          DomainName: 'kestrel-logs',
          DomainEndpoint: 'search-kestrel-logs-abc123.eu-west-1.es.amazonaws.com',
          ClusterConfig: cluster,
          VPCOptions: { SubnetIds: [], SecurityGroupIds: [] },
        }),
      ],
      expect: [{ resourceId: 'kestrel-logs', status: 'FAIL', messageId: 'notInVpc' }],
    },
    {
      name: 'a public domain still being created (no endpoint yet) fails',
      items: [...network, item('AWS::OpenSearch::Domain', 'kestrel-new', { DomainName: 'kestrel-new', ClusterConfig: cluster })],
      expect: [{ resourceId: 'kestrel-new', status: 'FAIL', messageId: 'notInVpc', data: { endpoint: '(not yet assigned)' } }],
    },
    {
      name: 'a VPC domain in a public subnet fails',
      items: [...network, vpcDomain('kestrel-search', ['subnet-priv-a', 'subnet-pub-b'])],
      expect: [
        {
          resourceId: 'kestrel-search',
          status: 'FAIL',
          messageId: 'publicSubnet',
          data: { subnet: 'subnet-pub-b', routeTable: 'rtb-public', route: '0.0.0.0/0 → igw-0a1', association: 'explicitly associated' },
        },
      ],
    },
    {
      name: 'a VPC domain in several public subnets names them all',
      items: [...network, vpcDomain('kestrel-search', ['subnet-pub-a', 'subnet-pub-b'])],
      expect: [{ resourceId: 'kestrel-search', status: 'FAIL', messageId: 'publicSubnets', data: { count: 2 } }],
    },
    {
      name: 'a VPC endpoint without recorded subnets is unknown, neither failed as public nor passed',
      items: [...network, vpcDomain('kestrel-search', null)],
      expect: [{ resourceId: 'kestrel-search', status: 'UNKNOWN', messageId: 'vpcWithoutSubnets', data: { endpoint: 'vpc-kestrel-search-abc123.eu-west-1.es.amazonaws.com' } }],
    },
    {
      name: 'a domain recorded with nothing but its name is unknown, not failed',
      items: [...network, item('AWS::OpenSearch::Domain', 'kestrel-stub', { DomainName: 'kestrel-stub', Arn: 'arn:aws:es:eu-west-1:111122223333:domain/kestrel-stub' })],
      expect: [{ resourceId: 'kestrel-stub', status: 'UNKNOWN', messageId: 'notDescribed' }],
    },
    {
      name: 'a subnet missing from the inventory is unknown, never passed',
      items: [...network, vpcDomain('kestrel-search', ['subnet-priv-a', 'subnet-gone'])],
      expect: [{ resourceId: 'kestrel-search', status: 'UNKNOWN', messageId: 'subnetMissing', data: { subnet: 'subnet-gone' } }],
    },
    {
      name: 'a subnet whose route table is unknown is unknown, never passed',
      items: [subnet('subnet-c', 'vpc-c'), table('rtb-main', 'vpc-a', [nat4], { main: true }), vpcDomain('kestrel-search', ['subnet-c'])],
      expect: [{ resourceId: 'kestrel-search', status: 'UNKNOWN', messageId: 'routeTableUnknown', data: { subnet: 'subnet-c', vpc: 'vpc-c' } }],
    },
    {
      name: 'a domain DescribeDomains failed for is unknown',
      items: [...network, item('AWS::OpenSearch::Domain', 'kestrel-search', { DomainName: 'kestrel-search' })],
      failed: [
        {
          accountId: '111122223333',
          region: 'eu-west-1',
          resourceTypes: ['AWS::OpenSearch::Domain'],
          resourceIds: ['kestrel-search'],
          service: 'opensearch',
          operation: 'DescribeDomains',
          code: 'InternalException',
          message: 'internal error',
        },
      ],
      expect: [{ resourceId: 'kestrel-search', status: 'UNKNOWN', messageId: 'collectionFailed' }],
    },
    {
      name: 'route tables that could not be collected make every domain unknown',
      items: [...network, vpcDomain('kestrel-search', ['subnet-priv-a']), publicDomain('kestrel-logs')],
      failed: ['AWS::EC2::RouteTable'],
      expect: [
        { resourceId: 'kestrel-logs', status: 'UNKNOWN', messageId: 'collectionFailed' },
        { resourceId: 'kestrel-search', status: 'UNKNOWN', messageId: 'collectionFailed' },
      ],
    },
    {
      name: 'several domains are each judged on their own, in ARN order',
      items: [...network, vpcDomain('a-search', ['subnet-priv-a']), publicDomain('b-logs'), vpcDomain('c-analytics', ['subnet-pub-a']), vpcDomain('d-lost', ['subnet-gone'])],
      expect: [
        { resourceId: 'a-search', status: 'PASS', messageId: 'private' },
        { resourceId: 'b-logs', status: 'FAIL', messageId: 'notInVpc' },
        { resourceId: 'c-analytics', status: 'FAIL', messageId: 'publicSubnet' },
        { resourceId: 'd-lost', status: 'UNKNOWN', messageId: 'subnetMissing' },
      ],
    },
  ],
  { noNotApplicable: 'every OpenSearch domain is either attached to a VPC or reachable through a public endpoint; the rule judges both' },
);
