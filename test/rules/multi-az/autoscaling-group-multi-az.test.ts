import rule from '../../../rules/multi-az/autoscaling-group-multi-az.js';
import { item } from '../../support/items.js';
import { testRule } from '../../support/rule-tester.js';

const prod = { Environment: 'prod' };
const arn = (name: string) => `arn:aws:autoscaling:eu-west-1:111122223333:autoScalingGroup:0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b:autoScalingGroupName/${name}`;

/** A group as AWS Config records it: identified by its ARN, zones as `availabilityZones.value`. */
const group = (
  name: string,
  { zones, subnets }: { zones?: readonly string[] | null; subnets?: string | null },
  tags: Record<string, string> = prod,
) =>
  item(
    'AWS::AutoScaling::AutoScalingGroup',
    arn(name),
    {
      autoScalingGroupName: name,
      minSize: 2,
      maxSize: 6,
      ...(zones === undefined ? {} : { availabilityZones: zones === null ? null : zones.map((value) => ({ value })) }),
      ...(subnets === undefined ? {} : { vpczoneIdentifier: subnets }),
    },
    { tags, resourceName: name, ARN: arn(name) },
  );
const subnet = (id: string, zone: string | null) => item('AWS::EC2::Subnet', id, { subnetId: id, vpcId: 'vpc-a', availabilityZone: zone });

const subnets = [subnet('subnet-a1', 'eu-west-1a'), subnet('subnet-a2', 'eu-west-1a'), subnet('subnet-b', 'eu-west-1b'), subnet('subnet-c', 'eu-west-1c')];

