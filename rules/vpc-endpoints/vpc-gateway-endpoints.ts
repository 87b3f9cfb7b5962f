/**
 * vpc-gateway-endpoints: a VPC in use has a working gateway endpoint for each service listed in
 * the settings (`vpcEndpoints.gateway`, default `s3` and `dynamodb`), so traffic to those
 * services stays off the internet and out of NAT gateways.
 */
import { scopeOf } from '../../inventory/inventory.js';
import { servicesWithoutEndpoint } from '../lib/vpc-endpoints.js';
import { defineRule } from '../lib/define-rule.js';
import { free } from '../lib/fix-costs.js';

export default defineRule({
  meta: {
    id: 'vpc-gateway-endpoints',
    gate: 'vpc-endpoints',
    title: 'VPCs in use have gateway endpoints for the configured services',
    severity: 'MEDIUM',
    priority: 'P1',
    resourceTypes: ['AWS::EC2::VPC'],
    needs: ['AWS::EC2::VPCEndpoint', 'AWS::EC2::NetworkInterface'],
    controls: [],
    remediation: {
      text:
        'Create a gateway VPC endpoint for each missing service in the VPC and associate it with the route tables of the ' +
        'subnets that use the service; gateway endpoints for Amazon S3 and DynamoDB cost nothing.',
      url: 'https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html',
    },
    messages: {
      present: 'VPC {{vpc}} has gateway endpoints for {{services}}.',
      missing: 'VPC {{vpc}} has no working gateway endpoint for {{missing}}.',
      notInUse: 'VPC {{vpc}} has no network interfaces, so no workload uses it.',
      noServices: 'No gateway endpoint services are configured (settings vpcEndpoints.gateway is empty).',
    },
    fixCost() {
      return free('gateway endpoints (S3, DynamoDB) have no hourly or data processing charge');
    },
  },
  check(item, context) {
    const vpc = item.configuration.vpcId ?? item.resourceId;
    const services = [...new Set(context.settings.vpcEndpoints.gateway)];
    if (services.length === 0) return context.notApplicable('noServices', { vpc });
    const network = context.inventory.networkOf(scopeOf(item));
    if (!network.inUse(vpc)) return context.notApplicable('notInUse', { vpc });

    const missing = servicesWithoutEndpoint(network.endpointsOf(vpc), 'Gateway', item.awsRegion, services);
    if (missing.length > 0) return context.fail('missing', { vpc, missing: missing.join(', ') });
    return context.pass('present', { vpc, services: services.join(', ') });
  },
});
