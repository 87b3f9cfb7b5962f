/**
 * opensearch-domain-zone-aware: an OpenSearch Service domain spreads its data over Availability
 * Zones — zone awareness on — and has at least three data nodes (`ClusterConfig.InstanceCount`;
 * dedicated master and warm nodes are counted apart and hold no hot data), as OpenSearch.6 asks.
 */
import { defineRule } from '../lib/define-rule.js';
import { free, hoursLine, openSearchInstanceHour, priced, text } from '../lib/fix-costs.js';

const MIN_DATA_NODES = 3;

export default defineRule({
  meta: {
    id: 'opensearch-domain-zone-aware',
    gate: 'multi-az',
    title: 'OpenSearch domains are zone-aware with three or more data nodes',
    // Security Hub rates OpenSearch.6 MEDIUM; the same severity keeps both findings in step.
    severity: 'MEDIUM',
    priority: 'P1',
    resourceTypes: ['AWS::OpenSearch::Domain'],
    controls: ['OpenSearch.6'],
    remediation: {
      text:
        'Edit the domain: turn on zone awareness (two or three Availability Zones, or Multi-AZ with standby) and run at ' +
        'least three data nodes, a multiple of the zone count, with a replica for each index.',
      url: 'https://docs.aws.amazon.com/opensearch-service/latest/developerguide/managedomains-multiaz.html',
    },
    messages: {
      zoneAware: 'OpenSearch domain {{name}} is zone-aware ({{zones}}) with {{nodes}} data nodes.',
      zoneAwarenessOff: 'OpenSearch domain {{name}} has zone awareness off ({{nodes}} data nodes): all its data sits in one Availability Zone.',
      tooFewNodes: 'OpenSearch domain {{name}} has only {{nodes}} data nodes; at least 3 are needed to keep serving when a node or zone is lost.',
      zoneAwarenessMissing: 'OpenSearch domain {{name}} has no recorded zone awareness setting.',
      nodeCountMissing: 'OpenSearch domain {{name}} has no recorded data node count.',
    },
    // Data nodes of the domain's type up to three (and to a multiple of two or three zones); zone awareness itself is free.
    fixCost(item) {
      const cluster = item.configuration.ClusterConfig;
      const count = cluster?.InstanceCount;
      if (typeof count !== 'number') return undefined;
      let target = Math.max(MIN_DATA_NODES, count);
      if (target % 2 !== 0 && target % 3 !== 0) target += 1;
      const added = target - count;
      if (added === 0) return free('turning on zone awareness adds no data node');
      const instanceType = text(cluster?.['InstanceType']);
      if (instanceType === undefined) return undefined;
      return priced([hoursLine(openSearchInstanceHour(item.awsRegion, instanceType), added, `${added} more ${instanceType} data node${added > 1 ? 's' : ''}, ${target} in all`)], 'their EBS storage is billed per GB-month, not included');
    },
  },
  check(item, context) {
    const name = item.configuration.DomainName ?? item.resourceId;
    const cluster = item.configuration.ClusterConfig;
    const zoneAware = cluster?.ZoneAwarenessEnabled;
    const count = cluster?.InstanceCount;
    const nodes = count === undefined || count === null ? 'an unrecorded number of' : count;

    // A setting known to fall short fails the domain whatever the other one says.
    if (zoneAware === false) return context.fail('zoneAwarenessOff', { name, nodes });
    if (typeof count === 'number' && count < MIN_DATA_NODES) return context.fail('tooFewNodes', { name, nodes: count });
    if (zoneAware === undefined || zoneAware === null) return context.unknown('zoneAwarenessMissing', { name });
    if (count === undefined || count === null) return context.unknown('nodeCountMissing', { name });
    const zoneCount = cluster?.ZoneAwarenessConfig?.AvailabilityZoneCount;
    const zones = typeof zoneCount === 'number' ? `${zoneCount} Availability Zones` : 'zone count not recorded';
    return context.pass('zoneAware', { name, nodes: count, zones });
  },
});
