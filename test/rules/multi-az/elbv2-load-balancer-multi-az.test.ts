import rule from '../../../rules/multi-az/elbv2-load-balancer-multi-az.js';
import { item } from '../../support/items.js';
import { testRule } from '../../support/rule-tester.js';

const prod = { Environment: 'prod' };
const arn = (type: string, name: string) => `arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/${type.slice(0, 3)}/${name}/50dc6c495c0c9188`;
type Zone = { zoneName?: string | null; subnetId?: string };

const zone = (zoneName: string | null, subnetId = `subnet-${zoneName ?? 'x'}`): Zone => ({ zoneName, subnetId });
const lb = (name: string, zones: readonly Zone[] | null | undefined, { type = 'application', tags = prod }: { type?: string | null; tags?: Record<string, string> } = {}) =>
  item(
    'AWS::ElasticLoadBalancingV2::LoadBalancer',
    arn(type ?? 'app', name),
    { loadBalancerName: name, type, scheme: 'internal', ...(zones === undefined ? {} : { availabilityZones: zones }) },
    { tags, resourceName: name, ARN: arn(type ?? 'app', name) },
  );

testRule(rule, [
  {
    name: 'an Application Load Balancer in two zones passes',
    items: [lb('shop-web', [zone('eu-west-1a'), zone('eu-west-1b')])],
    expect: [{ resourceId: arn('application', 'shop-web'), status: 'PASS', messageId: 'multiAz', data: { kind: 'Application', name: 'shop-web', zones: 'eu-west-1a, eu-west-1b', count: 2 } }],
  },
  {
    name: 'a Network Load Balancer in one zone fails',
    items: [lb('ledger', [zone('eu-west-1a')], { type: 'network' })],
    expect: [{ resourceId: arn('network', 'ledger'), status: 'FAIL', messageId: 'singleAz', data: { kind: 'Network', zones: 'eu-west-1a', count: 1 } }],
  },
  {
    name: 'Gateway Load Balancers are judged too (ELB.13 covers them)',
    items: [lb('inspect-1', [zone('eu-west-1c')], { type: 'gateway' }), lb('inspect-2', [zone('eu-west-1a'), zone('eu-west-1c')], { type: 'gateway' })],
    expect: [
      { resourceId: arn('gateway', 'inspect-1'), status: 'FAIL', messageId: 'singleAz', data: { kind: 'Gateway' } },
      { resourceId: arn('gateway', 'inspect-2'), status: 'PASS', messageId: 'multiAz', data: { kind: 'Gateway', count: 2 } },
    ],
  },
  {
    name: 'two subnets in the same zone are still one zone',
    items: [lb('twins', [zone('eu-west-1a', 'subnet-1'), zone('eu-west-1a', 'subnet-2')])],
    expect: [{ resourceId: arn('application', 'twins'), status: 'FAIL', messageId: 'singleAz', data: { zones: 'eu-west-1a', count: 1 } }],
  },
  {
    name: 'a zone mapping without a zone name is unknown when the named zones do not reach two',
    items: [lb('vague', [zone('eu-west-1a'), zone(null, 'subnet-q')])],
    expect: [{ resourceId: arn('application', 'vague'), status: 'UNKNOWN', messageId: 'zoneMissing', data: { missing: 1, zones: 'eu-west-1a' } }],
  },
  {
    name: 'zone mappings without names only are unknown and say no zone is named',
    items: [lb('blank', [{ subnetId: 'subnet-q' }])],
    expect: [{ resourceId: arn('application', 'blank'), status: 'UNKNOWN', messageId: 'zoneMissing', data: { missing: 1, zones: 'none', count: 0 } }],
  },
  {
    name: 'two named zones pass even beside a mapping without a name',
    items: [lb('mostly', [zone('eu-west-1a'), zone('eu-west-1b'), zone(null, 'subnet-q')])],
    expect: [{ resourceId: arn('application', 'mostly'), status: 'PASS', messageId: 'multiAz', data: { count: 2 } }],
  },
  {
    name: 'a load balancer with no recorded zones is unknown, never passed',
    items: [lb('nozones', undefined), lb('nullzones', null), lb('emptyzones', [])],
    expect: [
      { resourceId: arn('application', 'emptyzones'), status: 'UNKNOWN', messageId: 'noZones', data: { name: 'emptyzones' } },
      { resourceId: arn('application', 'nozones'), status: 'UNKNOWN', messageId: 'noZones', data: { name: 'nozones' } },
      { resourceId: arn('application', 'nullzones'), status: 'UNKNOWN', messageId: 'noZones', data: { name: 'nullzones' } },
    ],
  },
  {
    name: 'an unrecorded type is named generically',
    items: [lb('typeless', [zone('eu-west-1a')], { type: null })],
    expect: [{ resourceId: arn('app', 'typeless'), status: 'FAIL', messageId: 'singleAz', data: { kind: 'Elastic' } }],
  },
  {
    name: 'a staging load balancer is outside the production scope',
    items: [lb('staging-web', [zone('eu-west-1a')], { tags: { Environment: 'staging' } })],
    expect: [{ resourceId: arn('application', 'staging-web'), status: 'NOT_APPLICABLE', messageId: 'notProduction', data: { reason: 'Environment=staging' } }],
  },
  {
    name: 'load balancers that could not be listed are unknown for the scope',
    items: [],
    failed: ['AWS::ElasticLoadBalancingV2::LoadBalancer'],
    expect: [{ resourceId: '*', status: 'UNKNOWN', messageId: 'listFailed' }],
  },
  {
    name: 'an exempted single-zone load balancer stays failed and carries the exemption',
    items: [lb('legacy', [zone('eu-west-1b')])],
    settings: { exemptions: [{ rule: 'elbv2-load-balancer-multi-az', resource: 'arn:aws:elasticloadbalancing:*:loadbalancer/app/legacy/*', reason: 'being replaced', expires: '2026-12-31' }] },
    expect: [{ resourceId: arn('application', 'legacy'), status: 'FAIL', messageId: 'singleAz', exempted: true }],
  },
]);
