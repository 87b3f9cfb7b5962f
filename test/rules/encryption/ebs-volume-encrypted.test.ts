import rule from '../../../rules/encryption/ebs-volume-encrypted.js';
import { item } from '../../support/items.js';
import { testRule } from '../../support/rule-tester.js';

const attachedTo = (...instances: string[]) => instances.map((instanceId) => ({ instanceId, state: 'attached' }));
const volume = (id: string, configuration: Record<string, unknown>) => item('AWS::EC2::Volume', id, { volumeId: id, ...configuration });

testRule(rule, [
  {
    name: 'an encrypted attached volume passes',
    items: [volume('vol-a', { encrypted: true, kmsKeyId: 'arn:aws:kms:eu-west-1:111122223333:key/k', attachments: attachedTo('i-1') })],
    expect: [{ resourceId: 'vol-a', status: 'PASS', messageId: 'encrypted', data: { volume: 'vol-a' } }],
  },
  {
    name: 'an unencrypted attached volume fails and names its instance',
    items: [volume('vol-a', { encrypted: false, attachments: attachedTo('i-1') })],
    expect: [{ resourceId: 'vol-a', status: 'FAIL', messageId: 'unencryptedAttached', data: { volume: 'vol-a', instance: 'instance i-1' } }],
  },
  {
    name: 'an unencrypted multi-attach volume names every instance',
    items: [volume('vol-a', { encrypted: false, attachments: attachedTo('i-1', 'i-2') })],
    expect: [{ resourceId: 'vol-a', status: 'FAIL', messageId: 'unencryptedAttached', data: { instance: 'instances i-1, i-2' } }],
  },
  {
    name: 'an unattached volume is not applicable by default, encrypted or not',
    items: [volume('vol-a', { encrypted: false, attachments: [] }), volume('vol-b', { encrypted: null, attachments: null })],
    expect: [
      { resourceId: 'vol-a', status: 'NOT_APPLICABLE', messageId: 'unattached' },
      { resourceId: 'vol-b', status: 'NOT_APPLICABLE', messageId: 'unattached' },
    ],
  },
  {
    name: 'with option all, an unencrypted unattached volume fails',
    items: [volume('vol-a', { encrypted: false, attachments: [] })],
    options: { all: true },
    expect: [{ resourceId: 'vol-a', status: 'FAIL', messageId: 'unencrypted', data: { volume: 'vol-a' } }],
  },
  {
    name: 'with option all, an encrypted unattached volume passes',
    items: [volume('vol-a', { encrypted: true })],
    options: { all: true },
    expect: [{ resourceId: 'vol-a', status: 'PASS', messageId: 'encrypted' }],
  },
  {
    name: 'option all set to false keeps the default',
    items: [volume('vol-a', { encrypted: false })],
    options: { all: false },
    expect: [{ resourceId: 'vol-a', status: 'NOT_APPLICABLE', messageId: 'unattached' }],
  },
  {
    name: 'an attached volume with no recorded encryption setting is unknown, never passed',
    items: [volume('vol-a', { encrypted: null, attachments: attachedTo('i-1') })],
    expect: [{ resourceId: 'vol-a', status: 'UNKNOWN', messageId: 'missing', data: { volume: 'vol-a' } }],
  },
  {
    name: 'with option all, an unattached volume with no encryption field is unknown',
    items: [volume('vol-a', {})],
    options: { all: true },
    expect: [{ resourceId: 'vol-a', status: 'UNKNOWN', messageId: 'missing' }],
  },
  {
    name: 'an attachment with no recorded instance id still fails the volume',
    items: [volume('vol-a', { encrypted: false, attachments: [{ instanceId: null, state: 'attached' }] })],
    expect: [{ resourceId: 'vol-a', status: 'FAIL', messageId: 'unencryptedAttached', data: { instance: 'an unrecorded instance' } }],
  },
  {
    name: 'volumes that could not be listed are unknown for the scope',
    items: [],
    failed: ['AWS::EC2::Volume'],
    expect: [{ resourceId: '*', status: 'UNKNOWN', messageId: 'listFailed' }],
  },
  {
    name: 'several volumes are each judged on their own, in ARN order',
    items: [
      volume('vol-d', { encrypted: false }),
      volume('vol-c', { attachments: attachedTo('i-3') }),
      volume('vol-b', { encrypted: false, attachments: attachedTo('i-2') }),
      volume('vol-a', { encrypted: true, attachments: attachedTo('i-1') }),
    ],
    expect: [
      { resourceId: 'vol-a', status: 'PASS', messageId: 'encrypted' },
      { resourceId: 'vol-b', status: 'FAIL', messageId: 'unencryptedAttached', data: { instance: 'instance i-2' } },
      { resourceId: 'vol-c', status: 'UNKNOWN', messageId: 'missing' },
      { resourceId: 'vol-d', status: 'NOT_APPLICABLE', messageId: 'unattached' },
    ],
  },
  {
    name: 'several volumes with option all',
    items: [volume('vol-b', { encrypted: false }), volume('vol-a', { encrypted: false, attachments: attachedTo('i-1') })],
    options: { all: true },
    expect: [
      { resourceId: 'vol-a', status: 'FAIL', messageId: 'unencryptedAttached' },
      { resourceId: 'vol-b', status: 'FAIL', messageId: 'unencrypted' },
    ],
  },
]);
