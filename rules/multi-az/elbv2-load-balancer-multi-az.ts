/**
 * elbv2-load-balancer-multi-az: an Application, Network or Gateway Load Balancer is enabled in at
 * least two Availability Zones (`availabilityZones[].zoneName`), so it keeps serving when one zone
 * fails. Gateway Load Balancers are judged too: Security Hub's ELB.13 covers all three types.
 *
 * A zone mapping without a recorded zone name leaves the load balancer UNKNOWN unless the named
 * zones already reach two.
 */
import { defineRule } from '../lib/define-rule.js';
import { free } from '../lib/fix-costs.js';

/** The fewest zones that survive the loss of one (ELB.13 and the Config rule elbv2-multiple-az). */
const MIN_ZONES = 2;

const TYPE_NAMES: Readonly<Record<string, string>> = { application: 'Application', network: 'Network', gateway: 'Gateway' };

export default defineRule({
  meta: {
    id: 'elbv2-load-balancer-multi-az',
    gate: 'multi-az',
    title: 'Load balancers are enabled in at least two Availability Zones',
    // Security Hub rates ELB.13 MEDIUM.
    severity: 'MEDIUM',
    priority: 'P1',
    resourceTypes: ['AWS::ElasticLoadBalancingV2::LoadBalancer'],
    controls: ['ELB.13'],
    remediation: {
      text:
        'Enable the load balancer in a subnet of at least one more Availability Zone (Edit subnets / SetSubnets), and ' +
        'register targets in every enabled zone.',
      url: 'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-subnets.html',
    },
    messages: {
      multiAz: '{{kind}} Load Balancer {{name}} is enabled in {{count}} Availability Zones ({{zones}}).',
      singleAz: '{{kind}} Load Balancer {{name}} is enabled in one Availability Zone only ({{zones}}); losing that zone takes it down.',
      zoneMissing: '{{kind}} Load Balancer {{name}} has {{missing}} zone mapping(s) with no recorded zone name (named zones: {{zones}}).',
      noZones: '{{kind}} Load Balancer {{name}} has no recorded Availability Zones.',
    },
    fixCost() {
      return free('a load balancer is priced per hour and capacity unit, not per zone: enabling more zones costs nothing itself; cross-zone traffic is usage-based');
    },
  },
  check(item, context) {
    const name = item.configuration.loadBalancerName ?? item.resourceName ?? item.resourceId;
    const type = item.configuration.type ?? '';
    const kind = TYPE_NAMES[type.toLowerCase()] ?? 'Elastic';
    const mappings = item.configuration.availabilityZones ?? [];
    if (mappings.length === 0) return context.unknown('noZones', { kind, name });

    const zones = [...new Set(mappings.flatMap((mapping) => (mapping.zoneName ? [mapping.zoneName] : [])))].sort();
    const missing = mappings.filter((mapping) => !mapping.zoneName).length;
    const data = { kind, name, zones: zones.length > 0 ? zones.join(', ') : 'none', count: zones.length };
    if (zones.length >= MIN_ZONES) return context.pass('multiAz', data);
    if (missing > 0) return context.unknown('zoneMissing', { ...data, missing });
    return context.fail('singleAz', data);
  },
});
