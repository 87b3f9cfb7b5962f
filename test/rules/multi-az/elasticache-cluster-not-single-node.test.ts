import rule from '../../../rules/multi-az/elasticache-cluster-not-single-node.js';
import { item } from '../../support/items.js';
import { testRule } from '../../support/rule-tester.js';

const prod = { Environment: 'prod' };
const cacheCluster = (id: string, configuration: Record<string, unknown>, tags: Record<string, string> = prod) =>
  item('AWS::ElastiCache::CacheCluster', id, { cacheClusterId: id, ...configuration }, { tags });
const nodes = (...zones: (string | null)[]) =>
  zones.map((customerAvailabilityZone, index) => ({ cacheNodeId: String(index + 1).padStart(4, '0'), customerAvailabilityZone }));
const memcached = (id: string, zones: (string | null)[], extra: Record<string, unknown> = {}) =>
  cacheCluster(id, { engine: 'memcached', numCacheNodes: zones.length, cacheNodes: nodes(...zones), ...extra });

testRule(rule, [
  {
    name: 'a Memcached cluster with nodes in two zones passes',
    items: [memcached('catalog-cache', ['eu-west-1a', 'eu-west-1b', 'eu-west-1a'], { preferredAvailabilityZone: 'Multiple' })],
    expect: [{ resourceId: 'catalog-cache', status: 'PASS', messageId: 'spread', data: { nodes: 3, count: 2, zones: 'eu-west-1a, eu-west-1b' } }],
  },
  {
    name: 'a single-node Memcached cluster fails',
    items: [memcached('catalog-cache', ['eu-west-1a'])],
    expect: [{ resourceId: 'catalog-cache', status: 'FAIL', messageId: 'singleNode', data: { engine: 'memcached' } }],
  },
  {
    name: 'a standalone Redis OSS cluster has one node and fails',
    items: [cacheCluster('rate-limits', { engine: 'redis', numCacheNodes: 1, preferredAvailabilityZone: 'eu-west-1b' })],
    expect: [{ resourceId: 'rate-limits', status: 'FAIL', messageId: 'singleNode', data: { engine: 'redis' } }],
  },
  {
    name: 'several Memcached nodes all in one zone fail',
    items: [memcached('catalog-cache', ['eu-west-1a', 'eu-west-1a'])],
    expect: [{ resourceId: 'catalog-cache', status: 'FAIL', messageId: 'oneZone', data: { nodes: 2, zone: 'eu-west-1a' } }],
  },
  {
    name: 'a cross-AZ request ("Multiple") is not placement: nodes without recorded zones are unknown',
    items: [cacheCluster('catalog-cache', { engine: 'memcached', numCacheNodes: 3, preferredAvailabilityZone: 'Multiple' })],
    expect: [{ resourceId: 'catalog-cache', status: 'UNKNOWN', messageId: 'nodeZonesMissing', data: { nodes: 3 } }],
  },
  {
    name: 'one zone known and a node without a zone is unknown, not one zone',
    items: [memcached('catalog-cache', ['eu-west-1a', null])],
    expect: [{ resourceId: 'catalog-cache', status: 'UNKNOWN', messageId: 'nodeZonesMissing' }],
  },
  {
    name: 'fewer node records than nodes is unknown, not one zone',
    items: [memcached('catalog-cache', ['eu-west-1a', 'eu-west-1a'], { numCacheNodes: 3 })],
    expect: [{ resourceId: 'catalog-cache', status: 'UNKNOWN', messageId: 'nodeZonesMissing', data: { nodes: 3 } }],
  },
  {
    name: 'the node count falls back to the node records',
    items: [cacheCluster('catalog-cache', { engine: 'memcached', cacheNodes: nodes('eu-west-1b', 'eu-west-1c') })],
    expect: [{ resourceId: 'catalog-cache', status: 'PASS', messageId: 'spread', data: { nodes: 2 } }],
  },
  {
    name: 'a cluster with no recorded node count is unknown',
    items: [cacheCluster('catalog-cache', { engine: 'memcached' })],
    expect: [{ resourceId: 'catalog-cache', status: 'UNKNOWN', messageId: 'nodeCountMissing' }],
  },
  {
    name: 'a member of a replication group is left to the replication group rule',
    items: [cacheCluster('sessions-001', { engine: 'redis', numCacheNodes: 1, replicationGroupId: 'sessions' })],
    expect: [{ resourceId: 'sessions-001', status: 'NOT_APPLICABLE', messageId: 'groupMember', data: { group: 'sessions' } }],
  },
  {
    name: 'a staging cluster is outside the production scope',
    items: [memcached('scratch-cache', ['eu-west-1a'], {}), cacheCluster('scratch-redis', { engine: 'redis', numCacheNodes: 1 }, { Environment: 'staging' })],
    expect: [
      { resourceId: 'scratch-cache', status: 'FAIL', messageId: 'singleNode' },
      { resourceId: 'scratch-redis', status: 'NOT_APPLICABLE', messageId: 'notProduction', data: { reason: 'Environment=staging' } },
    ],
  },
  {
    name: 'cache clusters that could not be listed are unknown for the scope',
    items: [],
    failed: ['AWS::ElastiCache::CacheCluster'],
    expect: [{ resourceId: '*', status: 'UNKNOWN', messageId: 'listFailed' }],
  },
]);
