import rule from '../../../rules/vpc-endpoints/vpc-interface-endpoints.js';
import { item, REGION } from '../../support/items.js';
import { testRule } from '../../support/rule-tester.js';

const DEFAULTS = ['ecr.api', 'ecr.dkr', 'logs', 'sts', 'ssm', 'secretsmanager', 'kms'] as const;

const vpc = (id: string, region = REGION) => item('AWS::EC2::VPC', id, { vpcId: id, cidrBlock: '10.0.0.0/16', isDefault: false }, { awsRegion: region });
/** A network interface puts a VPC in use. */
const eni = (id: string, vpcId: string, region = REGION) =>
  item('AWS::EC2::NetworkInterface', id, { networkInterfaceId: id, vpcId, subnetId: `subnet-${vpcId}`, interfaceType: 'interface' }, { awsRegion: region });
const endpoint = (
  id: string,
  vpcId: string,
  service: string,
  { type = 'Interface', state = 'available', region = REGION }: { type?: string; state?: string | null; region?: string } = {},
) =>
  item(
    'AWS::EC2::VPCEndpoint',
    id,
    { vpcEndpointId: id, vpcId, serviceName: `com.amazonaws.${region}.${service}`, vpcEndpointType: type, state },
    { awsRegion: region },
  );
/** An interface endpoint for each default service in `vpcId`, but `except`. */
const defaults = (vpcId: string, { except = [] as readonly string[], region = REGION } = {}) =>
  DEFAULTS.filter((service) => !except.includes(service)).map((service) => endpoint(`vpce-${vpcId}-${service}`, vpcId, service, { region }));

const inUse = [vpc('vpc-a'), eni('eni-a', 'vpc-a')];

