import rule from '../../../rules/multi-az/opensearch-domain-zone-aware.js';
import { item } from '../../support/items.js';
import { testRule } from '../../support/rule-tester.js';

const prod = { Environment: 'prod' };
const domain = (name: string, clusterConfig: Record<string, unknown> | null, tags: Record<string, string> = prod) =>
  item('AWS::OpenSearch::Domain', name, { DomainName: name, ClusterConfig: clusterConfig }, { tags });
const zoneAware = (count: number, zones = 3) => ({
  InstanceType: 'r7g.large.search',
  InstanceCount: count,
  ZoneAwarenessEnabled: true,
  ZoneAwarenessConfig: { AvailabilityZoneCount: zones },
});

testRule(rule, [
  {
    name: 'zone awareness with three data nodes passes',
    items: [domain('product-search', zoneAware(3))],
    expect: [{ resourceId: 'product-search', status: 'PASS', messageId: 'zoneAware', data: { nodes: 3, zones: '3 Availability Zones' } }],
  },
  {
    name: 'zone awareness with only two data nodes fails (OpenSearch.6 asks for three)',
    items: [domain('product-search', zoneAware(2, 2))],
    expect: [{ resourceId: 'product-search', status: 'FAIL', messageId: 'tooFewNodes', data: { nodes: 2 } }],
  },
  {
    name: 'many data nodes without zone awareness fail',
    items: [domain('product-search', { InstanceCount: 6, ZoneAwarenessEnabled: false })],
    expect: [{ resourceId: 'product-search', status: 'FAIL', messageId: 'zoneAwarenessOff', data: { nodes: 6 } }],
  },
  {
    name: 'dedicated master nodes do not count as data nodes',
    items: [domain('product-search', { ...zoneAware(2, 2), DedicatedMasterEnabled: true, DedicatedMasterCount: 3 })],
    expect: [{ resourceId: 'product-search', status: 'FAIL', messageId: 'tooFewNodes' }],
  },
  {
    name: 'zone awareness off fails even with the node count unrecorded',
    items: [domain('product-search', { ZoneAwarenessEnabled: false })],
    expect: [{ resourceId: 'product-search', status: 'FAIL', messageId: 'zoneAwarenessOff', data: { nodes: 'an unrecorded number of' } }],
  },
  {
    name: 'a single node fails even with zone awareness unrecorded',
    items: [domain('product-search', { InstanceCount: 1 })],
    expect: [{ resourceId: 'product-search', status: 'FAIL', messageId: 'tooFewNodes', data: { nodes: 1 } }],
  },
  {
    name: 'three data nodes with zone awareness unrecorded are unknown, never a pass',
    items: [domain('product-search', { InstanceCount: 3 })],
    expect: [{ resourceId: 'product-search', status: 'UNKNOWN', messageId: 'zoneAwarenessMissing' }],
  },
  {
    name: 'zone awareness with the node count unrecorded is unknown',
    items: [domain('product-search', { ZoneAwarenessEnabled: true })],
    expect: [{ resourceId: 'product-search', status: 'UNKNOWN', messageId: 'nodeCountMissing' }],
  },
  {
    name: 'a domain with no recorded cluster configuration is unknown',
    items: [domain('product-search', null)],
    expect: [{ resourceId: 'product-search', status: 'UNKNOWN', messageId: 'zoneAwarenessMissing' }],
  },
  {
    name: 'a domain whose description failed is unknown through its collection error',
    items: [domain('product-search', null)],
    failed: [
      {
        accountId: '111122223333',
        region: 'eu-west-1',
        resourceTypes: ['AWS::OpenSearch::Domain'],
        resourceIds: ['product-search'],
        service: 'opensearch',
        operation: 'DescribeDomains',
        code: 'ThrottlingException',
        message: 'Rate exceeded',
      },
    ],
    expect: [{ resourceId: 'product-search', status: 'UNKNOWN', messageId: 'collectionFailed' }],
  },
  {
    name: 'a development domain is outside the production scope',
    items: [domain('scratch-search', { InstanceCount: 1, ZoneAwarenessEnabled: false }, { Environment: 'dev' })],
    expect: [{ resourceId: 'scratch-search', status: 'NOT_APPLICABLE', messageId: 'notProduction' }],
  },
  {
    name: 'several domains are each judged on their own',
    items: [domain('product-search', zoneAware(6)), domain('log-search', { InstanceCount: 2, ZoneAwarenessEnabled: false })],
    expect: [
      { resourceId: 'log-search', status: 'FAIL', messageId: 'zoneAwarenessOff' },
      { resourceId: 'product-search', status: 'PASS', messageId: 'zoneAware', data: { nodes: 6 } },
    ],
  },
]);
