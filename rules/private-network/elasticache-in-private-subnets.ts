/**
 * elasticache-in-private-subnets: every subnet of an ElastiCache cluster's cache subnet group is
 * private, as the Inventory's network facts classify it (RULES.md, "Public subnet"). ElastiCache
 * may place a node, or a replacement node, in any subnet of the group, so one public subnet in the
 * group is enough to fail the cluster.
 *
 * The subnets come from `supplementaryConfiguration.CacheSubnetGroup`, which gatewatch's live
 * collector adds (DescribeCacheSubnetGroups); an AWS Config snapshot does not carry it, so there
 * the rule is UNKNOWN, never PASS. A cluster without a cache subnet group would be an EC2-Classic
 * cluster, and EC2-Classic was retired in 2022: no subnet group recorded is missing data, UNKNOWN
 * too (not NOT_APPLICABLE, which would hide a cluster whose placement is simply unknown).
 */
import { scopeOf } from '../../inventory/inventory.js';
import { defineRule } from '../lib/define-rule.js';
import { describePublicSubnet, publicSubnetData } from '../lib/network-messages.js';

export default defineRule({
  meta: {
    id: 'elasticache-in-private-subnets',
    gate: 'private-network',
    title: 'ElastiCache clusters use cache subnet groups of private subnets only',
    // No Security Hub control checks this. ElastiCache.7 (the cluster does not use the *default*
    // subnet group, rated HIGH) is related but judges another thing — a custom group may hold
    // public subnets and a default one only private ones — so it is not listed as a control.
    // HIGH, as for the other databases of this gate: a cache in a public subnet is one
    // security group rule away from the internet.
    severity: 'HIGH',
    priority: 'P2',
    resourceTypes: ['AWS::ElastiCache::CacheCluster'],
    needs: ['AWS::EC2::Subnet', 'AWS::EC2::RouteTable'],
    reads: ['CacheSubnetGroup'],
    controls: [],
    remediation: {
      text:
        'Remove the public subnets from the cache subnet group (a subnet in use by a node cannot be removed: first ' +
        'create the cluster anew, or migrate it, in a subnet group of private subnets only).',
      url: 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/SubnetGroups.Modifying.html',
    },
    messages: {
      private: 'ElastiCache cluster {{cluster}} uses cache subnet group {{group}} of private subnets only ({{subnets}}).',
      publicSubnet:
        'ElastiCache cluster {{cluster}}: cache subnet group {{group}} holds public subnet {{subnet}}, whose route table {{routeTable}} ({{association}}) routes {{route}}.',
      publicSubnets: 'ElastiCache cluster {{cluster}}: cache subnet group {{group}} holds {{count}} public subnets: {{details}}.',
      noSubnetGroup: 'ElastiCache cluster {{cluster}} has no recorded cache subnet group, so its subnets cannot be judged.',
      subnetGroupNotRead: 'ElastiCache cluster {{cluster}} uses cache subnet group {{group}}, whose subnets are not recorded.',
      noSubnets: 'ElastiCache cluster {{cluster}}: cache subnet group {{group}} lists no subnets.',
      subnetWithoutId: 'ElastiCache cluster {{cluster}}: cache subnet group {{group}} lists a subnet with no recorded id.',
      subnetMissing: 'ElastiCache cluster {{cluster}}: cache subnet group {{group}} holds subnet {{subnet}}, which is not in the inventory.',
      routeTableUnknown:
        'ElastiCache cluster {{cluster}}: cache subnet group {{group}} holds subnet {{subnet}}, whose route table is unknown: no explicit association and no main route table of {{vpc}} in the inventory.',
    },
  },
  check(item, context) {
    const cluster = item.configuration.cacheClusterId ?? item.resourceId;
    const groupName = item.configuration.cacheSubnetGroupName;
    const subnetGroup = item.supplementaryConfiguration.CacheSubnetGroup;
    if (!groupName && (subnetGroup === undefined || subnetGroup === null)) return context.unknown('noSubnetGroup', { cluster });
    const group = groupName ?? 'unnamed';
    if (subnetGroup === undefined || subnetGroup === null) return context.unknown('subnetGroupNotRead', { cluster, group });

    const subnetIds = [...new Set((subnetGroup.Subnets ?? []).flatMap((subnet) => (subnet.SubnetIdentifier ? [subnet.SubnetIdentifier] : [])))];
    const network = context.inventory.networkOf(scopeOf(item));
    const { public: publicSubnets, missing, undecided } = network.placement(subnetIds);

    // A subnet known to be public fails the cluster whatever else is unknown.
    const [first] = publicSubnets;
    if (first !== undefined) {
      const data = { cluster, group, ...publicSubnetData(first) };
      if (publicSubnets.length === 1) return context.fail('publicSubnet', data);
      const details = publicSubnets.map(describePublicSubnet).join('; ');
      return context.fail('publicSubnets', { ...data, count: publicSubnets.length, details });
    }

    if ((subnetGroup.Subnets ?? []).some((subnet) => !subnet.SubnetIdentifier)) return context.unknown('subnetWithoutId', { cluster, group });
    if (subnetIds.length === 0) return context.unknown('noSubnets', { cluster, group });
    const [missingSubnet] = missing;
    if (missingSubnet !== undefined) return context.unknown('subnetMissing', { cluster, group, subnet: missingSubnet });
    const [undecidedSubnet] = undecided;
    if (undecidedSubnet !== undefined) {
      return context.unknown('routeTableUnknown', { cluster, group, subnet: undecidedSubnet.subnetId, vpc: undecidedSubnet.vpcId ?? 'its VPC' });
    }
    return context.pass('private', { cluster, group, subnets: subnetIds.join(', ') });
  },
});
