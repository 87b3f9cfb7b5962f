/**
 * elasticache-cluster-not-single-node: an ElastiCache cache cluster that stands alone (outside any
 * replication group) has two or more nodes, spread over two or more Availability Zones.
 *
 * A member of a replication group is judged with its group (elasticache-replication-group-multi-az).
 * A standalone Valkey or Redis OSS cluster always has exactly one node, so it fails; a Memcached
 * cluster passes when its nodes (`cacheNodes[].customerAvailabilityZone`) sit in two zones. The
 * cluster's `preferredAvailabilityZone` ("Multiple" for a cross-AZ Memcached cluster) states what
 * was asked for at creation, not where the nodes run, so it is never read as placement.
 */
import { defineRule } from '../lib/define-rule.js';
import { cacheEngine, cacheNodeHour, free, hoursLine, priced, text } from '../lib/fix-costs.js';

export default defineRule({
  meta: {
    id: 'elasticache-cluster-not-single-node',
    gate: 'multi-az',
    title: 'Standalone ElastiCache clusters have nodes in two or more AZs',
    // No Security Hub control; MEDIUM as the gate's other controls (RDS.15, ElastiCache.3) are rated.
    severity: 'MEDIUM',
    priority: 'P2',
    resourceTypes: ['AWS::ElastiCache::CacheCluster'],
    controls: [],
    remediation: {
      text:
        'Memcached: add nodes with the cross-AZ mode so they spread over several Availability Zones. Valkey or Redis OSS: ' +
        'move the data to a replication group with a replica in another Availability Zone and Multi-AZ enabled.',
      url: 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/RegionsAndAZs.html',
    },
    messages: {
      spread: 'Cache cluster {{name}} has {{nodes}} nodes in {{count}} Availability Zones ({{zones}}).',
      singleNode: 'Cache cluster {{name}} ({{engine}}) has a single node: losing it, or its Availability Zone, loses the cache.',
      oneZone: 'Cache cluster {{name}} has {{nodes}} nodes, all in one Availability Zone, {{zone}}.',
      groupMember: 'Cache cluster {{name}} is a member of replication group {{group}}; the replication group rule covers it.',
      nodeCountMissing: 'Cache cluster {{name}} has no recorded node count.',
      nodeZonesMissing: 'Cache cluster {{name}} has {{nodes}} nodes, but not every node has a recorded Availability Zone.',
    },
    // A single node needs a second one (a replica, or a Memcached node in another zone); nodes all in one zone only move.
    fixCost(item, data) {
      if (!('engine' in data)) return free('the nodes are re-created in other zones: no node is added; cross-zone traffic is usage-based');
      const nodeType = text(item.configuration['cacheNodeType']);
      const engine = cacheEngine(item.configuration.engine);
      if (nodeType === undefined || engine === undefined) return undefined;
      return priced([hoursLine(cacheNodeHour(item.awsRegion, nodeType, engine), 1, `a second ${nodeType} ${engine} node in another zone`)]);
    },
  },
  check(item, context) {
    const { configuration } = item;
    const name = configuration.cacheClusterId ?? item.resourceId;
    const group = configuration.replicationGroupId;
    if (group) return context.notApplicable('groupMember', { name, group });

    const engine = configuration.engine ?? 'unknown engine';
    const nodes = configuration.cacheNodes;
    const count = configuration.numCacheNodes ?? nodes?.length;
    if (count === undefined || count === null) return context.unknown('nodeCountMissing', { name });
    if (count < 2) return context.fail('singleNode', { name, engine });

    const zones = new Set((nodes ?? []).flatMap((node) => (node.customerAvailabilityZone ? [node.customerAvailabilityZone] : [])));
    const sorted = [...zones].sort();
    if (sorted.length >= 2) return context.pass('spread', { name, nodes: count, count: sorted.length, zones: sorted.join(', ') });
    // One zone is a failure only when every node's zone is known.
    const everyNodeKnown = nodes !== undefined && nodes !== null && nodes.length >= count && nodes.every((node) => Boolean(node.customerAvailabilityZone));
    const [zone] = sorted;
    if (everyNodeKnown && zone !== undefined) return context.fail('oneZone', { name, nodes: count, zone });
    return context.unknown('nodeZonesMissing', { name, nodes: count });
  },
});
