/**
 * network-interface-in-private-subnet: a network interface of compute or a database sits in a
 * private subnet, as the Inventory's network facts classify it (RULES.md, "Public subnet"). This
 * one rule covers the services that have no rule of their own (EFS mount targets, DMS, RDS Proxy,
 * EKS control planes, standalone ECS tasks …) and names, for every other service, the very
 * interface that sits in the public subnet.
 *
 * Each interface is classified by its `interfaceType` (DescribeNetworkInterfaces' values, as the
 * EC2 API model of @aws-sdk/client-ec2 3.1107 lists them), then by the description and requester
 * the owning service gives it, then by its attachment:
 * - load balancers, NAT gateways, VPC endpoints, transit gateway attachments and the managed
 *   front doors of edge services may sit in public subnets: NOT_APPLICABLE;
 * - an interface attached to an EC2 instance of this account: NOT_APPLICABLE, because
 *   ec2-instance-in-private-subnet already judges the subnet of every interface of the instance
 *   (the instance item lists them all). Judging it here too would report the same fact twice,
 *   alert twice and need two exemptions for one bastion host. The other services' own rules judge
 *   configuration (a subnet group, configured subnets, a flag), not where an interface actually
 *   sits, so their interfaces are judged here;
 * - the interfaces of compute and databases (Lambda, RDS, ElastiCache, Redshift, OpenSearch, EFS,
 *   ECS/Fargate tasks, DMS, EKS, an instance of another account …): PASS in a private subnet,
 *   FAIL in a public one;
 * - an interface attached to nothing (status `available`): NOT_APPLICABLE, nothing runs behind it;
 * - an interface no rule of the table recognises: whatever it is, a private subnet satisfies the
 *   gate (PASS); in a public subnet it may be an edge service that belongs there or compute that
 *   does not, so it is UNKNOWN — never a FAIL on a guess, never a silent pass.
 */
import type { ConfigurationItem } from '../../model/configuration-item.js';
import { scopeOf } from '../../inventory/inventory.js';
import { defineRule } from '../lib/define-rule.js';
import { publicSubnetData } from '../lib/network-messages.js';

type NetworkInterface = ConfigurationItem<'AWS::EC2::NetworkInterface'>;

/** What an interface belongs to, as far as its record tells. */
type Owner =
  | { readonly kind: 'edge'; readonly owner: string }
  | { readonly kind: 'instance'; readonly instance: string }
  | { readonly kind: 'compute'; readonly owner: string }
  | { readonly kind: 'unclassified' };

/** Interface types of services that may sit in public subnets (their front doors and gateways). */
const EDGE_TYPES: ReadonlyMap<string, string> = new Map([
  ['load_balancer', 'a load balancer'],
  ['network_load_balancer', 'a Network Load Balancer'],
  ['gateway_load_balancer', 'a Gateway Load Balancer'],
  ['gateway_load_balancer_endpoint', 'a Gateway Load Balancer endpoint'],
  // EC2's API model spells it `natGateway`; DescribeNetworkInterfaces returns `nat_gateway`.
  ['nat_gateway', 'a NAT gateway'],
  ['natGateway', 'a NAT gateway'],
  ['vpc_endpoint', 'an interface VPC endpoint'],
  ['transit_gateway', 'a transit gateway attachment'],
  ['global_accelerator_managed', 'a Global Accelerator endpoint'],
  ['api_gateway_managed', 'an API Gateway VPC link'],
  ['iot_rules_managed', 'an AWS IoT rule destination'],
  ['aws_codestar_connections_managed', 'an AWS CodeConnections connection'],
  ['ec2_instance_connect_endpoint', 'an EC2 Instance Connect Endpoint'],
  ['quicksight', 'a QuickSight VPC connection'],
]);

