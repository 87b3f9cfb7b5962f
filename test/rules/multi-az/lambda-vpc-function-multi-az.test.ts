import rule from '../../../rules/multi-az/lambda-vpc-function-multi-az.js';
import { item } from '../../support/items.js';
import { testRule } from '../../support/rule-tester.js';

const prod = { Environment: 'prod' };

const fn = (name: string, vpcConfig: Record<string, unknown> | null | undefined, { tags = prod, region }: { tags?: Record<string, string>; region?: string } = {}) =>
  item(
    'AWS::Lambda::Function',
    name,
    { functionName: name, runtime: 'nodejs22.x', ...(vpcConfig === undefined ? {} : { vpcConfig }) },
    { tags, ...(region === undefined ? {} : { awsRegion: region }) },
  );
const inVpc = (...subnetIds: string[]) => ({ subnetIds, securityGroupIds: ['sg-0a1'] });
const subnet = (id: string, zone: string | null, region?: string) =>
  item('AWS::EC2::Subnet', id, { subnetId: id, vpcId: 'vpc-a', availabilityZone: zone }, region === undefined ? {} : { awsRegion: region });

const subnets = [subnet('subnet-a1', 'eu-west-1a'), subnet('subnet-a2', 'eu-west-1a'), subnet('subnet-b', 'eu-west-1b')];

testRule(rule, [
  {
    name: 'a function with subnets in two zones passes',
    items: [...subnets, fn('orders-api', inVpc('subnet-a1', 'subnet-b'))],
    expect: [{ resourceId: 'orders-api', status: 'PASS', messageId: 'multiAz', data: { name: 'orders-api', zones: 'eu-west-1a, eu-west-1b', count: 2 } }],
  },
  {
    name: 'a function with one subnet fails',
    items: [...subnets, fn('thumbnailer', inVpc('subnet-b'))],
    expect: [{ resourceId: 'thumbnailer', status: 'FAIL', messageId: 'singleAz', data: { zones: 'eu-west-1b', subnets: 'subnet-b', count: 1 } }],
  },
  {
    name: 'two subnets in the same zone are still one zone',
    items: [...subnets, fn('twins', inVpc('subnet-a1', 'subnet-a2'))],
    expect: [{ resourceId: 'twins', status: 'FAIL', messageId: 'singleAz', data: { zones: 'eu-west-1a', subnets: 'subnet-a1, subnet-a2' } }],
  },
  {
    name: 'a function not attached to a VPC is not applicable, however Config writes that',
    items: [fn('a-absent', undefined), fn('b-null', null), fn('c-empty', { subnetIds: [], securityGroupIds: [] }), fn('d-null-subnets', { subnetIds: null, vpcId: '' })],
    expect: [
      { resourceId: 'a-absent', status: 'NOT_APPLICABLE', messageId: 'notInVpc', data: { name: 'a-absent' } },
      { resourceId: 'b-null', status: 'NOT_APPLICABLE', messageId: 'notInVpc' },
      { resourceId: 'c-empty', status: 'NOT_APPLICABLE', messageId: 'notInVpc' },
      { resourceId: 'd-null-subnets', status: 'NOT_APPLICABLE', messageId: 'notInVpc' },
    ],
  },
  {
    name: 'a subnet not in the inventory makes a single-zone-so-far function unknown, never failed',
    items: [...subnets, fn('half-known', inVpc('subnet-a1', 'subnet-gone'))],
    expect: [{ resourceId: 'half-known', status: 'UNKNOWN', messageId: 'subnetsMissing', data: { subnets: 'subnet-gone', zones: 'eu-west-1a' } }],
  },
  {
    name: 'no subnet in the inventory makes the function unknown',
    items: [fn('lost', inVpc('subnet-x', 'subnet-y'))],
    expect: [{ resourceId: 'lost', status: 'UNKNOWN', messageId: 'subnetsMissing', data: { subnets: 'subnet-x, subnet-y', zones: 'no zone', count: 0 } }],
  },
  {
    name: 'a subnet without a recorded zone is unresolved like a missing one',
    items: [subnet('subnet-nozone', null), fn('vague', inVpc('subnet-nozone'))],
    expect: [{ resourceId: 'vague', status: 'UNKNOWN', messageId: 'subnetsMissing', data: { subnets: 'subnet-nozone' } }],
  },
  {
    name: 'known subnets in two zones pass even beside a subnet not in the inventory',
    items: [...subnets, fn('mostly', inVpc('subnet-a1', 'subnet-b', 'subnet-gone'))],
    expect: [{ resourceId: 'mostly', status: 'PASS', messageId: 'multiAz', data: { count: 2 } }],
  },
  {
    name: 'repeated subnet ids count once',
    items: [...subnets, fn('repeats', inVpc('subnet-b', 'subnet-b'))],
    expect: [{ resourceId: 'repeats', status: 'FAIL', messageId: 'singleAz', data: { subnets: 'subnet-b' } }],
  },
  {
    name: "subnets are looked up in the function's own Region",
    items: [subnet('subnet-a1', 'eu-west-1a'), subnet('subnet-b', 'eu-west-1b'), fn('us-fn', inVpc('subnet-a1', 'subnet-b'), { region: 'us-east-1' })],
    expect: [{ resourceId: 'us-fn', status: 'UNKNOWN', messageId: 'subnetsMissing', data: { subnets: 'subnet-a1, subnet-b' } }],
  },
  {
    name: 'a development function is outside the production scope',
    items: [...subnets, fn('dev-fn', inVpc('subnet-b'), { tags: { Environment: 'dev' } })],
    expect: [{ resourceId: 'dev-fn', status: 'NOT_APPLICABLE', messageId: 'notProduction', data: { reason: 'Environment=dev' } }],
  },
  {
    name: 'subnets that could not be collected make VPC functions unknown, never failed',
    items: [fn('orders-api', inVpc('subnet-a1'))],
    failed: ['AWS::EC2::Subnet'],
    expect: [{ resourceId: 'orders-api', status: 'UNKNOWN', messageId: 'collectionFailed' }],
  },
  {
    name: 'functions that could not be listed are unknown for the scope',
    items: [],
    failed: ['AWS::Lambda::Function'],
    expect: [{ resourceId: '*', status: 'UNKNOWN', messageId: 'listFailed' }],
  },
  {
    name: 'several functions are each judged on their own',
    items: [...subnets, fn('c-single', inVpc('subnet-a2')), fn('a-multi', inVpc('subnet-b', 'subnet-a2')), fn('b-public', undefined)],
    expect: [
      { resourceId: 'a-multi', status: 'PASS', messageId: 'multiAz' },
      { resourceId: 'b-public', status: 'NOT_APPLICABLE', messageId: 'notInVpc' },
      { resourceId: 'c-single', status: 'FAIL', messageId: 'singleAz', data: { zones: 'eu-west-1a' } },
    ],
  },
]);
