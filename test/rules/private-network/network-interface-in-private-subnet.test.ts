import rule from '../../../rules/private-network/network-interface-in-private-subnet.js';
import { item } from '../../support/items.js';
import { igw4, igw6, nat4, subnet, table } from '../../support/network.js';
import { testRule } from '../../support/rule-tester.js';

/** vpc-a: subnet-pub explicitly routed to the internet gateway, subnet-priv on the NAT main table. */
const network = [
  subnet('subnet-pub'),
  subnet('subnet-priv'),
  table('rtb-public', 'vpc-a', [igw4], { subnets: ['subnet-pub'] }),
  table('rtb-main', 'vpc-a', [nat4], { main: true }),
];

/** A network interface as EC2 describes it, in subnet-pub unless told otherwise. */
const eni = (id: string, configuration: Readonly<Record<string, unknown>>) =>
  item('AWS::EC2::NetworkInterface', id, { networkInterfaceId: id, subnetId: 'subnet-pub', vpcId: 'vpc-a', status: 'in-use', ...configuration });

/** A requester-managed interface of an AWS service, attached (as ELB, RDS and NAT interfaces are) to no instance. */
const managed = (requesterId: string, interfaceType: string, description: string) => ({
  interfaceType,
  description,
  requesterId,
  requesterManaged: true,
  attachment: { attachmentId: 'ela-attach-0f1', instanceOwnerId: requesterId, status: 'attached' },
});

const rds = managed('amazon-rds', 'interface', 'RDSNetworkInterface');
const lambdaUuid = 'f7a1b2c3-4d5e-6f70-8a9b-0c1d2e3f4a5b';

