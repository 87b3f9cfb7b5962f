/**
 * autoscaling-group-multi-az: an Auto Scaling group can launch instances in at least two
 * Availability Zones, so losing one zone leaves it able to replace the lost capacity.
 *
 * Where the group launches into VPC subnets (`vpczoneIdentifier`, comma-separated), the zones of
 * those subnets in the Inventory are the truth. The group's own zone list (`availabilityZones`),
 * which Auto Scaling derives from the same subnets, decides when the subnets are not all in the
 * Inventory (or the group names none); with neither, the group is UNKNOWN.
 */
import type { ConfigurationItem } from '../../model/configuration-item.js';
import { scopeOf } from '../../inventory/inventory.js';
import { defineRule } from '../lib/define-rule.js';
import { free } from '../lib/fix-costs.js';

/** The fewest zones that survive the loss of one (Security Hub's default for AutoScaling.2). */
const MIN_ZONES = 2;

type Group = ConfigurationItem<'AWS::AutoScaling::AutoScalingGroup'>;

function subnetsOf(group: Group): string[] {
  const list = (group.configuration.vpczoneIdentifier ?? '').split(',').map((subnet) => subnet.trim());
  return [...new Set(list.filter((subnet) => subnet !== ''))];
}

const sorted = (zones: Iterable<string>): string[] => [...new Set(zones)].sort();

export default defineRule({
  meta: {
    id: 'autoscaling-group-multi-az',
    gate: 'multi-az',
    title: 'Auto Scaling groups span at least two Availability Zones',
    // Security Hub rates AutoScaling.2 MEDIUM.
    severity: 'MEDIUM',
    priority: 'P1',
    resourceTypes: ['AWS::AutoScaling::AutoScalingGroup'],
    // Subnet zones confirm the group's own zone list, which decides without them.
    consults: ['AWS::EC2::Subnet'],
    controls: ['AutoScaling.2'],
    remediation: {
      text:
        'Add subnets in at least one more Availability Zone to the group (its VPC subnets, VPCZoneIdentifier), so that ' +
        'Auto Scaling balances instances across the zones and relaunches them elsewhere when a zone fails.',
      url: 'https://docs.aws.amazon.com/autoscaling/ec2/userguide/as-add-availability-zone.html',
    },
    messages: {
      multiAz: 'Auto Scaling group {{name}} spans {{count}} Availability Zones ({{zones}}, from its {{source}}).',
      singleAz:
        'Auto Scaling group {{name}} launches instances in one Availability Zone only ({{zones}}, from its {{source}}); losing that zone leaves it unable to replace capacity.',
      subnetsMissing:
        'Auto Scaling group {{name}} launches into subnets {{subnets}}, which are not in the inventory (or have no recorded zone), and records no Availability Zones of its own.',
      noPlacement: 'Auto Scaling group {{name}} has no recorded subnets or Availability Zones.',
    },
    fixCost() {
      return free('adding subnets of other zones to the group costs nothing itself: instances move, none is added');
    },
  },
  check(item, context) {
    const name = item.configuration.autoScalingGroupName ?? item.resourceName ?? item.resourceId;
    const network = context.inventory.networkOf(scopeOf(item));
    const subnets = subnetsOf(item);
    const subnetZones = new Set<string>();
    const unresolved: string[] = [];
    for (const subnetId of subnets) {
      const zone = network.subnet(subnetId)?.availabilityZone;
      if (zone === undefined || zone === '') unresolved.push(subnetId);
      else subnetZones.add(zone);
    }

    const verdict = (zones: readonly string[], source: string) => {
      const data = { name, zones: zones.join(', '), count: zones.length, source };
      return zones.length >= MIN_ZONES ? context.pass('multiAz', data) : context.fail('singleAz', data);
    };
    // Subnets known to span enough zones settle it whatever else is unknown.
    if (subnetZones.size >= MIN_ZONES || (subnets.length > 0 && unresolved.length === 0)) {
      return verdict(sorted(subnetZones), subnets.length === 1 ? 'subnet' : 'subnets');
    }
    const groupZones = (item.configuration.availabilityZones ?? []).filter((zone) => zone !== '');
    if (groupZones.length > 0) return verdict(sorted([...groupZones, ...subnetZones]), 'zone list');
    if (subnets.length > 0) return context.unknown('subnetsMissing', { name, subnets: unresolved.join(', ') });
    return context.unknown('noPlacement', { name });
  },
});
