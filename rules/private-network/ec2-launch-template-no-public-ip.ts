/**
 * ec2-launch-template-no-public-ip: the default version of a launch template — the one used when
 * a launch names no version — asks for no public IPv4 address on any network interface
 * (`NetworkInterfaces[].AssociatePublicIpAddress` is never true), as Security Hub's EC2.25 and
 * AWS Config's ec2-launch-template-public-ip-disabled judge it.
 *
 * An interface that leaves the setting unset, or a template with no network interfaces, lets the
 * launch subnet's auto-assign setting decide (ec2-subnet-no-auto-public-ip judges that): the
 * template itself assigns nothing, so it passes. A template whose default version's data was not
 * recorded at all is unknown, never passed.
 */
import { defineRule } from '../lib/define-rule.js';

export default defineRule({
  meta: {
    id: 'ec2-launch-template-no-public-ip',
    gate: 'private-network',
    title: 'EC2 launch templates assign no public IPv4 addresses',
    // Security Hub rates EC2.25 HIGH.
    severity: 'HIGH',
    priority: 'P2',
    resourceTypes: ['AWS::EC2::LaunchTemplate'],
    controls: ['EC2.25'],
    remediation: {
      text:
        'Create a new version of the launch template whose network interfaces set Auto-assign public IP to Disable ' +
        '(AssociatePublicIpAddress false), make it the default version, and roll it out to the Auto Scaling groups and ' +
        'fleets that use the template.',
      url: 'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/manage-launch-template-versions.html',
    },
    messages: {
      noPublicIp: 'Launch template {{template}} (default version {{version}}) assigns no public IPv4 address to its {{count}} network interface(s).',
      noInterfaces:
        "Launch template {{template}} (default version {{version}}) configures no network interfaces, so it assigns no public IPv4 address; the launch subnet's setting applies.",
      publicIp: 'Launch template {{template}} (default version {{version}}) assigns a public IPv4 address to its network interface at {{interfaces}}.',
      publicIps: 'Launch template {{template}} (default version {{version}}) assigns public IPv4 addresses to {{count}} network interfaces: {{interfaces}}.',
      noData: 'Launch template {{template}}: the data of its default version {{version}} was not recorded, so its network settings cannot be judged.',
    },
  },
  check(item, context) {
    const template = item.configuration.LaunchTemplateName ?? item.resourceName ?? item.resourceId;
    const defaultVersion = item.configuration.DefaultVersionNumber;
    const version = defaultVersion === null || defaultVersion === undefined ? 'unknown' : String(defaultVersion);
    const data = item.configuration.LaunchTemplateData;
    if (data === null || data === undefined) return context.unknown('noData', { template, version });

    const interfaces = data.NetworkInterfaces ?? [];
    if (interfaces.length === 0) return context.pass('noInterfaces', { template, version });
    const assigning = interfaces.flatMap((eni, index) =>
      eni.AssociatePublicIpAddress === true ? [`device index ${eni.DeviceIndex ?? `unset (#${index})`}`] : [],
    );
    if (assigning.length === 1) return context.fail('publicIp', { template, version, interfaces: assigning.join(', ') });
    if (assigning.length > 1) return context.fail('publicIps', { template, version, count: assigning.length, interfaces: assigning.join(', ') });
    return context.pass('noPublicIp', { template, version, count: interfaces.length });
  },
});
