/**
 * opensearch-domain-in-private-vpc: an OpenSearch Service domain is attached to a VPC
 * (`VPCOptions.SubnetIds` non-empty) and every one of its subnets is private, as the Inventory's
 * network facts classify it (RULES.md, "Public subnet").
 *
 * A domain without VPC options has a public endpoint (`search-…`), reachable from the internet and
 * guarded by its access policy alone: that is what OpenSearch.2 fails, and so does this rule. A
 * domain whose endpoint is a VPC endpoint (`vpc-…`) but whose subnets are not recorded is missing
 * data: UNKNOWN. So is a domain recorded with nothing but its name (no endpoint, no cluster
 * configuration): the collector emits such a stub when DescribeDomains fails, and its collection
 * error makes it UNKNOWN in a live scan — this keeps it UNKNOWN wherever the error is not at hand.
 */
import { scopeOf } from '../../inventory/inventory.js';
import { defineRule } from '../lib/define-rule.js';
import { describePublicSubnet, publicSubnetData } from '../lib/network-messages.js';

export default defineRule({
  meta: {
    id: 'opensearch-domain-in-private-vpc',
    gate: 'private-network',
    title: 'OpenSearch domains run in a VPC, in private subnets only',
    // Security Hub rates OpenSearch.2 CRITICAL.
    severity: 'CRITICAL',
    priority: 'P2',
    resourceTypes: ['AWS::OpenSearch::Domain'],
    needs: ['AWS::EC2::Subnet', 'AWS::EC2::RouteTable'],
    controls: ['OpenSearch.2'],
    remediation: {
      text:
        'A domain cannot move from public access into a VPC: create a new domain with VPC access in private subnets, ' +
        'restore a snapshot of this one into it, switch clients over and delete the public domain. For a VPC domain in ' +
        'a public subnet, change its subnets to private ones.',
      url: 'https://docs.aws.amazon.com/opensearch-service/latest/developerguide/vpc.html',
    },
    messages: {
      private: 'OpenSearch domain {{domain}} runs in a VPC, in private subnets only ({{subnets}}).',
      notInVpc: 'OpenSearch domain {{domain}} is not attached to a VPC: its endpoint {{endpoint}} is public, guarded by its access policy alone.',
      publicSubnet:
        'OpenSearch domain {{domain}} runs in public subnet {{subnet}}: its route table {{routeTable}} ({{association}}) routes {{route}}.',
      publicSubnets: 'OpenSearch domain {{domain}} runs in {{count}} public subnets: {{details}}.',
      notDescribed: 'OpenSearch domain {{domain}} has no recorded endpoint, cluster or VPC options, so its network access cannot be judged.',
      vpcWithoutSubnets: 'OpenSearch domain {{domain}} has VPC endpoint {{endpoint}} but no recorded subnets.',
      subnetMissing: 'OpenSearch domain {{domain}} runs in subnet {{subnet}}, which is not in the inventory.',
      routeTableUnknown:
        'OpenSearch domain {{domain}} runs in subnet {{subnet}}, whose route table is unknown: no explicit association and no main route table of {{vpc}} in the inventory.',
    },
  },
  check(item, context) {
    const domain = item.configuration.DomainName ?? item.resourceId;
    const endpoint = item.configuration.DomainEndpoint ?? undefined;
    const subnetIds = [...new Set((item.configuration.VPCOptions?.SubnetIds ?? []).filter((id) => id !== ''))];
    if (subnetIds.length === 0) {
      if (endpoint?.startsWith('vpc-') === true) return context.unknown('vpcWithoutSubnets', { domain, endpoint });
      // Only a name and an ARN: the domain was listed but its description is not recorded.
      if (endpoint === undefined && !item.configuration.ClusterConfig) return context.unknown('notDescribed', { domain });
      return context.fail('notInVpc', { domain, endpoint: endpoint ?? '(not yet assigned)' });
    }

    const network = context.inventory.networkOf(scopeOf(item));
    const { public: publicSubnets, missing, undecided } = network.placement(subnetIds);

    // A subnet known to be public fails the domain whatever else is unknown.
    const [first] = publicSubnets;
    if (first !== undefined) {
      const data = { domain, ...publicSubnetData(first) };
      if (publicSubnets.length === 1) return context.fail('publicSubnet', data);
      const details = publicSubnets.map(describePublicSubnet).join('; ');
      return context.fail('publicSubnets', { ...data, count: publicSubnets.length, details });
    }

    const [missingSubnet] = missing;
    if (missingSubnet !== undefined) return context.unknown('subnetMissing', { domain, subnet: missingSubnet });
    const [undecidedSubnet] = undecided;
    if (undecidedSubnet !== undefined) {
      return context.unknown('routeTableUnknown', { domain, subnet: undecidedSubnet.subnetId, vpc: undecidedSubnet.vpcId ?? 'its VPC' });
    }
    return context.pass('private', { domain, subnets: subnetIds.join(', ') });
  },
});