testRule(rule, [
  {
    name: 'an RDS database interface in a public subnet fails, naming the service and the route',
    items: [...network, eni('eni-rds', rds)],
    expect: [
      {
        resourceId: 'eni-rds',
        status: 'FAIL',
        messageId: 'publicSubnet',
        data: {
          owner: 'RDS database',
          interface: 'eni-rds',
          evidence: 'RDSNetworkInterface',
          subnet: 'subnet-pub',
          route: '0.0.0.0/0 → igw-0a1',
          routeTable: 'rtb-public',
          association: 'explicitly associated',
        },
      },
    ],
  },
  {
    name: 'an RDS database interface in a private subnet passes',
    items: [...network, eni('eni-rds', { ...rds, subnetId: 'subnet-priv' })],
    expect: [{ resourceId: 'eni-rds', status: 'PASS', messageId: 'private', data: { owner: 'RDS database', subnet: 'subnet-priv' } }],
  },
  {
    name: 'an RDS interface is recognised by its requester when its description is empty',
    items: [...network, eni('eni-rds', managed('amazon-rds', 'interface', ''))],
    expect: [{ resourceId: 'eni-rds', status: 'FAIL', messageId: 'publicSubnet', data: { owner: 'RDS database', evidence: 'type interface, requester amazon-rds' } }],
  },
  {
    name: 'a ::/0 route to an internet gateway makes the subnet of a database interface public',
    items: [subnet('subnet-v6'), table('rtb-v6', 'vpc-a', [nat4, igw6], { subnets: ['subnet-v6'] }), eni('eni-rds', { ...rds, subnetId: 'subnet-v6' })],
    expect: [{ resourceId: 'eni-rds', status: 'FAIL', messageId: 'publicSubnet', data: { route: '::/0 → igw-0a1', routeTable: 'rtb-v6' } }],
  },
  {
    name: 'the main route table of its own VPC decides an unassociated subnet',
    items: [subnet('subnet-x', 'vpc-b'), table('rtb-b-main', 'vpc-b', [igw4], { main: true }), table('rtb-main', 'vpc-a', [nat4], { main: true }), eni('eni-rds', { ...rds, subnetId: 'subnet-x' })],
    expect: [{ resourceId: 'eni-rds', status: 'FAIL', messageId: 'publicSubnet', data: { routeTable: 'rtb-b-main', association: 'main route table of vpc-b' } }],
  },
  {
    name: 'each compute and database service is recognised and named in a public subnet',
    items: [
      ...network,
      eni('eni-01-elasticache', managed('amazon-elasticache', 'interface', 'ElastiCache kestrel-sessions-001')),
      eni('eni-02-redshift', managed('amazon-redshift', 'interface', 'RedshiftNetworkInterface')),
      eni('eni-03-opensearch', managed('amazon-elasticsearch', 'interface', 'ES kestrel-search')),
      eni('eni-04-efs-type', managed('123456789012', 'efs', 'EFS mount target for fs-0a1b2c3d (fsmt-0e1f2a3b)')),
      eni('eni-05-efs-description', managed('123456789012', 'interface', 'EFS mount target for fs-0a1b2c3d (fsmt-0c4d5e6f)')),
      eni('eni-06-lambda', managed('AROAEXAMPLE:checkout-worker', 'lambda', `AWS Lambda VPC ENI-checkout-worker-${lambdaUuid}`)),
      eni('eni-07-lambda-type-only', managed('AROAEXAMPLE:x', 'lambda', '')),
      eni('eni-08-fargate', managed('578734482556', 'interface', 'arn:aws:ecs:eu-west-1:111122223333:attachment/0c5e4b7a-1a2b-4c3d-8e9f-0a1b2c3d4e5f')),
      eni('eni-09-branch', managed('578734482556', 'branch', '')),
      eni('eni-10-dms', managed('amazon-dms', 'interface', 'DMSNetworkInterface')),
      eni('eni-11-rds-proxy', managed('amazon-rds', 'interface', 'Network interface for DBProxy kestrel-proxy')),
      eni('eni-12-eks', managed('AROAEXAMPLE:eks', 'interface', 'Amazon EKS kestrel-prod')),
      eni('eni-13-elasticache-plus', managed('amazon-elasticache', 'interface', 'ElastiCache+kestrel-cache')),
    ],
    expect: [
      { resourceId: 'eni-01-elasticache', status: 'FAIL', messageId: 'publicSubnet', data: { owner: 'ElastiCache cluster kestrel-sessions-001' } },
      { resourceId: 'eni-02-redshift', status: 'FAIL', messageId: 'publicSubnet', data: { owner: 'Redshift cluster' } },
      { resourceId: 'eni-03-opensearch', status: 'FAIL', messageId: 'publicSubnet', data: { owner: 'OpenSearch domain kestrel-search' } },
      { resourceId: 'eni-04-efs-type', status: 'FAIL', messageId: 'publicSubnet', data: { owner: 'EFS mount target fsmt-0e1f2a3b of fs-0a1b2c3d' } },
      { resourceId: 'eni-05-efs-description', status: 'FAIL', messageId: 'publicSubnet', data: { owner: 'EFS mount target fsmt-0c4d5e6f of fs-0a1b2c3d' } },
      { resourceId: 'eni-06-lambda', status: 'FAIL', messageId: 'publicSubnet', data: { owner: 'Lambda function checkout-worker' } },
      { resourceId: 'eni-07-lambda-type-only', status: 'FAIL', messageId: 'publicSubnet', data: { owner: 'Lambda function', evidence: 'type lambda, requester AROAEXAMPLE:x' } },
      { resourceId: 'eni-08-fargate', status: 'FAIL', messageId: 'publicSubnet', data: { owner: 'ECS task' } },
      { resourceId: 'eni-09-branch', status: 'FAIL', messageId: 'publicSubnet', data: { owner: 'container task (branch interface)' } },
      { resourceId: 'eni-10-dms', status: 'FAIL', messageId: 'publicSubnet', data: { owner: 'DMS replication instance' } },
      { resourceId: 'eni-11-rds-proxy', status: 'FAIL', messageId: 'publicSubnet', data: { owner: 'RDS Proxy' } },
      { resourceId: 'eni-12-eks', status: 'FAIL', messageId: 'publicSubnet', data: { owner: 'EKS cluster kestrel-prod control plane' } },
      { resourceId: 'eni-13-elasticache-plus', status: 'FAIL', messageId: 'publicSubnet', data: { owner: 'ElastiCache cluster kestrel-cache' } },
    ],
  },
  {
    name: 'an interface of an EC2 instance of this account is left to ec2-instance-in-private-subnet',
    items: [
      ...network,
      eni('eni-web', {
        interfaceType: 'interface',
        description: '',
        requesterManaged: false,
        attachment: { attachmentId: 'eni-attach-0a1', instanceId: 'i-web', instanceOwnerId: '111122223333', deviceIndex: 0, status: 'attached' },
      }),
    ],
    expect: [{ resourceId: 'eni-web', status: 'NOT_APPLICABLE', messageId: 'instance', data: { instance: 'i-web' } }],
  },
  {
    name: 'an ECS task interface attached to a container instance of this account is left to the instance rule',
    items: [
      ...network,
      eni('eni-task', {
        ...managed('578734482556', 'interface', 'arn:aws:ecs:eu-west-1:111122223333:attachment/0c5e4b7a-1a2b-4c3d-8e9f-0a1b2c3d4e5f'),
        attachment: { attachmentId: 'eni-attach-0a2', instanceId: 'i-ecs-host', instanceOwnerId: '111122223333', deviceIndex: 1, status: 'attached' },
      }),
    ],
    expect: [{ resourceId: 'eni-task', status: 'NOT_APPLICABLE', messageId: 'instance', data: { instance: 'i-ecs-host' } }],
  },
  {
    name: 'trunk and EFA interfaces attached to an instance of this account are left to the instance rule',
    items: [
      ...network,
      eni('eni-efa', { interfaceType: 'efa', requesterManaged: false, attachment: { instanceId: 'i-hpc', instanceOwnerId: '111122223333' } }),
      eni('eni-trunk', { interfaceType: 'trunk', requesterManaged: false, attachment: { instanceId: 'i-ecs-host', instanceOwnerId: '111122223333' } }),
    ],
    expect: [
      { resourceId: 'eni-efa', status: 'NOT_APPLICABLE', messageId: 'instance', data: { instance: 'i-hpc' } },
      { resourceId: 'eni-trunk', status: 'NOT_APPLICABLE', messageId: 'instance', data: { instance: 'i-ecs-host' } },
    ],
  },
  {
    name: 'an interface attached to an instance of another account is judged here: no rule of this account sees that instance',
    items: [...network, eni('eni-shared', { interfaceType: 'interface', requesterManaged: false, attachment: { instanceId: 'i-partner', instanceOwnerId: '444455556666' } })],
    expect: [{ resourceId: 'eni-shared', status: 'FAIL', messageId: 'publicSubnet', data: { owner: 'EC2 instance i-partner of account 444455556666' } }],
  },
  {
    name: 'load balancers, NAT gateways, endpoints and edge services may sit in public subnets',
    items: [
      ...network,
      eni('eni-01-alb', managed('amazon-elb', 'interface', 'ELB app/shop-web-prod/50dc6c495c0c9188')),
      eni('eni-02-clb-requester', managed('amazon-elb', 'interface', '')),
      eni('eni-03-nlb', managed('amazon-elb', 'network_load_balancer', 'ELB net/shop-tcp/0a1b2c3d')),
      eni('eni-04-gwlb', managed('amazon-elb', 'gateway_load_balancer', 'ELB gwy/inspection/0a1b2c3d')),
      eni('eni-05-gwlbe', managed('727180483921', 'gateway_load_balancer_endpoint', 'VPC Endpoint Interface vpce-0a1')),
      eni('eni-06-nat', managed('036872051663', 'nat_gateway', 'Interface for NAT Gateway nat-0eac06980609a1068')),
      eni('eni-07-nat-model-spelling', managed('036872051663', 'natGateway', '')),
      eni('eni-08-nat-described', managed('036872051663', 'interface', 'Interface for NAT Gateway nat-0b2')),
      eni('eni-09-vpce', managed('727180483921', 'vpc_endpoint', 'VPC Endpoint Interface vpce-0de0145d436f86811')),
      eni('eni-10-vpce-old', managed('727180483921', 'interface', 'VPC Endpoint Interface vpce-0f00567fa8477a1e6')),
      eni('eni-11-global-accelerator', managed('amazon-ga', 'global_accelerator_managed', 'GlobalAccelerator')),
      eni('eni-12-api-gateway', managed('amazon-apigateway', 'api_gateway_managed', 'VPC link')),
      eni('eni-13-tgw', managed('amazon-tgw', 'transit_gateway', 'Network Interface for Transit Gateway Attachment tgw-attach-0a1')),
      eni('eni-14-tgw-described', managed('amazon-tgw', 'interface', 'Network Interface for Transit Gateway Attachment tgw-attach-0a2')),
      eni('eni-15-iot', managed('amazon-iot', 'iot_rules_managed', '')),
      eni('eni-16-codestar', managed('amazon-codestar', 'aws_codestar_connections_managed', '')),
      eni('eni-17-instance-connect', managed('amazon-ec2', 'ec2_instance_connect_endpoint', '')),
      eni('eni-18-quicksight', managed('amazon-quicksight', 'quicksight', '')),
    ],
    expect: [
      { resourceId: 'eni-01-alb', status: 'NOT_APPLICABLE', messageId: 'edge', data: { owner: 'load balancer app/shop-web-prod/50dc6c495c0c9188' } },
      { resourceId: 'eni-02-clb-requester', status: 'NOT_APPLICABLE', messageId: 'edge', data: { owner: 'a load balancer' } },
      { resourceId: 'eni-03-nlb', status: 'NOT_APPLICABLE', messageId: 'edge', data: { owner: 'a Network Load Balancer' } },
      { resourceId: 'eni-04-gwlb', status: 'NOT_APPLICABLE', messageId: 'edge', data: { owner: 'a Gateway Load Balancer' } },
      { resourceId: 'eni-05-gwlbe', status: 'NOT_APPLICABLE', messageId: 'edge', data: { owner: 'a Gateway Load Balancer endpoint' } },
      { resourceId: 'eni-06-nat', status: 'NOT_APPLICABLE', messageId: 'edge', data: { owner: 'a NAT gateway' } },
      { resourceId: 'eni-07-nat-model-spelling', status: 'NOT_APPLICABLE', messageId: 'edge', data: { owner: 'a NAT gateway' } },
      { resourceId: 'eni-08-nat-described', status: 'NOT_APPLICABLE', messageId: 'edge', data: { owner: 'a NAT gateway' } },
      { resourceId: 'eni-09-vpce', status: 'NOT_APPLICABLE', messageId: 'edge', data: { owner: 'an interface VPC endpoint' } },
      { resourceId: 'eni-10-vpce-old', status: 'NOT_APPLICABLE', messageId: 'edge', data: { owner: 'an interface VPC endpoint' } },
      { resourceId: 'eni-11-global-accelerator', status: 'NOT_APPLICABLE', messageId: 'edge', data: { owner: 'a Global Accelerator endpoint' } },
      { resourceId: 'eni-12-api-gateway', status: 'NOT_APPLICABLE', messageId: 'edge', data: { owner: 'an API Gateway VPC link' } },
      { resourceId: 'eni-13-tgw', status: 'NOT_APPLICABLE', messageId: 'edge', data: { owner: 'a transit gateway attachment' } },
      { resourceId: 'eni-14-tgw-described', status: 'NOT_APPLICABLE', messageId: 'edge', data: { owner: 'a transit gateway attachment' } },
      { resourceId: 'eni-15-iot', status: 'NOT_APPLICABLE', messageId: 'edge', data: { owner: 'an AWS IoT rule destination' } },
      { resourceId: 'eni-16-codestar', status: 'NOT_APPLICABLE', messageId: 'edge', data: { owner: 'an AWS CodeConnections connection' } },
      { resourceId: 'eni-17-instance-connect', status: 'NOT_APPLICABLE', messageId: 'edge', data: { owner: 'an EC2 Instance Connect Endpoint' } },
      { resourceId: 'eni-18-quicksight', status: 'NOT_APPLICABLE', messageId: 'edge', data: { owner: 'a QuickSight VPC connection' } },
    ],
  },
  {
    name: 'an interface attached to nothing is not applicable, even a leftover Lambda interface: nothing runs behind it',
    items: [
      ...network,
      eni('eni-leftover', { ...managed('AROAEXAMPLE:x', 'lambda', `AWS Lambda VPC ENI-old-job-${lambdaUuid}`), attachment: null, status: 'available' }),
      eni('eni-spare', { interfaceType: 'interface', description: 'spare for failover', requesterManaged: false, status: 'available' }),
    ],
    expect: [
      { resourceId: 'eni-leftover', status: 'NOT_APPLICABLE', messageId: 'detached' },
      { resourceId: 'eni-spare', status: 'NOT_APPLICABLE', messageId: 'detached', data: { evidence: 'spare for failover' } },
    ],
  },
  {
    name: 'an unrecognised interface in a public subnet is unknown, neither failed on a guess nor passed',
    items: [...network, eni('eni-resolver', managed('amazon-route53', 'interface', 'Route 53 Resolver: rslvr-in-0a1b2c3d:rni-0a1'))],
    expect: [
      {
        resourceId: 'eni-resolver',
        status: 'UNKNOWN',
        messageId: 'unclassifiedPublic',
        data: { evidence: 'Route 53 Resolver: rslvr-in-0a1b2c3d:rni-0a1', subnet: 'subnet-pub', route: '0.0.0.0/0 → igw-0a1' },
      },
    ],
  },
  {
    name: 'an unrecognised interface in a private subnet passes: whatever owns it, it is not in a public subnet',
    items: [...network, eni('eni-resolver', { ...managed('amazon-route53', 'interface', 'Route 53 Resolver: rslvr-in-0a1b2c3d:rni-0a1'), subnetId: 'subnet-priv' })],
    expect: [{ resourceId: 'eni-resolver', status: 'PASS', messageId: 'unclassifiedPrivate', data: { subnet: 'subnet-priv' } }],
  },
  {
    name: 'an interface type this rule does not know yet is unrecognised, not an edge service',
    items: [...network, eni('eni-new', managed('amazon-new', 'some_future_type', ''))],
    expect: [{ resourceId: 'eni-new', status: 'UNKNOWN', messageId: 'unclassifiedPublic', data: { evidence: 'type some_future_type, requester amazon-new' } }],
  },
  {
    name: 'an interface with no type, description or requester recorded is unknown in a public subnet',
    items: [...network, eni('eni-bare', { status: null })],
    expect: [{ resourceId: 'eni-bare', status: 'UNKNOWN', messageId: 'unclassifiedPublic', data: { evidence: 'no description, type or requester recorded' } }],
  },
  {
    name: 'a compute interface with no recorded subnet is unknown, never passed',
    items: [...network, eni('eni-rds', { ...rds, subnetId: null })],
    expect: [{ resourceId: 'eni-rds', status: 'UNKNOWN', messageId: 'noSubnet', data: { owner: 'RDS database' } }],
  },
  {
    name: 'a subnet missing from the inventory is unknown, never passed',
    items: [...network, eni('eni-rds', { ...rds, subnetId: 'subnet-gone' })],
    expect: [{ resourceId: 'eni-rds', status: 'UNKNOWN', messageId: 'subnetMissing', data: { subnet: 'subnet-gone' } }],
  },
  {
    name: 'a subnet whose route table is unknown is unknown, never passed',
    items: [subnet('subnet-c', 'vpc-c'), table('rtb-main', 'vpc-a', [nat4], { main: true }), eni('eni-rds', { ...rds, subnetId: 'subnet-c' })],
    expect: [{ resourceId: 'eni-rds', status: 'UNKNOWN', messageId: 'routeTableUnknown', data: { subnet: 'subnet-c', vpc: 'vpc-c' } }],
  },
  {
    name: 'an edge interface stays not applicable even when its subnet is unknown',
    items: [eni('eni-nat', { ...managed('036872051663', 'nat_gateway', 'Interface for NAT Gateway nat-0b2'), subnetId: 'subnet-gone' })],
    expect: [{ resourceId: 'eni-nat', status: 'NOT_APPLICABLE', messageId: 'edge' }],
  },
  {
    name: 'subnets that could not be collected make every interface unknown',
    items: [...network, eni('eni-rds', rds), eni('eni-vpce', managed('727180483921', 'vpc_endpoint', 'VPC Endpoint Interface vpce-0a1'))],
    failed: ['AWS::EC2::Subnet'],
    expect: [
      { resourceId: 'eni-rds', status: 'UNKNOWN', messageId: 'collectionFailed' },
      { resourceId: 'eni-vpce', status: 'UNKNOWN', messageId: 'collectionFailed' },
    ],
  },
  {
    name: 'interfaces that could not be listed are unknown for the scope',
    items: [...network],
    failed: ['AWS::EC2::NetworkInterface'],
    expect: [{ resourceId: '*', status: 'UNKNOWN', messageId: 'listFailed' }],
  },
  {
    name: 'several interfaces are each judged on their own, in ARN order',
    items: [
      ...network,
      eni('eni-a-rds-private', { ...rds, subnetId: 'subnet-priv' }),
      eni('eni-b-rds-public', rds),
      eni('eni-c-nat', managed('036872051663', 'nat_gateway', 'Interface for NAT Gateway nat-0b2')),
      eni('eni-d-web', { interfaceType: 'interface', requesterManaged: false, attachment: { instanceId: 'i-web', instanceOwnerId: '111122223333' } }),
      eni('eni-e-rds-lost', { ...rds, subnetId: 'subnet-gone' }),
    ],
    expect: [
      { resourceId: 'eni-a-rds-private', status: 'PASS', messageId: 'private' },
      { resourceId: 'eni-b-rds-public', status: 'FAIL', messageId: 'publicSubnet' },
      { resourceId: 'eni-c-nat', status: 'NOT_APPLICABLE', messageId: 'edge' },
      { resourceId: 'eni-d-web', status: 'NOT_APPLICABLE', messageId: 'instance' },
      { resourceId: 'eni-e-rds-lost', status: 'UNKNOWN', messageId: 'subnetMissing' },
    ],
  },
]);