/** Interface types that only compute or storage uses. */
const COMPUTE_TYPES: ReadonlyMap<string, string> = new Map([
  ['lambda', 'Lambda function'],
  ['efs', 'EFS mount target'],
  // Trunking: a branch interface carries one ECS task or EKS pod.
  ['branch', 'container task (branch interface)'],
]);

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/** Recognises the owner from the description (and requester) the owning service writes. */
const DESCRIPTIONS: readonly ((description: string, requester: string) => Owner | undefined)[] = [
  (description, requester) => {
    const match = /^ELB (.+)$/.exec(description);
    if (match !== null) return { kind: 'edge', owner: `load balancer ${match[1] ?? ''}` };
    return requester === 'amazon-elb' ? { kind: 'edge', owner: 'a load balancer' } : undefined;
  },
  (description) => (/^Interface for NAT Gateway /.test(description) ? { kind: 'edge', owner: 'a NAT gateway' } : undefined),
  (description) => (/^VPC Endpoint Interface/.test(description) ? { kind: 'edge', owner: 'an interface VPC endpoint' } : undefined),
  (description) =>
    /^Network Interface for Transit Gateway Attachment/.test(description) ? { kind: 'edge', owner: 'a transit gateway attachment' } : undefined,
  (description) => (/^Network interface for DBProxy/.test(description) ? { kind: 'compute', owner: 'RDS Proxy' } : undefined),
  // RDS, Aurora, Neptune and DocumentDB instances all write this description.
  (description, requester) =>
    description === 'RDSNetworkInterface' || requester === 'amazon-rds' ? { kind: 'compute', owner: 'RDS database' } : undefined,
  (description) => {
    const match = /^ElastiCache[ +](\S+)/.exec(description);
    return match === null ? undefined : { kind: 'compute', owner: `ElastiCache cluster ${match[1] ?? ''}` };
  },
  (description) => (description === 'RedshiftNetworkInterface' ? { kind: 'compute', owner: 'Redshift cluster' } : undefined),
  (description) => {
    const match = /^ES (\S+)$/.exec(description);
    return match === null ? undefined : { kind: 'compute', owner: `OpenSearch domain ${match[1] ?? ''}` };
  },
  (description) => {
    const match = /^EFS mount target for (fs-[0-9a-f]+) \((fsmt-[0-9a-f]+)\)/.exec(description);
    return match === null ? undefined : { kind: 'compute', owner: `EFS mount target ${match[2] ?? ''} of ${match[1] ?? ''}` };
  },
  (description) => {
    if (!description.startsWith('AWS Lambda VPC ENI')) return undefined;
    const match = new RegExp(`^AWS Lambda VPC ENI[-:]\\s*(.+)-${UUID}$`).exec(description);
    return { kind: 'compute', owner: match === null ? 'Lambda function' : `Lambda function ${match[1] ?? ''}` };
  },
  // ECS writes the task's attachment ARN: awsvpc tasks on Fargate (and on EC2).
  (description) => (/^arn:aws[a-z-]*:ecs:/.test(description) ? { kind: 'compute', owner: 'ECS task' } : undefined),
  (description) => (description === 'DMSNetworkInterface' ? { kind: 'compute', owner: 'DMS replication instance' } : undefined),
  (description) => {
    const match = /^Amazon EKS (\S+)$/.exec(description);
    return match === null ? undefined : { kind: 'compute', owner: `EKS cluster ${match[1] ?? ''} control plane` };
  },
];

function classify(item: NetworkInterface): Owner {
  const { configuration } = item;
  const type = configuration.interfaceType ?? '';
  const edgeType = EDGE_TYPES.get(type);
  if (edgeType !== undefined) return { kind: 'edge', owner: edgeType };

  const description = (configuration.description ?? '').trim();
  const requester = configuration.requesterId ?? '';
  const described = DESCRIPTIONS.map((recognise) => recognise(description, requester)).find((owner) => owner !== undefined);
  // An application load balancer's interfaces have type `interface`: their description tells.
  if (described?.kind === 'edge') return described;

  const instance = configuration.attachment?.instanceId;
  if (instance) {
    const instanceOwner = configuration.attachment?.instanceOwnerId;
    if (!instanceOwner || instanceOwner === item.awsAccountId) return { kind: 'instance', instance };
    // An instance of another account: this account's instance rule never sees it.
    return { kind: 'compute', owner: `EC2 instance ${instance} of account ${instanceOwner}` };
  }
  if (described !== undefined) return described;
  const computeType = COMPUTE_TYPES.get(type);
  if (computeType !== undefined) return { kind: 'compute', owner: computeType };
  return { kind: 'unclassified' };
}

/** The facts the classification rests on, for messages. */
function evidenceOf(item: NetworkInterface): string {
  const { configuration } = item;
  const description = (configuration.description ?? '').trim();
  if (description !== '') return description;
  const parts = [
    ...(configuration.interfaceType ? [`type ${configuration.interfaceType}`] : []),
    ...(configuration.requesterId ? [`requester ${configuration.requesterId}`] : []),
  ];
  return parts.length === 0 ? 'no description, type or requester recorded' : parts.join(', ');
}

