/**
 * ec2-subnet-no-auto-public-ip: a subnet does not give a public IPv4 address to every network
 * interface launched in it (`mapPublicIpOnLaunch` false). Default subnets of a default VPC have
 * the setting on unless someone turned it off; they FAIL too, as Security Hub's EC2.15 flags
 * them, with a message that says so.
 */
import { defineRule } from '../lib/define-rule.js';

export default defineRule({
  meta: {
    id: 'ec2-subnet-no-auto-public-ip',
    gate: 'private-network',
    title: 'Subnets do not auto-assign public IPv4 addresses',
    // Security Hub rates EC2.15 MEDIUM.
    severity: 'MEDIUM',
    priority: 'P1',
    resourceTypes: ['AWS::EC2::Subnet'],
    controls: ['EC2.15'],
    remediation: {
      text:
        "Turn off the subnet's auto-assign public IPv4 address setting (modify-subnet-attribute --no-map-public-ip-on-launch). " +
        'Instances that need a public address can still be given one explicitly at launch; unused default subnets can be deleted.',
      url: 'https://docs.aws.amazon.com/vpc/latest/userguide/subnet-public-ip.html',
    },
    messages: {
      off: 'Subnet {{subnet}} does not auto-assign public IPv4 addresses.',
      on: 'Subnet {{subnet}} of {{vpc}} gives a public IPv4 address to every instance launched in it that does not opt out.',
      defaultSubnet:
        'Default subnet {{subnet}} of {{vpc}} gives a public IPv4 address to every instance launched in it that does not opt out (default subnets do so until the setting is turned off).',
      missing: 'Subnet {{subnet}} has no recorded auto-assign public IPv4 setting (mapPublicIpOnLaunch).',
    },
  },
  check(item, context) {
    const subnet = item.configuration.subnetId ?? item.resourceId;
    const vpc = item.configuration.vpcId ?? 'its VPC';
    const mapPublicIp = item.configuration.mapPublicIpOnLaunch;
    if (mapPublicIp === null || mapPublicIp === undefined) return context.unknown('missing', { subnet });
    if (!mapPublicIp) return context.pass('off', { subnet });
    return item.configuration.defaultForAz === true ? context.fail('defaultSubnet', { subnet, vpc }) : context.fail('on', { subnet, vpc });
  },
});
