import rule from '../../../rules/private-network/ec2-subnet-no-auto-public-ip.js';
import { item } from '../../support/items.js';
import { testRule } from '../../support/rule-tester.js';

const subnet = (id: string, configuration: Record<string, unknown>, vpcId = 'vpc-a') =>
  item('AWS::EC2::Subnet', id, { subnetId: id, vpcId, defaultForAz: false, ...configuration });

testRule(
  rule,
  [
    {
      name: 'a subnet that does not auto-assign public addresses passes',
      items: [subnet('subnet-private', { mapPublicIpOnLaunch: false })],
      expect: [{ resourceId: 'subnet-private', status: 'PASS', messageId: 'off', data: { subnet: 'subnet-private' } }],
    },
    {
      name: 'a subnet that auto-assigns public addresses fails',
      items: [subnet('subnet-staging-pub', { mapPublicIpOnLaunch: true })],
      expect: [{ resourceId: 'subnet-staging-pub', status: 'FAIL', messageId: 'on', data: { subnet: 'subnet-staging-pub', vpc: 'vpc-a' } }],
    },
    {
      name: 'a default subnet of a default VPC fails too, and says it is a default subnet',
      items: [subnet('subnet-default', { mapPublicIpOnLaunch: true, defaultForAz: true }, 'vpc-default')],
      expect: [{ resourceId: 'subnet-default', status: 'FAIL', messageId: 'defaultSubnet', data: { vpc: 'vpc-default' } }],
    },
    {
      name: 'a default subnet whose auto-assign setting was turned off passes',
      items: [subnet('subnet-default-off', { mapPublicIpOnLaunch: false, defaultForAz: true }, 'vpc-default')],
      expect: [{ resourceId: 'subnet-default-off', status: 'PASS', messageId: 'off' }],
    },
    {
      name: 'a subnet with no recorded setting is unknown, never passed',
      items: [subnet('subnet-unrecorded', { mapPublicIpOnLaunch: null })],
      expect: [{ resourceId: 'subnet-unrecorded', status: 'UNKNOWN', messageId: 'missing', data: { subnet: 'subnet-unrecorded' } }],
    },
    {
      name: 'a subnet with the setting absent altogether is unknown',
      items: [item('AWS::EC2::Subnet', 'subnet-sparse', { subnetId: 'subnet-sparse' })],
      expect: [{ resourceId: 'subnet-sparse', status: 'UNKNOWN', messageId: 'missing' }],
    },
    {
      name: 'subnets that could not be listed are unknown for the scope',
      items: [],
      failed: ['AWS::EC2::Subnet'],
      expect: [{ resourceId: '*', status: 'UNKNOWN', messageId: 'listFailed' }],
    },
    {
      name: 'several subnets are each judged on their own, in ARN order',
      items: [
        subnet('subnet-c-unknown', { mapPublicIpOnLaunch: null }),
        subnet('subnet-a-on', { mapPublicIpOnLaunch: true }),
        subnet('subnet-b-off', { mapPublicIpOnLaunch: false }),
      ],
      expect: [
        { resourceId: 'subnet-a-on', status: 'FAIL', messageId: 'on' },
        { resourceId: 'subnet-b-off', status: 'PASS', messageId: 'off' },
        { resourceId: 'subnet-c-unknown', status: 'UNKNOWN', messageId: 'missing' },
      ],
    },
  ],
  { noNotApplicable: 'every subnet has an auto-assign public IPv4 setting that governs what launches in it; none is outside the rule' },
);