export default defineRule({
  meta: {
    id: 'network-interface-in-private-subnet',
    gate: 'private-network',
    title: 'Network interfaces of compute and databases sit in private subnets',
    // No Security Hub control. HIGH, as ec2-instance-in-private-subnet: a database or a compute
    // node in a public subnet is one security group rule away from the internet.
    severity: 'HIGH',
    priority: 'P1',
    resourceTypes: ['AWS::EC2::NetworkInterface'],
    needs: ['AWS::EC2::Subnet', 'AWS::EC2::RouteTable'],
    controls: [],
    remediation: {
      text:
        "Move the interface's owner into private subnets (outbound through a NAT gateway, AWS services through VPC " +
        'endpoints): change the DB or cache subnet group, the Lambda function, ECS service or OpenSearch domain subnets, ' +
        "or recreate the EFS mount target; the interface's description and requester name its owner. Or remove the " +
        "internet gateway default route from the subnet's route table if nothing in the subnet needs it.",
      url: 'https://docs.aws.amazon.com/vpc/latest/userguide/vpc-example-private-subnets-nat.html',
    },
    messages: {
      private: '{{owner}} interface {{interface}} ({{evidence}}) sits in private subnet {{subnet}}.',
      publicSubnet:
        '{{owner}} interface {{interface}} ({{evidence}}) sits in public subnet {{subnet}} (route {{route}} in route table {{routeTable}}, {{association}}).',
      edge: 'Network interface {{interface}} belongs to {{owner}} ({{evidence}}), which may sit in a public subnet.',
      instance:
        'Network interface {{interface}} is attached to EC2 instance {{instance}}; ec2-instance-in-private-subnet judges the subnets of all its interfaces.',
      detached: 'Network interface {{interface}} ({{evidence}}) is attached to nothing (status available): nothing runs behind it.',
      unclassifiedPrivate:
        'Network interface {{interface}} ({{evidence}}) sits in private subnet {{subnet}}: whatever owns it, it is not in a public subnet.',
      unclassifiedPublic:
        'Network interface {{interface}} ({{evidence}}) sits in public subnet {{subnet}} (route {{route}}), but its owner is not recognised: an edge service may belong there, compute or a database may not.',
      noSubnet: '{{owner}} interface {{interface}} ({{evidence}}) has no recorded subnet.',
      subnetMissing: '{{owner}} interface {{interface}} ({{evidence}}) sits in subnet {{subnet}}, which is not in the inventory.',
      routeTableUnknown:
        '{{owner}} interface {{interface}} ({{evidence}}) sits in subnet {{subnet}}, whose route table is unknown: no explicit association and no main route table of {{vpc}} in the inventory.',
    },
  },
  check(item, context) {
    const eni = item.configuration.networkInterfaceId ?? item.resourceId;
    const evidence = evidenceOf(item);
    const owned = classify(item);
    if (owned.kind === 'edge') return context.notApplicable('edge', { interface: eni, owner: owned.owner, evidence });
    if (owned.kind === 'instance') return context.notApplicable('instance', { interface: eni, instance: owned.instance });
    if (item.configuration.status === 'available') return context.notApplicable('detached', { interface: eni, evidence });

    const owner = owned.kind === 'compute' ? owned.owner : 'Unrecognised network';
    const data = { interface: eni, owner, evidence };
    const subnetId = item.configuration.subnetId;
    if (!subnetId) return context.unknown('noSubnet', data);
    const facts = context.inventory.networkOf(scopeOf(item)).subnet(subnetId);
    if (facts === undefined) return context.unknown('subnetMissing', { ...data, subnet: subnetId });
    if (facts.public === undefined) return context.unknown('routeTableUnknown', { ...data, subnet: subnetId, vpc: facts.vpcId ?? 'its VPC' });

    if (!facts.public) {
      return owned.kind === 'compute'
        ? context.pass('private', { ...data, subnet: subnetId })
        : context.pass('unclassifiedPrivate', { interface: eni, evidence, subnet: subnetId });
    }
    const route = facts.internetRoute ?? 'to an internet gateway';
    if (owned.kind !== 'compute') return context.unknown('unclassifiedPublic', { interface: eni, evidence, subnet: subnetId, route });
    return context.fail('publicSubnet', { ...data, ...publicSubnetData(facts) });
  },
});
