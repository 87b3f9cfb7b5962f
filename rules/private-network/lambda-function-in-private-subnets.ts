/**
 * lambda-function-in-private-subnets: a VPC-attached Lambda function uses private subnets only,
 * as the Inventory's network facts classify them (RULES.md, "Public subnet"). Lambda's network
 * interfaces never get public IP addresses, so a function in a public subnet gains no inbound
 * exposure — but it has no internet egress either, and it sits beside what the gate keeps out of
 * public subnets. A function with no VPC configuration (or an empty one, as Lambda reports for
 * functions outside any VPC) runs in Lambda's own network and is not applicable.
 */
import { scopeOf } from '../../inventory/inventory.js';
import { defineRule } from '../lib/define-rule.js';
import { natGatewayNeed } from '../lib/fix-costs.js';
import { describePublicSubnet, publicSubnetData } from '../lib/network-messages.js';

export default defineRule({
  meta: {
    id: 'lambda-function-in-private-subnets',
    gate: 'private-network',
    title: 'VPC-attached Lambda functions use private subnets only',
    // No Security Hub control. MEDIUM, below instances and databases: Lambda's interfaces never
    // take public IP addresses, so a public subnet gives the function no inbound exposure.
    severity: 'MEDIUM',
    priority: 'P1',
    resourceTypes: ['AWS::Lambda::Function'],
    needs: ['AWS::EC2::Subnet', 'AWS::EC2::RouteTable'],
    controls: [],
    remediation: {
      text:
        "Update the function's VPC configuration to private subnets only (outbound internet access through a NAT gateway, " +
        'AWS services through VPC endpoints); a Lambda function in a public subnet never gets a public IP address, so it ' +
        'gains nothing from one.',
      url: 'https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html',
    },
    messages: {
      private: 'Lambda function {{function}} uses only private subnets ({{subnets}}).',
      publicSubnet:
        'Lambda function {{function}} uses public subnet {{subnet}}: its route table {{routeTable}} ({{association}}) routes {{route}}.',
      publicSubnets: 'Lambda function {{function}} uses {{count}} public subnets: {{details}}.',
      notInVpc: 'Lambda function {{function}} is not attached to a VPC.',
      subnetMissing: 'Lambda function {{function}} uses subnet {{subnet}}, which is not in the inventory.',
      routeTableUnknown:
        'Lambda function {{function}} uses subnet {{subnet}}, whose route table is unknown: no explicit association and no main route table of {{vpc}} in the inventory.',
    },
    // In private subnets the function reaches the internet through a NAT gateway in each of its zones.
    fixCost(item, _data, context) {
      const network = context.inventory.networkOf(scopeOf(item));
      const zones = new Set((item.configuration.vpcConfig?.subnetIds ?? []).flatMap((id) => network.subnet(id)?.availabilityZone ?? []));
      return natGatewayNeed(item.awsRegion, zones.size, zones.size > 1 ? "one in each of the function's zones" : "in the function's zone");
    },
  },
  check(item, context) {
    const fn = item.configuration.functionName ?? item.resourceId;
    const subnetIds = [...new Set((item.configuration.vpcConfig?.subnetIds ?? []).filter((id) => id !== ''))];
    if (subnetIds.length === 0) return context.notApplicable('notInVpc', { function: fn });

    const network = context.inventory.networkOf(scopeOf(item));
    const { public: publicSubnets, missing, undecided } = network.placement(subnetIds);

    // A subnet known to be public fails the function whatever else is unknown.
    const [first] = publicSubnets;
    if (first !== undefined) {
      const data = { function: fn, ...publicSubnetData(first) };
      if (publicSubnets.length === 1) return context.fail('publicSubnet', data);
      const details = publicSubnets.map(describePublicSubnet).join('; ');
      return context.fail('publicSubnets', { ...data, count: publicSubnets.length, details });
    }

    const [missingSubnet] = missing;
    if (missingSubnet !== undefined) return context.unknown('subnetMissing', { function: fn, subnet: missingSubnet });
    const [undecidedSubnet] = undecided;
    if (undecidedSubnet !== undefined) {
      return context.unknown('routeTableUnknown', { function: fn, subnet: undecidedSubnet.subnetId, vpc: undecidedSubnet.vpcId ?? 'its VPC' });
    }
    return context.pass('private', { function: fn, subnets: subnetIds.join(', ') });
  },
});
