import rule from '../../../rules/private-network/ecs-service-no-public-ip.js';
import { item } from '../../support/items.js';
import { igw4, nat4, subnet, table } from '../../support/network.js';
import { testRule } from '../../support/rule-tester.js';

/** vpc-a: two public subnets routed to the internet gateway, two private ones on the NAT main table. */
const network = [
  subnet('subnet-pub-a'),
  subnet('subnet-pub-b'),
  subnet('subnet-priv-a'),
  subnet('subnet-priv-b'),
  table('rtb-public', 'vpc-a', [igw4], { subnets: ['subnet-pub-a', 'subnet-pub-b'] }),
  table('rtb-main', 'vpc-a', [nat4], { main: true }),
];

const arn = (name: string) => `arn:aws:ecs:eu-west-1:111122223333:service/kestrel-prod/${name}`;

/** An ECS service as AWS Config records it (PascalCase), identified by its ARN. */
const service = (name: string, configuration: Readonly<Record<string, unknown>>) =>
  item('AWS::ECS::Service', arn(name), { ServiceName: name, ServiceArn: arn(name), Cluster: 'arn:aws:ecs:eu-west-1:111122223333:cluster/kestrel-prod', ...configuration }, { ARN: arn(name) });

const awsvpc = (AssignPublicIp: string | null, Subnets: readonly string[] | null) => ({
  LaunchType: 'FARGATE',
  NetworkConfiguration: { AwsvpcConfiguration: { AssignPublicIp, Subnets, SecurityGroups: ['sg-0a1'] } },
});

