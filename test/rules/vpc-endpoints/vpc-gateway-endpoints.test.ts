import rule from '../../../rules/vpc-endpoints/vpc-gateway-endpoints.js';
import { item, REGION } from '../../support/items.js';
import { testRule } from '../../support/rule-tester.js';

const vpc = (id: string, region = REGION) => item('AWS::EC2::VPC', id, { vpcId: id, cidrBlock: '10.0.0.0/16', isDefault: false }, { awsRegion: region });
/** A network interface puts a VPC in use. */
const eni = (id: string, vpcId: string, region = REGION) =>
  item('AWS::EC2::NetworkInterface', id, { networkInterfaceId: id, vpcId, subnetId: `subnet-${vpcId}`, interfaceType: 'interface' }, { awsRegion: region });
const endpoint = (
  id: string,
  vpcId: string,
  service: string,
  { type = 'Gateway', state = 'available', region = REGION }: { type?: string; state?: string | null; region?: string } = {},
) =>
  item(
    'AWS::EC2::VPCEndpoint',
    id,
    { vpcEndpointId: id, vpcId, serviceName: `com.amazonaws.${region}.${service}`, vpcEndpointType: type, state },
    { awsRegion: region },
  );

const inUse = [vpc('vpc-a'), eni('eni-a', 'vpc-a')];

