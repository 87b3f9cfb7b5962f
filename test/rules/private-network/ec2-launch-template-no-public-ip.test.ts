import rule from '../../../rules/private-network/ec2-launch-template-no-public-ip.js';
import { item } from '../../support/items.js';
import { testRule } from '../../support/rule-tester.js';

const template = (id: string, data: Record<string, unknown> | null | undefined, version: string | null = '3') =>
  item('AWS::EC2::LaunchTemplate', id, {
    Id: id,
    LaunchTemplateName: `kestrel-${id}`,
    DefaultVersionNumber: version,
    LatestVersionNumber: '3',
    ...(data === undefined ? {} : { LaunchTemplateData: data }),
  });
const eni = (deviceIndex: number, associatePublicIp?: boolean) => ({
  DeviceIndex: deviceIndex,
  Groups: ['sg-0web'],
  ...(associatePublicIp === undefined ? {} : { AssociatePublicIpAddress: associatePublicIp }),
});

testRule(
  rule,
  [
    {
      name: 'a template whose interfaces turn public IP assignment off passes',
      items: [template('lt-app', { ImageId: 'ami-0a1', NetworkInterfaces: [eni(0, false)] })],
      expect: [{ resourceId: 'lt-app', status: 'PASS', messageId: 'noPublicIp', data: { template: 'kestrel-lt-app', version: '3', count: 1 } }],
    },
    {
      name: 'a template whose interface asks for a public IP fails',
      items: [template('lt-web', { ImageId: 'ami-0a1', NetworkInterfaces: [eni(0, true)] })],
      expect: [{ resourceId: 'lt-web', status: 'FAIL', messageId: 'publicIp', data: { template: 'kestrel-lt-web', version: '3', interfaces: 'device index 0' } }],
    },
    {
      name: 'one assigning interface among several fails',
      items: [template('lt-dual', { NetworkInterfaces: [eni(0, false), eni(1, true)] })],
      expect: [{ resourceId: 'lt-dual', status: 'FAIL', messageId: 'publicIp', data: { interfaces: 'device index 1' } }],
    },
    {
      name: 'several assigning interfaces are all named',
      items: [template('lt-many', { NetworkInterfaces: [eni(0, true), eni(1, true)] })],
      expect: [{ resourceId: 'lt-many', status: 'FAIL', messageId: 'publicIps', data: { count: 2, interfaces: 'device index 0, device index 1' } }],
    },
    {
      name: 'an interface with no device index is still named',
      items: [template('lt-noindex', { NetworkInterfaces: [{ AssociatePublicIpAddress: true }] })],
      expect: [{ resourceId: 'lt-noindex', status: 'FAIL', messageId: 'publicIp', data: { interfaces: 'device index unset (#0)' } }],
    },
    {
      name: "interfaces that leave the setting unset assign nothing themselves: the subnet's setting applies",
      items: [template('lt-unset', { NetworkInterfaces: [eni(0)] })],
      expect: [{ resourceId: 'lt-unset', status: 'PASS', messageId: 'noPublicIp' }],
    },
    {
      name: 'a template with no network interfaces passes',
      items: [template('lt-plain', { ImageId: 'ami-0a1', InstanceType: 't4g.small' })],
      expect: [{ resourceId: 'lt-plain', status: 'PASS', messageId: 'noInterfaces' }],
    },
    {
      name: 'an empty interface list passes like none',
      items: [template('lt-empty-list', { ImageId: 'ami-0a1', NetworkInterfaces: [] })],
      expect: [{ resourceId: 'lt-empty-list', status: 'PASS', messageId: 'noInterfaces' }],
    },
    {
      name: 'a template whose default version data is null is unknown, never passed',
      items: [template('lt-null', null)],
      expect: [{ resourceId: 'lt-null', status: 'UNKNOWN', messageId: 'noData', data: { template: 'kestrel-lt-null', version: '3' } }],
    },
    {
      name: 'a template with no LaunchTemplateData field at all is unknown',
      items: [template('lt-absent', undefined, null)],
      expect: [{ resourceId: 'lt-absent', status: 'UNKNOWN', messageId: 'noData', data: { version: 'unknown' } }],
    },
    {
      name: 'a numeric default version number is shown as it is',
      items: [item('AWS::EC2::LaunchTemplate', 'lt-num', { LaunchTemplateName: 'kestrel-num', DefaultVersionNumber: 7, LaunchTemplateData: { NetworkInterfaces: [eni(0, true)] } })],
      expect: [{ resourceId: 'lt-num', status: 'FAIL', messageId: 'publicIp', data: { version: '7' } }],
    },
    {
      name: 'templates that could not be listed are unknown for the scope',
      items: [],
      failed: ['AWS::EC2::LaunchTemplate'],
      expect: [{ resourceId: '*', status: 'UNKNOWN', messageId: 'listFailed' }],
    },
    {
      name: 'a template whose default version alone could not be described is unknown',
      items: [template('lt-new', { NetworkInterfaces: [eni(0, false)] }), template('lt-old', { NetworkInterfaces: [eni(0, false)] })],
      failed: [
        {
          accountId: '111122223333',
          region: 'eu-west-1',
          resourceTypes: ['AWS::EC2::LaunchTemplate'],
          resourceIds: ['lt-new'],
          service: 'ec2',
          operation: 'DescribeLaunchTemplateVersions',
          code: 'RequestLimitExceeded',
          message: 'throttled',
        },
      ],
      expect: [
        { resourceId: 'lt-new', status: 'UNKNOWN', messageId: 'collectionFailed' },
        { resourceId: 'lt-old', status: 'PASS', messageId: 'noPublicIp' },
      ],
    },
    {
      name: 'several templates are each judged on their own, in ARN order',
      items: [
        template('lt-c', null),
        template('lt-a', { NetworkInterfaces: [eni(0, true)] }),
        template('lt-b', { NetworkInterfaces: [eni(0, false)] }),
      ],
      expect: [
        { resourceId: 'lt-a', status: 'FAIL', messageId: 'publicIp' },
        { resourceId: 'lt-b', status: 'PASS', messageId: 'noPublicIp' },
        { resourceId: 'lt-c', status: 'UNKNOWN', messageId: 'noData' },
      ],
    },
  ],
  { noNotApplicable: 'every launch template has a default version that launches use unless they name another; none is outside the rule' },
);