testRule(rule, [
  {
    name: 'interface endpoints for every default service pass',
    items: [...inUse, ...defaults('vpc-a')],
    expect: [{ resourceId: 'vpc-a', status: 'PASS', messageId: 'present', data: { vpc: 'vpc-a', services: DEFAULTS.join(', ') } }],
  },
  {
    name: 'missing ssm, secretsmanager and kms endpoints fail and are named in order',
    items: [...inUse, ...defaults('vpc-a', { except: ['ssm', 'secretsmanager', 'kms'] })],
    expect: [{ resourceId: 'vpc-a', status: 'FAIL', messageId: 'missing', data: { vpc: 'vpc-a', missing: 'ssm, secretsmanager, kms' } }],
  },
  {
    name: 'a VPC in use with no endpoints lists every missing service',
    items: [...inUse],
    expect: [{ resourceId: 'vpc-a', status: 'FAIL', messageId: 'missing', data: { missing: DEFAULTS.join(', ') } }],
  },
  {
    name: 'gateway endpoints do not satisfy the interface rule',
    items: [...inUse, ...defaults('vpc-a', { except: ['logs'] }), endpoint('vpce-logs-gw', 'vpc-a', 'logs', { type: 'Gateway' })],
    expect: [{ resourceId: 'vpc-a', status: 'FAIL', messageId: 'missing', data: { missing: 'logs' } }],
  },
  {
    name: 'an Interface endpoint for s3 is not one of the configured interface services and changes nothing',
    items: [...inUse, ...defaults('vpc-a', { except: ['kms'] }), endpoint('vpce-s3-if', 'vpc-a', 's3')],
    expect: [{ resourceId: 'vpc-a', status: 'FAIL', messageId: 'missing', data: { missing: 'kms' } }],
  },
  {
    name: 'endpoint type and state are compared case-insensitively; pending endpoints count',
    items: [
      ...inUse,
      ...defaults('vpc-a', { except: ['sts', 'kms'] }),
      endpoint('vpce-sts', 'vpc-a', 'sts', { type: 'interface', state: 'Available' }),
      endpoint('vpce-kms', 'vpc-a', 'kms', { type: 'INTERFACE', state: 'pendingAcceptance' }),
    ],
    expect: [{ resourceId: 'vpc-a', status: 'PASS', messageId: 'present' }],
  },
  {
    name: 'endpoints that are deleting, deleted, rejected, failed or expired do not count',
    items: [
      ...inUse,
      ...defaults('vpc-a', { except: ['ecr.api', 'ecr.dkr', 'logs', 'sts', 'ssm'] }),
      endpoint('vpce-1', 'vpc-a', 'ecr.api', { state: 'Deleting' }),
      endpoint('vpce-2', 'vpc-a', 'ecr.dkr', { state: 'deleted' }),
      endpoint('vpce-3', 'vpc-a', 'logs', { state: 'REJECTED' }),
      endpoint('vpce-4', 'vpc-a', 'sts', { state: 'failed' }),
      endpoint('vpce-5', 'vpc-a', 'ssm', { state: 'Expired' }),
    ],
    expect: [{ resourceId: 'vpc-a', status: 'FAIL', messageId: 'missing', data: { missing: 'ecr.api, ecr.dkr, logs, sts, ssm' } }],
  },
  {
    name: 'an endpoint with no recorded state is counted as working, as the gateway rule does',
    items: [...inUse, ...defaults('vpc-a', { except: ['kms'] }), endpoint('vpce-kms', 'vpc-a', 'kms', { state: null })],
    expect: [{ resourceId: 'vpc-a', status: 'PASS', messageId: 'present' }],
  },
  {
    name: 'service names are matched exactly: another Region, a FIPS variant or a look-alike does not count',
    items: [
      ...inUse,
      ...defaults('vpc-a', { except: ['kms', 'ecr.api', 'ssm'] }),
      item('AWS::EC2::VPCEndpoint', 'vpce-kms-us', { vpcId: 'vpc-a', serviceName: 'com.amazonaws.us-east-1.kms', vpcEndpointType: 'Interface', state: 'available' }),
      endpoint('vpce-kms-fips', 'vpc-a', 'kms-fips'),
      endpoint('vpce-ecr', 'vpc-a', 'ecr'),
      endpoint('vpce-ssmmessages', 'vpc-a', 'ssmmessages'),
    ],
    expect: [{ resourceId: 'vpc-a', status: 'FAIL', messageId: 'missing', data: { missing: 'ecr.api, ssm, kms' } }],
  },
  {
    name: 'endpoints of another VPC do not count',
    items: [...inUse, vpc('vpc-b'), ...defaults('vpc-b')],
    expect: [
      { resourceId: 'vpc-a', status: 'FAIL', messageId: 'missing', data: { missing: DEFAULTS.join(', ') } },
      { resourceId: 'vpc-b', status: 'NOT_APPLICABLE', messageId: 'notInUse', data: { vpc: 'vpc-b' } },
    ],
  },
  {
    name: 'a VPC with no network interface is not in use and not applicable, even without endpoints',
    items: [vpc('vpc-idle')],
    expect: [{ resourceId: 'vpc-idle', status: 'NOT_APPLICABLE', messageId: 'notInUse', data: { vpc: 'vpc-idle' } }],
  },
  {
    name: 'the services come from the settings, repeats once',
    items: [...inUse, endpoint('vpce-ec2', 'vpc-a', 'ec2'), endpoint('vpce-ssm', 'vpc-a', 'ssm')],
    settings: { vpcEndpoints: { gateway: [], interface: ['ec2', 'ssm', 'ec2'] } },
    expect: [{ resourceId: 'vpc-a', status: 'PASS', messageId: 'present', data: { services: 'ec2, ssm' } }],
  },
  {
    name: 'a configured service without an endpoint fails',
    items: [...inUse, ...defaults('vpc-a')],
    settings: { vpcEndpoints: { gateway: [], interface: ['ssm-contacts'] } },
    expect: [{ resourceId: 'vpc-a', status: 'FAIL', messageId: 'missing', data: { missing: 'ssm-contacts' } }],
  },
  {
    name: 'an empty list of interface services makes the rule not applicable',
    items: [...inUse],
    settings: { vpcEndpoints: { gateway: ['s3'], interface: [] } },
    expect: [{ resourceId: 'vpc-a', status: 'NOT_APPLICABLE', messageId: 'noServices' }],
  },
  {
    name: 'network interfaces that could not be collected make the VPC unknown, never not applicable',
    items: [vpc('vpc-a'), ...defaults('vpc-a')],
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
      ...defaults('vpc-us', { region: 'us-east-1' }),
      vpc('vpc-b'),
      eni('eni-b', 'vpc-b'),
      ...defaults('vpc-b', { except: ['secretsmanager'] }),
      vpc('vpc-a'),
      eni('eni-a', 'vpc-a'),
      ...defaults('vpc-a'),
      vpc('vpc-c'),
      vpc('vpc-us-eu-names', 'us-east-1'),
      eni('eni-us-eu', 'vpc-us-eu-names', 'us-east-1'),
      // Endpoints recorded in us-east-1 whose service names are eu-west-1's: they serve no us-east-1 service.
      ...defaults('vpc-us-eu-names').map((eu) => item('AWS::EC2::VPCEndpoint', `${eu.resourceId}-us`, { ...eu.configuration }, { awsRegion: 'us-east-1' })),
    ],
    expect: [
      { resourceId: 'vpc-a', status: 'PASS', messageId: 'present' },
      { resourceId: 'vpc-b', status: 'FAIL', messageId: 'missing', data: { missing: 'secretsmanager' } },
      { resourceId: 'vpc-c', status: 'NOT_APPLICABLE', messageId: 'notInUse' },
      { resourceId: 'vpc-us', status: 'PASS', messageId: 'present' },
      { resourceId: 'vpc-us-eu-names', status: 'FAIL', messageId: 'missing', data: { missing: DEFAULTS.join(', ') } },
    ],
  },
]);
