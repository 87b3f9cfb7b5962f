/**
 * ec2-instance-no-public-ip: an EC2 instance has no public IPv4 address — neither the one the
 * instance reports (`publicIpAddress`, its primary interface) nor one associated with any of its
 * network interfaces or their secondary private addresses (Elastic IPs). IPv6 is out of scope,
 * as in Security Hub's EC2.9.
 */
import type { ConfigurationItem } from '../../model/configuration-item.js';
import { defineRule } from '../lib/define-rule.js';

/** Instance states in which it no longer runs anywhere. */
const GONE_STATES = new Set(['terminated', 'shutting-down']);

type Instance = ConfigurationItem<'AWS::EC2::Instance'>;

interface PublicAddress {
  readonly ip: string;
  /** Where it is attached: an interface, an interface's private address, or the instance itself. */
  readonly on: string;
}

/** Every public IPv4 address of an instance, each once, interfaces first. */
function publicAddressesOf(item: Instance): PublicAddress[] {
  const found = new Map<string, string>();
  const add = (ip: string | null | undefined, on: string): void => {
    if (ip && !found.has(ip)) found.set(ip, on);
  };
  (item.configuration.networkInterfaces ?? []).forEach((eni, index) => {
    const name = eni.networkInterfaceId ?? `interface #${index}`;
    add(eni.association?.publicIp, name);
    for (const address of eni.privateIpAddresses ?? []) {
      add(address.association?.publicIp, `${name} (private address ${address.privateIpAddress ?? 'unknown'})`);
    }
  });
  add(item.configuration.publicIpAddress, 'the primary network interface');
  return [...found].map(([ip, on]) => ({ ip, on }));
}

export default defineRule({
  meta: {
    id: 'ec2-instance-no-public-ip',
    gate: 'private-network',
    title: 'EC2 instances have no public IPv4 address',
    // Security Hub rates EC2.9 HIGH.
    severity: 'HIGH',
    priority: 'P1',
    resourceTypes: ['AWS::EC2::Instance'],
    controls: ['EC2.9'],
    remediation: {
      text:
        'Disassociate any Elastic IP from the instance. An auto-assigned public IPv4 address cannot be removed: launch a ' +
        'replacement with public IP assignment disabled, in a subnet whose auto-assign setting is off, reach it through a ' +
        'load balancer or Session Manager, and retire this one.',
      url: 'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/using-instance-addressing.html',
    },
    messages: {
      noPublicIp: 'EC2 instance {{instance}} has no public IPv4 address.',
      publicIp: 'EC2 instance {{instance}} is reachable from the internet at public IPv4 address {{address}} on {{on}}.',
      publicIps: 'EC2 instance {{instance}} has {{count}} public IPv4 addresses: {{details}}.',
      gone: 'EC2 instance {{instance}} is {{state}}.',
      noInterfaces: 'EC2 instance {{instance}} has no recorded network interfaces, so whether it has a public IPv4 address cannot be judged.',
    },
  },
  check(item, context) {
    const instance = item.configuration.instanceId ?? item.resourceId;
    const state = item.configuration.state?.name?.toLowerCase();
    if (state !== undefined && GONE_STATES.has(state)) return context.notApplicable('gone', { instance, state });

    const addresses = publicAddressesOf(item);
    const [first] = addresses;
    if (first !== undefined) {
      if (addresses.length === 1) return context.fail('publicIp', { instance, address: first.ip, on: first.on });
      const details = addresses.map((address) => `${address.ip} on ${address.on}`).join('; ');
      return context.fail('publicIps', { instance, count: addresses.length, details });
    }
    // Every instance in a VPC has at least its primary interface, stopped or running: none
    // recorded means the item is incomplete, and an Elastic IP could hide there.
    if ((item.configuration.networkInterfaces ?? []).length === 0) return context.unknown('noInterfaces', { instance });
    return context.pass('noPublicIp', { instance });
  },
});
