/**
 * ec2-instance-in-private-subnet: every subnet an EC2 instance sits in — its primary subnet and
 * the subnet of each of its network interfaces — is private, as the Inventory's network facts
 * classify it (RULES.md, "Public subnet").
 */
import type { ConfigurationItem } from '../../model/configuration-item.js';
import { scopeOf } from '../../inventory/inventory.js';
import { defineRule } from '../lib/define-rule.js';
import { natGatewayNeed } from '../lib/fix-costs.js';
import { describePublicSubnet, publicSubnetData } from '../lib/network-messages.js';

/** Instance states in which it no longer runs anywhere. */
const GONE_STATES = new Set(['terminated', 'shutting-down']);

type Instance = ConfigurationItem<'AWS::EC2::Instance'>;

/** The subnets an instance sits in, in order (primary first), or the interface that has none. */
function subnetsOf(item: Instance): { readonly subnets: string[]; readonly interfaceWithoutSubnet: string | undefined } {
  const subnets: string[] = [];
  const add = (subnetId: string): void => {
    if (!subnets.includes(subnetId)) subnets.push(subnetId);
  };
  if (item.configuration.subnetId) add(item.configuration.subnetId);
  let interfaceWithoutSubnet: string | undefined;
  (item.configuration.networkInterfaces ?? []).forEach((eni, index) => {
    if (eni.subnetId) add(eni.subnetId);
    else interfaceWithoutSubnet ??= eni.networkInterfaceId ?? `#${index}`;
  });
  return { subnets, interfaceWithoutSubnet };
}

export default defineRule({
  meta: {
    id: 'ec2-instance-in-private-subnet',
    gate: 'private-network',
    title: 'EC2 instances run in private subnets',
    severity: 'HIGH',
    priority: 'P1',
    resourceTypes: ['AWS::EC2::Instance'],
    needs: ['AWS::EC2::Subnet', 'AWS::EC2::RouteTable'],
    controls: [],
    remediation: {
      text:
        'Launch a replacement instance in a private subnet (outbound traffic through a NAT gateway, inbound through a load ' +
        'balancer or Session Manager) and retire this one, or remove the internet gateway default route from the ' +
        "subnet's route table if nothing in the subnet needs it.",
      url: 'https://docs.aws.amazon.com/vpc/latest/userguide/vpc-example-private-subnets-nat.html',
    },
    messages: {
      private: 'EC2 instance {{instance}} runs only in private subnets ({{subnets}}).',
      publicSubnet:
        'EC2 instance {{instance}} runs in public subnet {{subnet}}: its route table {{routeTable}} ({{association}}) routes {{route}}.',
      publicSubnets: 'EC2 instance {{instance}} runs in {{count}} public subnets: {{details}}.',
      gone: 'EC2 instance {{instance}} is {{state}}.',
      noSubnet: 'EC2 instance {{instance}} has no recorded subnet, so its network placement cannot be judged.',
      interfaceWithoutSubnet: 'EC2 instance {{instance}}: network interface {{interface}} has no recorded subnet.',
      subnetMissing: 'EC2 instance {{instance}} runs in subnet {{subnet}}, which is not in the inventory.',
      routeTableUnknown:
        'EC2 instance {{instance}} runs in subnet {{subnet}}, whose route table is unknown: no explicit association and no main route table of {{vpc}} in the inventory.',
    },
    // In a private subnet the instance reaches the internet through a NAT gateway in its zone.
    fixCost(item) {
      return natGatewayNeed(item.awsRegion, 1, "in the instance's zone");
    },
  },
  check(item, context) {
    const instance = item.configuration.instanceId ?? item.resourceId;
    const state = item.configuration.state?.name?.toLowerCase();
    if (state !== undefined && GONE_STATES.has(state)) return context.notApplicable('gone', { instance, state });

    const { subnets, interfaceWithoutSubnet } = subnetsOf(item);
    const network = context.inventory.networkOf(scopeOf(item));
    const { public: publicSubnets, missing, undecided } = network.placement(subnets);

    // A subnet known to be public fails the instance whatever else is unknown.
    const [first] = publicSubnets;
    if (first !== undefined) {
      const data = { instance, ...publicSubnetData(first) };
      if (publicSubnets.length === 1) return context.fail('publicSubnet', data);
      const details = publicSubnets.map(describePublicSubnet).join('; ');
      return context.fail('publicSubnets', { ...data, count: publicSubnets.length, details });
    }

    if (subnets.length === 0) return context.unknown('noSubnet', { instance });
    const [missingSubnet] = missing;
    if (missingSubnet !== undefined) return context.unknown('subnetMissing', { instance, subnet: missingSubnet });
    const [undecidedSubnet] = undecided;
    if (undecidedSubnet !== undefined) {
      return context.unknown('routeTableUnknown', { instance, subnet: undecidedSubnet.subnetId, vpc: undecidedSubnet.vpcId ?? 'its VPC' });
    }
    if (interfaceWithoutSubnet !== undefined) return context.unknown('interfaceWithoutSubnet', { instance, interface: interfaceWithoutSubnet });
    return context.pass('private', { instance, subnets: subnets.join(', ') });
  },
});
