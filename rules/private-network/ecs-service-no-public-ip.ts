/**
 * ecs-service-no-public-ip: an ECS service's tasks get no public IP address
 * (`AssignPublicIp` DISABLED) and run in private subnets only, as the Inventory's network facts
 * classify them (RULES.md, "Public subnet").
 *
 * Only awsvpc services carry a network configuration: services of tasks in bridge or host network
 * mode share their container instance's network (ec2-instance-in-private-subnet judges it) and are
 * NOT_APPLICABLE. Fargate needs awsvpc, so a Fargate service without a recorded awsvpc
 * configuration is missing data, UNKNOWN. So is an awsvpc configuration with no AssignPublicIp:
 * ECS defaults it to DISABLED, but a default is not a recorded fact.
 */
import { scopeOf } from '../../inventory/inventory.js';
import { defineRule } from '../lib/define-rule.js';
import { describePublicSubnet } from '../lib/network-messages.js';

/** Capacity providers that run tasks on Fargate, which supports the awsvpc network mode only. */
const FARGATE_PROVIDERS = new Set(['FARGATE', 'FARGATE_SPOT']);

export default defineRule({
  meta: {
    id: 'ecs-service-no-public-ip',
    gate: 'private-network',
    title: 'ECS services assign no public IPs and use private subnets only',
    // Security Hub rates ECS.2 HIGH.
    severity: 'HIGH',
    priority: 'P2',
    resourceTypes: ['AWS::ECS::Service'],
    needs: ['AWS::EC2::Subnet', 'AWS::EC2::RouteTable'],
    controls: ['ECS.2'],
    remediation: {
      text:
        "Update the service's network configuration: set assignPublicIp to DISABLED and list private subnets only " +
        '(image pulls through a NAT gateway or the ECR and S3 VPC endpoints, inbound traffic through a load balancer), ' +
        'then force a new deployment so running tasks move.',
      url: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-task-networking.html',
    },
    messages: {
      private: 'ECS service {{service}} assigns no public IP and runs its tasks in private subnets only ({{subnets}}).',
      publicIp: 'ECS service {{service}} assigns a public IP address to every task (AssignPublicIp ENABLED).',
      publicIpAndSubnets: 'ECS service {{service}} assigns a public IP address to every task (AssignPublicIp ENABLED) and uses public subnets: {{details}}.',
      publicSubnet: 'ECS service {{service}} runs its tasks in public subnet {{details}}.',
      publicSubnets: 'ECS service {{service}} runs its tasks in {{count}} public subnets: {{details}}.',
      notAwsvpc: 'ECS service {{service}} has no awsvpc network configuration: its tasks use their container instance network (bridge or host mode).',
      fargateWithoutNetwork: 'ECS service {{service}} runs on Fargate ({{launch}}), which requires awsvpc, but no awsvpc network configuration is recorded.',
      assignPublicIpUnknown: 'ECS service {{service}} records {{value}} for AssignPublicIp, neither DISABLED nor ENABLED.',
      noSubnets: 'ECS service {{service}} has an awsvpc configuration with no recorded subnets.',
      subnetMissing: 'ECS service {{service}} uses subnet {{subnet}}, which is not in the inventory.',
      routeTableUnknown:
        'ECS service {{service}} uses subnet {{subnet}}, whose route table is unknown: no explicit association and no main route table of {{vpc}} in the inventory.',
    },
  },
  check(item, context) {
    const { configuration } = item;
    const service = configuration.ServiceName ?? item.resourceName ?? item.resourceId;
    const awsvpc = configuration.NetworkConfiguration?.AwsvpcConfiguration;
    if (awsvpc === undefined || awsvpc === null) {
      const providers = (configuration.CapacityProviderStrategy ?? []).flatMap((entry) => entry.CapacityProvider ?? []);
      const fargate = configuration.LaunchType === 'FARGATE' ? 'launch type FARGATE' : providers.find((provider) => FARGATE_PROVIDERS.has(provider));
      if (fargate !== undefined) {
        return context.unknown('fargateWithoutNetwork', { service, launch: fargate.startsWith('launch') ? fargate : `capacity provider ${fargate}` });
      }
      return context.notApplicable('notAwsvpc', { service });
    }

    const subnetIds = [...new Set((awsvpc.Subnets ?? []).filter((id) => id !== ''))];
    const network = context.inventory.networkOf(scopeOf(item));
    const { public: publicSubnets, missing, undecided } = network.placement(subnetIds);

    // What is known to be wrong fails the service, whatever else is unknown.
    const assignPublicIp = awsvpc.AssignPublicIp?.toUpperCase();
    const details = publicSubnets.map(describePublicSubnet).join('; ');
    if (assignPublicIp === 'ENABLED') {
      return publicSubnets.length > 0 ? context.fail('publicIpAndSubnets', { service, details }) : context.fail('publicIp', { service });
    }
    if (publicSubnets.length === 1) return context.fail('publicSubnet', { service, details });
    if (publicSubnets.length > 1) return context.fail('publicSubnets', { service, count: publicSubnets.length, details });

    if (assignPublicIp !== 'DISABLED') return context.unknown('assignPublicIpUnknown', { service, value: awsvpc.AssignPublicIp ?? 'nothing' });
    if (subnetIds.length === 0) return context.unknown('noSubnets', { service });
    const [missingSubnet] = missing;
    if (missingSubnet !== undefined) return context.unknown('subnetMissing', { service, subnet: missingSubnet });
    const [undecidedSubnet] = undecided;
    if (undecidedSubnet !== undefined) {
      return context.unknown('routeTableUnknown', { service, subnet: undecidedSubnet.subnetId, vpc: undecidedSubnet.vpcId ?? 'its VPC' });
    }
    return context.pass('private', { service, subnets: subnetIds.join(', ') });
  },
});