testRule(rule, [
  {
    name: 'a group whose subnets sit in two zones passes',
    items: [...subnets, group('web', { zones: ['eu-west-1a', 'eu-west-1b'], subnets: 'subnet-a1,subnet-b' })],
    expect: [{ resourceId: arn('web'), status: 'PASS', messageId: 'multiAz', data: { name: 'web', zones: 'eu-west-1a, eu-west-1b', count: 2, source: 'subnets' } }],
  },
  {
    name: 'a group whose subnets all sit in one zone fails',
    items: [...subnets, group('worker', { zones: ['eu-west-1a'], subnets: 'subnet-a1,subnet-a2' })],
    expect: [{ resourceId: arn('worker'), status: 'FAIL', messageId: 'singleAz', data: { name: 'worker', zones: 'eu-west-1a', count: 1, source: 'subnets' } }],
  },
  {
    name: "the subnets' zones in the inventory outweigh the group's own zone list",
    items: [...subnets, group('stale', { zones: ['eu-west-1a', 'eu-west-1b'], subnets: 'subnet-a1, subnet-a2' })],
    expect: [{ resourceId: arn('stale'), status: 'FAIL', messageId: 'singleAz', data: { zones: 'eu-west-1a', source: 'subnets' } }],
  },
  {
    name: 'one subnet gives one zone and names its source in the singular',
    items: [...subnets, group('single', { zones: null, subnets: 'subnet-c' })],
    expect: [{ resourceId: arn('single'), status: 'FAIL', messageId: 'singleAz', data: { zones: 'eu-west-1c', source: 'subnet' } }],
  },
  {
    name: 'spaces, repeats and empty entries in the subnet list are ignored',
    items: [...subnets, group('messy', { subnets: ' subnet-a1 ,,subnet-a1, subnet-c ,' })],
    expect: [{ resourceId: arn('messy'), status: 'PASS', messageId: 'multiAz', data: { zones: 'eu-west-1a, eu-west-1c', count: 2 } }],
  },
  {
    name: 'known subnets in two zones pass even when another subnet is not in the inventory',
    items: [...subnets, group('partial', { subnets: 'subnet-a1,subnet-b,subnet-gone' })],
    expect: [{ resourceId: arn('partial'), status: 'PASS', messageId: 'multiAz', data: { zones: 'eu-west-1a, eu-west-1b', source: 'subnets' } }],
  },
  {
    name: "subnets not in the inventory fall back to the group's zone list",
    items: [group('elsewhere', { zones: ['eu-west-1b', 'eu-west-1a'], subnets: 'subnet-x,subnet-y' })],
    expect: [{ resourceId: arn('elsewhere'), status: 'PASS', messageId: 'multiAz', data: { zones: 'eu-west-1a, eu-west-1b', source: 'zone list' } }],
  },
  {
    name: "a known subnet and the zone list of a group whose other subnet is unknown fail when they name one zone",
    items: [...subnets, group('half', { zones: ['eu-west-1a'], subnets: 'subnet-a1,subnet-x' })],
    expect: [{ resourceId: arn('half'), status: 'FAIL', messageId: 'singleAz', data: { zones: 'eu-west-1a', source: 'zone list' } }],
  },
  {
    name: 'a group without subnets (zones only) is judged by its zone list',
    items: [group('classic-multi', { zones: ['eu-west-1a', 'eu-west-1c'] }), group('classic-single', { zones: ['eu-west-1a'], subnets: '' })],
    expect: [
      { resourceId: arn('classic-multi'), status: 'PASS', messageId: 'multiAz', data: { source: 'zone list', count: 2 } },
      { resourceId: arn('classic-single'), status: 'FAIL', messageId: 'singleAz', data: { source: 'zone list', count: 1 } },
    ],
  },
  {
    name: 'subnets missing from the inventory and no zone list are unknown, never passed',
    items: [subnet('subnet-a1', 'eu-west-1a'), group('lost', { zones: null, subnets: 'subnet-a1,subnet-x,subnet-y' })],
    expect: [{ resourceId: arn('lost'), status: 'UNKNOWN', messageId: 'subnetsMissing', data: { subnets: 'subnet-x, subnet-y' } }],
  },
  {
    name: 'a subnet with no recorded zone is unresolved like a missing one',
    items: [subnet('subnet-nozone', null), subnet('subnet-a1', 'eu-west-1a'), group('vague', { subnets: 'subnet-a1,subnet-nozone' })],
    expect: [{ resourceId: arn('vague'), status: 'UNKNOWN', messageId: 'subnetsMissing', data: { subnets: 'subnet-nozone' } }],
  },
  {
    name: 'a group with neither subnets nor zones is unknown',
    items: [group('empty', { zones: [], subnets: null })],
    expect: [{ resourceId: arn('empty'), status: 'UNKNOWN', messageId: 'noPlacement', data: { name: 'empty' } }],
  },
  {
    name: 'a development group is outside the production scope',
    items: [...subnets, group('dev', { zones: ['eu-west-1a'], subnets: 'subnet-a1' }, { Environment: 'dev' })],
    expect: [{ resourceId: arn('dev'), status: 'NOT_APPLICABLE', messageId: 'notProduction', data: { reason: 'Environment=dev' } }],
  },
  {
    name: 'groups whose tags could not be read are unknown, not out of scope',
    items: [...subnets, group('untagged', { zones: ['eu-west-1a'], subnets: 'subnet-a1' }, {})],
    failed: [
      {
        accountId: '111122223333',
        region: 'eu-west-1',
        resourceTypes: ['AWS::AutoScaling::AutoScalingGroup'],
        service: 'autoscaling',
        operation: 'DescribeTags',
        code: 'AccessDenied',
        message: 'denied by the test',
        aspect: 'tags',
      },
    ],
    expect: [{ resourceId: arn('untagged'), status: 'UNKNOWN', messageId: 'collectionFailed' }],
  },
  {
    name: 'groups that could not be listed are unknown for the scope',
    items: [],
    failed: ['AWS::AutoScaling::AutoScalingGroup'],
    expect: [{ resourceId: '*', status: 'UNKNOWN', messageId: 'listFailed' }],
  },
  {
    name: 'several groups are each judged on their own, in ARN order',
    items: [
      ...subnets,
      group('c-single', { subnets: 'subnet-b' }),
      group('a-three', { subnets: 'subnet-a1,subnet-b,subnet-c' }),
      group('b-unknown', { subnets: 'subnet-q' }),
    ],
    expect: [
      { resourceId: arn('a-three'), status: 'PASS', messageId: 'multiAz', data: { count: 3, zones: 'eu-west-1a, eu-west-1b, eu-west-1c' } },
      { resourceId: arn('b-unknown'), status: 'UNKNOWN', messageId: 'subnetsMissing', data: { subnets: 'subnet-q' } },
      { resourceId: arn('c-single'), status: 'FAIL', messageId: 'singleAz', data: { zones: 'eu-west-1b' } },
    ],
  },
  {
    name: 'an exempted single-zone group stays failed and carries the exemption',
    items: [...subnets, group('batch', { subnets: 'subnet-a1' }, { ...prod, 'gatewatch:exempt': 'autoscaling-group-multi-az' })],
    expect: [{ resourceId: arn('batch'), status: 'FAIL', messageId: 'singleAz', exempted: true }],
  },
]);
