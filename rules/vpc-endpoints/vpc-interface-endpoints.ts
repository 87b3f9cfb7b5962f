/**
 * vpc-interface-endpoints: a VPC in use has a working interface endpoint (AWS PrivateLink) for
 * each service listed in the settings (`vpcEndpoints.interface`, default `ecr.api`, `ecr.dkr`,
 * `logs`, `sts`, `ssm`, `secretsmanager`, `kms`), so calls to those APIs stay inside the VPC
 * instead of leaving through a NAT gateway. Service names are matched exactly
 * (`com.amazonaws.<region>.<service>`): a FIPS or look-alike service does not count.
 *
 * Endpoints are the VPC's own: a VPC that reaches centralised endpoints in a shared-services VPC
 * (through Route 53 Resolver rules or private hosted zones) fails here, as it does in Security Hub.
 */
import { scopeOf } from '../../inventory/inventory.js';
import { servicesWithoutEndpoint } from '../lib/vpc-endpoints.js';
import { defineRule } from '../lib/define-rule.js';
import { hoursLine, interfaceEndpointHour, priced } from '../lib/fix-costs.js';

export default defineRule({
  meta: {
    id: 'vpc-interface-endpoints',
    gate: 'vpc-endpoints',
    title: 'VPCs in use have interface endpoints for the configured services',
    // Security Hub rates EC2.10 and EC2.55–EC2.60 (one interface endpoint service each) MEDIUM.
    severity: 'MEDIUM',
    priority: 'P1',
    resourceTypes: ['AWS::EC2::VPC'],
    needs: ['AWS::EC2::VPCEndpoint', 'AWS::EC2::NetworkInterface'],
    controls: ['EC2.10', 'EC2.55', 'EC2.56', 'EC2.57', 'EC2.58', 'EC2.60'],
    remediation: {
      text:
        'Create an interface VPC endpoint for each missing service in the VPC, in a subnet of every Availability Zone its ' +
        'workloads use, with private DNS enabled so that clients reach the endpoint without code changes.',
      url: 'https://docs.aws.amazon.com/vpc/latest/privatelink/create-interface-endpoint.html',
    },
    messages: {
      present: 'VPC {{vpc}} has interface endpoints for {{services}}.',
      missing: 'VPC {{vpc}} has no working interface endpoint for {{missing}}: calls to those services leave the VPC.',
      notInUse: 'VPC {{vpc}} has no network interfaces, so no workload uses it.',
      noServices: 'No interface endpoint services are configured (settings vpcEndpoints.interface is empty).',
    },
    // Each missing endpoint in each zone the VPC's network interfaces use, 730 hours a month.
    fixCost(item, data, context) {
      const vpc = item.configuration.vpcId ?? item.resourceId;
      const missing = typeof data['missing'] === 'string' ? data['missing'].split(', ').filter((service) => service !== '') : [];
      if (missing.length === 0) return undefined;
      const zones = new Set<string>();
      for (const eni of context.inventory.inScope('AWS::EC2::NetworkInterface', scopeOf(item))) {
        // The item's availabilityZone names a zone of its Region (never "Multiple Availability Zones" for an interface).
        if (eni.configuration.vpcId === vpc && eni.availabilityZone?.startsWith(item.awsRegion) === true) zones.add(eni.availabilityZone);
      }
      const zoneCount = Math.max(1, zones.size);
      const where = zones.size === 0 ? 'in 1 zone (the zones in use are not recorded)' : `in ${zoneCount} zone${zoneCount > 1 ? 's' : ''} in use (${[...zones].sort().join(', ')})`;
      return priced(
        [hoursLine(interfaceEndpointHour(item.awsRegion), missing.length * zoneCount, `${missing.length} interface endpoint${missing.length > 1 ? 's' : ''} ${where}`)],
        'data processed is per GB, usage-based',
      );
    },
  },
  check(item, context) {
    const vpc = item.configuration.vpcId ?? item.resourceId;
    const services = [...new Set(context.settings.vpcEndpoints.interface)];
    if (services.length === 0) return context.notApplicable('noServices', { vpc });
    const network = context.inventory.networkOf(scopeOf(item));
    if (!network.inUse(vpc)) return context.notApplicable('notInUse', { vpc });

    const missing = servicesWithoutEndpoint(network.endpointsOf(vpc), 'Interface', item.awsRegion, services);
    if (missing.length > 0) return context.fail('missing', { vpc, missing: missing.join(', ') });
    return context.pass('present', { vpc, services: services.join(', ') });
  },
});