testRule(rule, [
  {
    name: 'public IP disabled and private subnets only passes',
    items: [...network, service('checkout', awsvpc('DISABLED', ['subnet-priv-a', 'subnet-priv-b']))],
    expect: [{ resourceId: arn('checkout'), status: 'PASS', messageId: 'private', data: { service: 'checkout', subnets: 'subnet-priv-a, subnet-priv-b' } }],
  },
  {
    name: 'a public IP assigned to every task fails, even in private subnets (ECS.2)',
    items: [...network, service('checkout', awsvpc('ENABLED', ['subnet-priv-a']))],
    expect: [{ resourceId: arn('checkout'), status: 'FAIL', messageId: 'publicIp', data: { service: 'checkout' } }],
  },
  {
    name: 'a public IP and public subnets fail together, naming the subnets',
    items: [...network, service('storefront', awsvpc('ENABLED', ['subnet-pub-a', 'subnet-priv-b']))],
    expect: [
      {
        resourceId: arn('storefront'),
        status: 'FAIL',
        messageId: 'publicIpAndSubnets',
        data: { details: 'subnet-pub-a (route table rtb-public, explicitly associated: 0.0.0.0/0 → igw-0a1)' },
      },
    ],
  },
  {
    name: 'public IP disabled but a public subnet fails',
    items: [...network, service('storefront', awsvpc('DISABLED', ['subnet-pub-a', 'subnet-pub-b']))],
    expect: [{ resourceId: arn('storefront'), status: 'FAIL', messageId: 'publicSubnets', data: { count: 2 } }],
  },
  {
    name: 'a public subnet fails the service even when its public IP setting is not recorded',
    items: [...network, service('storefront', awsvpc(null, ['subnet-pub-a']))],
    expect: [
      {
        resourceId: arn('storefront'),
        status: 'FAIL',
        messageId: 'publicSubnet',
        data: { details: 'subnet-pub-a (route table rtb-public, explicitly associated: 0.0.0.0/0 → igw-0a1)' },
      },
    ],
  },
  {
    name: 'the ENABLED setting is read whatever its case',
    items: [...network, service('checkout', awsvpc('enabled', ['subnet-priv-a']))],
    expect: [{ resourceId: arn('checkout'), status: 'FAIL', messageId: 'publicIp' }],
  },
  {
    name: 'a service without awsvpc configuration (bridge or host mode on EC2) is not applicable',
    items: [...network, service('legacy-worker', { LaunchType: 'EC2', NetworkConfiguration: null })],
    expect: [{ resourceId: arn('legacy-worker'), status: 'NOT_APPLICABLE', messageId: 'notAwsvpc', data: { service: 'legacy-worker' } }],
  },
  {
    name: 'a service on an EC2 capacity provider without awsvpc configuration is not applicable',
    items: [...network, service('batch', { CapacityProviderStrategy: [{ CapacityProvider: 'kestrel-asg-provider', Weight: 1 }] })],
    expect: [{ resourceId: arn('batch'), status: 'NOT_APPLICABLE', messageId: 'notAwsvpc' }],
  },
  {
    name: 'a Fargate service without a recorded awsvpc configuration is unknown: Fargate requires one',
    items: [...network, service('checkout', { LaunchType: 'FARGATE' })],
    expect: [{ resourceId: arn('checkout'), status: 'UNKNOWN', messageId: 'fargateWithoutNetwork', data: { launch: 'launch type FARGATE' } }],
  },
  {
    name: 'a service on a Fargate Spot capacity provider without awsvpc configuration is unknown',
    items: [...network, service('reports', { CapacityProviderStrategy: [{ CapacityProvider: 'FARGATE_SPOT', Weight: 1 }], NetworkConfiguration: { AwsvpcConfiguration: null } })],
    expect: [{ resourceId: arn('reports'), status: 'UNKNOWN', messageId: 'fargateWithoutNetwork', data: { launch: 'capacity provider FARGATE_SPOT' } }],
  },
  {
    name: 'an awsvpc configuration without AssignPublicIp is unknown, not passed on the ECS default',
    items: [...network, service('checkout', awsvpc(null, ['subnet-priv-a']))],
    expect: [{ resourceId: arn('checkout'), status: 'UNKNOWN', messageId: 'assignPublicIpUnknown', data: { value: 'nothing' } }],
  },
  {
    name: 'an awsvpc configuration without subnets is unknown',
    items: [...network, service('checkout', awsvpc('DISABLED', []))],
    expect: [{ resourceId: arn('checkout'), status: 'UNKNOWN', messageId: 'noSubnets' }],
  },
  {
    name: 'a subnet missing from the inventory is unknown, never passed',
    items: [...network, service('checkout', awsvpc('DISABLED', ['subnet-priv-a', 'subnet-gone']))],
    expect: [{ resourceId: arn('checkout'), status: 'UNKNOWN', messageId: 'subnetMissing', data: { subnet: 'subnet-gone' } }],
  },
  {
    name: 'a subnet whose route table is unknown is unknown, never passed',
    items: [subnet('subnet-c', 'vpc-c'), table('rtb-main', 'vpc-a', [nat4], { main: true }), service('checkout', awsvpc('DISABLED', ['subnet-c']))],
    expect: [{ resourceId: arn('checkout'), status: 'UNKNOWN', messageId: 'routeTableUnknown', data: { subnet: 'subnet-c', vpc: 'vpc-c' } }],
  },
  {
    name: 'route tables that could not be collected make every service unknown',
    items: [...network, service('checkout', awsvpc('DISABLED', ['subnet-priv-a']))],
    failed: ['AWS::EC2::RouteTable'],
    expect: [{ resourceId: arn('checkout'), status: 'UNKNOWN', messageId: 'collectionFailed' }],
  },
  {
    name: 'a service ECS could not describe is unknown',
    items: [...network, service('checkout', {})],
    failed: [
      {
        accountId: '111122223333',
        region: 'eu-west-1',
        resourceTypes: ['AWS::ECS::Service'],
        resourceIds: [arn('checkout')],
        service: 'ecs',
        operation: 'DescribeServices',
        code: 'ServerException',
        message: 'internal error',
      },
    ],
    expect: [{ resourceId: arn('checkout'), status: 'UNKNOWN', messageId: 'collectionFailed' }],
  },
  {
    name: 'several services are each judged on their own, in ARN order',
    items: [
      ...network,
      service('a-checkout', awsvpc('DISABLED', ['subnet-priv-a'])),
      service('b-storefront', awsvpc('ENABLED', ['subnet-pub-a'])),
      service('c-legacy', { LaunchType: 'EC2' }),
      service('d-lost', awsvpc('DISABLED', ['subnet-gone'])),
    ],
    expect: [
      { resourceId: arn('a-checkout'), status: 'PASS', messageId: 'private' },
      { resourceId: arn('b-storefront'), status: 'FAIL', messageId: 'publicIpAndSubnets' },
      { resourceId: arn('c-legacy'), status: 'NOT_APPLICABLE', messageId: 'notAwsvpc' },
      { resourceId: arn('d-lost'), status: 'UNKNOWN', messageId: 'subnetMissing' },
    ],
  },
]);
