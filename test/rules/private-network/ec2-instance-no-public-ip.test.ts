import rule from '../../../rules/private-network/ec2-instance-no-public-ip.js';
import { item } from '../../support/items.js';
import { testRule } from '../../support/rule-tester.js';

type Address = { readonly privateIpAddress: string; readonly association?: { readonly publicIp: string } };

const eni = (id: string, { publicIp, addresses }: { publicIp?: string; addresses?: readonly Address[] } = {}) => ({
  networkInterfaceId: id,
  subnetId: 'subnet-a',
  ...(publicIp === undefined ? {} : { association: { publicIp, ipOwnerId: 'amazon' } }),
  ...(addresses === undefined ? {} : { privateIpAddresses: addresses }),
});

const instance = (id: string, configuration: Record<string, unknown>, state = 'running') =>
  item('AWS::EC2::Instance', id, { instanceId: id, subnetId: 'subnet-a', state: { name: state }, ...configuration });

testRule(rule, [
  {
    name: 'an instance whose only interface has no public address passes',
    items: [instance('i-app', { privateIpAddress: '10.0.2.10', networkInterfaces: [eni('eni-1', { addresses: [{ privateIpAddress: '10.0.2.10' }] })] })],
    expect: [{ resourceId: 'i-app', status: 'PASS', messageId: 'noPublicIp', data: { instance: 'i-app' } }],
  },
  {
    name: 'an auto-assigned public IPv4 address on the primary interface fails',
    items: [instance('i-bastion', { publicIpAddress: '34.242.61.19', networkInterfaces: [eni('eni-1', { publicIp: '34.242.61.19' })] })],
    expect: [{ resourceId: 'i-bastion', status: 'FAIL', messageId: 'publicIp', data: { address: '34.242.61.19', on: 'eni-1' } }],
  },
  {
    name: 'publicIpAddress alone fails even when the interfaces record no association',
    items: [instance('i-odd', { publicIpAddress: '3.91.174.66', networkInterfaces: [eni('eni-1')] })],
    expect: [{ resourceId: 'i-odd', status: 'FAIL', messageId: 'publicIp', data: { address: '3.91.174.66', on: 'the primary network interface' } }],
  },
  {
    name: 'an Elastic IP on a secondary interface fails though the instance reports no publicIpAddress',
    items: [instance('i-dual', { networkInterfaces: [eni('eni-1'), eni('eni-2', { publicIp: '52.16.1.2' })] })],
    expect: [{ resourceId: 'i-dual', status: 'FAIL', messageId: 'publicIp', data: { address: '52.16.1.2', on: 'eni-2' } }],
  },
  {
    name: 'an Elastic IP on a secondary private address of an interface fails',
    items: [
      instance('i-secondary', {
        networkInterfaces: [eni('eni-1', { addresses: [{ privateIpAddress: '10.0.2.10' }, { privateIpAddress: '10.0.2.11', association: { publicIp: '52.16.9.9' } }] })],
      }),
    ],
    expect: [{ resourceId: 'i-secondary', status: 'FAIL', messageId: 'publicIp', data: { address: '52.16.9.9', on: 'eni-1 (private address 10.0.2.11)' } }],
  },
  {
    name: 'several public addresses are all named, each once',
    items: [
      instance('i-many', {
        publicIpAddress: '34.1.1.1',
        networkInterfaces: [
          eni('eni-1', { publicIp: '34.1.1.1', addresses: [{ privateIpAddress: '10.0.2.10', association: { publicIp: '34.1.1.1' } }] }),
          eni('eni-2', { publicIp: '52.2.2.2' }),
        ],
      }),
    ],
    expect: [{ resourceId: 'i-many', status: 'FAIL', messageId: 'publicIps', data: { count: 2, details: '34.1.1.1 on eni-1; 52.2.2.2 on eni-2' } }],
  },
  {
    name: 'an empty publicIpAddress is no address',
    items: [instance('i-empty', { publicIpAddress: '', networkInterfaces: [eni('eni-1')] })],
    expect: [{ resourceId: 'i-empty', status: 'PASS', messageId: 'noPublicIp' }],
  },
  {
    name: 'a stopped instance with an Elastic IP still fails',
    items: [instance('i-stopped', { networkInterfaces: [eni('eni-1', { publicIp: '52.3.3.3' })] }, 'stopped')],
    expect: [{ resourceId: 'i-stopped', status: 'FAIL', messageId: 'publicIp' }],
  },
  {
    name: 'a terminated instance is not applicable',
    items: [instance('i-old', { publicIpAddress: '34.9.9.9', networkInterfaces: [eni('eni-1', { publicIp: '34.9.9.9' })] }, 'terminated')],
    expect: [{ resourceId: 'i-old', status: 'NOT_APPLICABLE', messageId: 'gone', data: { state: 'terminated' } }],
  },
  {
    name: 'a shutting-down instance is not applicable',
    items: [instance('i-closing', { networkInterfaces: [eni('eni-1')] }, 'shutting-down')],
    expect: [{ resourceId: 'i-closing', status: 'NOT_APPLICABLE', messageId: 'gone', data: { state: 'shutting-down' } }],
  },
  {
    name: 'an instance with no recorded interfaces and no public address is unknown, never passed',
    items: [instance('i-bare', {})],
    expect: [{ resourceId: 'i-bare', status: 'UNKNOWN', messageId: 'noInterfaces', data: { instance: 'i-bare' } }],
  },
  {
    name: 'an empty interface list is unknown too',
    items: [instance('i-none', { networkInterfaces: [] })],
    expect: [{ resourceId: 'i-none', status: 'UNKNOWN', messageId: 'noInterfaces' }],
  },
  {
    name: 'a public address fails the instance even with no interfaces recorded',
    items: [instance('i-partial', { publicIpAddress: '34.8.8.8' })],
    expect: [{ resourceId: 'i-partial', status: 'FAIL', messageId: 'publicIp', data: { on: 'the primary network interface' } }],
  },
  {
    name: 'instances that could not be listed are unknown for the scope',
    items: [],
    failed: ['AWS::EC2::Instance'],
    expect: [{ resourceId: '*', status: 'UNKNOWN', messageId: 'listFailed' }],
  },
  {
    name: 'several instances are each judged on their own, in ARN order',
    items: [
      instance('i-d-public', { publicIpAddress: '34.4.4.4', networkInterfaces: [eni('eni-d', { publicIp: '34.4.4.4' })] }),
      instance('i-a-private', { networkInterfaces: [eni('eni-a')] }),
      instance('i-c-terminated', { networkInterfaces: [eni('eni-c', { publicIp: '34.5.5.5' })] }, 'terminated'),
      instance('i-b-bare', {}),
    ],
    expect: [
      { resourceId: 'i-a-private', status: 'PASS', messageId: 'noPublicIp' },
      { resourceId: 'i-b-bare', status: 'UNKNOWN', messageId: 'noInterfaces' },
      { resourceId: 'i-c-terminated', status: 'NOT_APPLICABLE', messageId: 'gone' },
      { resourceId: 'i-d-public', status: 'FAIL', messageId: 'publicIp', data: { address: '34.4.4.4' } },
    ],
  },
]);