testRule(rule, [
  {
    name: 'gateway endpoints for s3 and dynamodb pass',
    items: [...inUse, endpoint('vpce-s3', 'vpc-a', 's3'), endpoint('vpce-ddb', 'vpc-a', 'dynamodb')],
    expect: [{ resourceId: 'vpc-a', status: 'PASS', messageId: 'present', data: { vpc: 'vpc-a', services: 's3, dynamodb' } }],
  },
  {
    name: 'a missing dynamodb endpoint fails',
    items: [...inUse, endpoint('vpce-s3', 'vpc-a', 's3')],
    expect: [{ resourceId: 'vpc-a', status: 'FAIL', messageId: 'missing', data: { missing: 'dynamodb' } }],
  },
  {
    name: 'a VPC in use with no endpoints lists every missing service',
    items: [...inUse],
    expect: [{ resourceId: 'vpc-a', status: 'FAIL', messageId: 'missing', data: { vpc: 'vpc-a', missing: 's3, dynamodb' } }],
  },
  {
    name: 'an Interface endpoint for s3 does not satisfy the gateway rule',
    items: [...inUse, endpoint('vpce-s3', 'vpc-a', 's3', { type: 'Interface' }), endpoint('vpce-ddb', 'vpc-a', 'dynamodb')],
    expect: [{ resourceId: 'vpc-a', status: 'FAIL', messageId: 'missing', data: { missing: 's3' } }],
  },
  {
    name: 'endpoint type and state are compared case-insensitively; a pending endpoint counts',
    items: [...inUse, endpoint('vpce-s3', 'vpc-a', 's3', { type: 'gateway', state: 'Available' }), endpoint('vpce-ddb', 'vpc-a', 'dynamodb', { type: 'GATEWAY', state: 'pending' })],
    expect: [{ resourceId: 'vpc-a', status: 'PASS', messageId: 'present' }],
  },
  {
    name: 'endpoints that are deleting, deleted, rejected, failed or expired do not count',
    items: [
      ...inUse,
      endpoint('vpce-1', 'vpc-a', 's3', { state: 'Deleting' }),
      endpoint('vpce-2', 'vpc-a', 's3', { state: 'deleted' }),
      endpoint('vpce-3', 'vpc-a', 's3', { state: 'REJECTED' }),
      endpoint('vpce-4', 'vpc-a', 'dynamodb', { state: 'failed' }),
      endpoint('vpce-5', 'vpc-a', 'dynamodb', { state: 'Expired' }),
    ],
    expect: [{ resourceId: 'vpc-a', status: 'FAIL', messageId: 'missing', data: { missing: 's3, dynamodb' } }],
  },
  {
    name: 'a live endpoint beside a deleted one for the same service counts',
    items: [...inUse, endpoint('vpce-old', 'vpc-a', 's3', { state: 'deleted' }), endpoint('vpce-new', 'vpc-a', 's3'), endpoint('vpce-ddb', 'vpc-a', 'dynamodb')],
    expect: [{ resourceId: 'vpc-a', status: 'PASS', messageId: 'present' }],
  },
  {
    name: 'service names are matched exactly: another Region or a look-alike service does not count',
    items: [
      ...inUse,
      item('AWS::EC2::VPCEndpoint', 'vpce-other-region', { vpcId: 'vpc-a', serviceName: 'com.amazonaws.us-east-1.s3', vpcEndpointType: 'Gateway', state: 'available' }),
      endpoint('vpce-s3express', 'vpc-a', 's3express'),
      endpoint('vpce-ddb', 'vpc-a', 'dynamodb'),
    ],
    expect: [{ resourceId: 'vpc-a', status: 'FAIL', messageId: 'missing', data: { missing: 's3' } }],
  },
  {
    name: 'endpoints of another VPC do not count',
    items: [...inUse, vpc('vpc-b'), endpoint('vpce-s3', 'vpc-b', 's3'), endpoint('vpce-ddb', 'vpc-b', 'dynamodb')],
    expect: [
      { resourceId: 'vpc-a', status: 'FAIL', messageId: 'missing', data: { missing: 's3, dynamodb' } },
      { resourceId: 'vpc-b', status: 'NOT_APPLICABLE', messageId: 'notInUse', data: { vpc: 'vpc-b' } },
    ],
  },
  {
    name: 'a VPC with no network interface is not in use and not applicable',
    items: [vpc('vpc-idle')],
    expect: [{ resourceId: 'vpc-idle', status: 'NOT_APPLICABLE', messageId: 'notInUse', data: { vpc: 'vpc-idle' } }],
  },
  {
    name: 'the services come from the settings',
    items: [...inUse, endpoint('vpce-s3', 'vpc-a', 's3')],
    settings: { vpcEndpoints: { gateway: ['s3'], interface: [] } },
    expect: [{ resourceId: 'vpc-a', status: 'PASS', messageId: 'present', data: { services: 's3' } }],
  },
  {
    name: 'a configured service without an endpoint fails',
    items: [...inUse, endpoint('vpce-s3', 'vpc-a', 's3')],
    settings: { vpcEndpoints: { gateway: ['dynamodb'], interface: [] } },
    expect: [{ resourceId: 'vpc-a', status: 'FAIL', messageId: 'missing', data: { missing: 'dynamodb' } }],
  },
  {
    name: 'an empty list of gateway services makes the rule not applicable',
    items: [...inUse],
    settings: { vpcEndpoints: { gateway: [], interface: [] } },
    expect: [{ resourceId: 'vpc-a', status: 'NOT_APPLICABLE', messageId: 'noServices' }],
  },
  {
    name: 'network interfaces that could not be collected make the VPC unknown, never not applicable',
    items: [vpc('vpc-a'), endpoint('vpce-s3', 'vpc-a', 's3')],
    failed: ['AWS::EC2::NetworkInterface'],
    expect: [{ resourceId: 'vpc-a', status: 'UNKNOWN', messageId: 'collectionFailed' }],
  },
  {
    name: 'VPC endpoints that could not be collected make the VPC unknown, never failed',
    items: [...inUse],
    failed: ['AWS::EC2::VPCEndpoint'],
    expect: [{ resourceId: 'vpc-a', status: 'UNKNOWN', messageId: 'collectionFailed' }],
  },
  {
    name: 'VPCs that could not be listed are unknown for the scope',
    items: [],
    failed: ['AWS::EC2::VPC'],
    expect: [{ resourceId: '*', status: 'UNKNOWN', messageId: 'listFailed' }],
  },
  {
    name: 'several VPCs across Regions are each judged with their own Region in the service name',
    items: [
      vpc('vpc-us', 'us-east-1'),
      eni('eni-us', 'vpc-us', 'us-east-1'),
      endpoint('vpce-us-s3', 'vpc-us', 's3', { region: 'us-east-1' }),
      endpoint('vpce-us-ddb', 'vpc-us', 'dynamodb', { region: 'us-east-1' }),
      vpc('vpc-b'),
      eni('eni-b', 'vpc-b'),
      endpoint('vpce-b-s3', 'vpc-b', 's3'),
      vpc('vpc-a'),
      eni('eni-a', 'vpc-a'),
      endpoint('vpce-a-s3', 'vpc-a', 's3'),
      endpoint('vpce-a-ddb', 'vpc-a', 'dynamodb'),
      vpc('vpc-c'),
    ],
    expect: [
      { resourceId: 'vpc-a', status: 'PASS', messageId: 'present' },
      { resourceId: 'vpc-b', status: 'FAIL', messageId: 'missing', data: { missing: 'dynamodb' } },
      { resourceId: 'vpc-c', status: 'NOT_APPLICABLE', messageId: 'notInUse' },
      { resourceId: 'vpc-us', status: 'PASS', messageId: 'present' },
    ],
  },
]);
