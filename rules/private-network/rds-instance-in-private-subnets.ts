/**
 * rds-instance-in-private-subnets: every subnet of a DB instance's DB subnet group is private, as
 * the Inventory's network facts classify it (RULES.md, "Public subnet"). RDS may place the
 * instance — or its standby, or a replacement after failover — in any subnet of the group, so one
 * public subnet is enough to fail it.
 */
import { scopeOf } from '../../inventory/inventory.js';
import { defineRule } from '../lib/define-rule.js';
import { describePublicSubnet, publicSubnetData } from '../lib/network-messages.js';

export default defineRule({
  meta: {
    id: 'rds-instance-in-private-subnets',
    gate: 'private-network',
    title: 'RDS DB instances use DB subnet groups of private subnets only',
    // No Security Hub control; HIGH like ec2-instance-in-private-subnet: a database one setting
    // (publicly accessible) away from the internet.
    severity: 'HIGH',
    priority: 'P1',
    resourceTypes: ['AWS::RDS::DBInstance'],
    needs: ['AWS::EC2::Subnet', 'AWS::EC2::RouteTable'],
    controls: [],
    remediation: {
      text:
        'Give the DB instance a DB subnet group that holds only private subnets (no route to an internet gateway): remove ' +
        'the public subnets from its group, or move the instance to a group of private subnets.',
      url: 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_VPC.WorkingWithRDSInstanceinaVPC.html',
    },
    messages: {
      private: 'DB instance {{name}}: every subnet of DB subnet group {{group}} is private ({{subnets}}).',
      publicSubnet:
        'DB instance {{name}}: DB subnet group {{group}} holds public subnet {{subnet}}, whose route table {{routeTable}} ({{association}}) routes {{route}}.',
      publicSubnets: 'DB instance {{name}}: DB subnet group {{group}} holds {{count}} public subnets: {{details}}.',
      noSubnetGroup: 'DB instance {{name}} has no recorded DB subnet group, so its network placement cannot be judged.',
      noSubnets: 'DB instance {{name}}: DB subnet group {{group}} has no recorded subnets.',
      subnetWithoutId: 'DB instance {{name}}: DB subnet group {{group}} lists a subnet with no recorded identifier.',
      subnetMissing: 'DB instance {{name}}: subnet {{subnet}} of DB subnet group {{group}} is not in the inventory.',
      routeTableUnknown:
        'DB instance {{name}}: subnet {{subnet}} of DB subnet group {{group}} has an unknown route table (no explicit association and no main route table of {{vpc}} in the inventory).',
    },
  },
  check(item, context) {
    const name = item.configuration.dBInstanceIdentifier ?? item.resourceId;
    const subnetGroup = item.configuration.dBSubnetGroup;
    if (subnetGroup === null || subnetGroup === undefined) return context.unknown('noSubnetGroup', { name });
    const group = subnetGroup.dBSubnetGroupName ?? 'unnamed';
    const entries = subnetGroup.subnets ?? [];
    if (entries.length === 0) return context.unknown('noSubnets', { name, group });

    const withoutId = entries.filter((entry) => !entry.subnetIdentifier).length;
    const subnetIds = [...new Set(entries.flatMap((entry) => (entry.subnetIdentifier ? [entry.subnetIdentifier] : [])))];
    const network = context.inventory.networkOf(scopeOf(item));
    const { public: publicSubnets, missing, undecided } = network.placement(subnetIds);

    // A subnet known to be public fails the instance whatever else is unknown.
    const [first] = publicSubnets;
    if (first !== undefined) {
      const data = { name, group, ...publicSubnetData(first) };
      if (publicSubnets.length === 1) return context.fail('publicSubnet', data);
      const details = publicSubnets.map(describePublicSubnet).join('; ');
      return context.fail('publicSubnets', { ...data, count: publicSubnets.length, details });
    }

    const [missingSubnet] = missing;
    if (missingSubnet !== undefined) return context.unknown('subnetMissing', { name, group, subnet: missingSubnet });
    const [undecidedSubnet] = undecided;
    if (undecidedSubnet !== undefined) {
      return context.unknown('routeTableUnknown', { name, group, subnet: undecidedSubnet.subnetId, vpc: undecidedSubnet.vpcId ?? 'its VPC' });
    }
    if (withoutId > 0) return context.unknown('subnetWithoutId', { name, group });
    return context.pass('private', { name, group, subnets: subnetIds.join(', ') });
  },
});
