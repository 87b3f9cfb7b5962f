import rule from '../../../rules/encryption/kinesis-stream-encrypted.js';
import { item } from '../../support/items.js';
import { testRule } from '../../support/rule-tester.js';

const KEY = 'arn:aws:kms:eu-west-1:111122223333:key/3c1e0f57-7a1b-4f0e-9a43-5d3f1c2b7e90';

const stream = (name: string, encryption: Record<string, unknown> | null | undefined) =>
  item('AWS::Kinesis::Stream', name, {
    Name: name,
    Arn: `arn:aws:kinesis:eu-west-1:111122223333:stream/${name}`,
    ...(encryption === undefined ? {} : { StreamEncryption: encryption }),
  });

testRule(
  rule,
  [
    {
      name: 'a stream encrypted with a KMS key passes and names the key',
      items: [stream('orders', { EncryptionType: 'KMS', KeyId: KEY })],
      expect: [{ resourceId: 'orders', status: 'PASS', messageId: 'encrypted', data: { stream: 'orders', key: KEY } }],
    },
    {
      name: 'the AWS managed key alias/aws/kinesis is encryption too',
      items: [stream('orders', { EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' })],
      expect: [{ resourceId: 'orders', status: 'PASS', messageId: 'encrypted', data: { key: 'alias/aws/kinesis' } }],
    },
    {
      name: 'KMS encryption with no recorded key still passes: the type is what counts',
      items: [stream('orders', { EncryptionType: 'KMS' })],
      expect: [{ resourceId: 'orders', status: 'PASS', messageId: 'encrypted', data: { key: 'not recorded' } }],
    },
    {
      name: 'encryption type NONE (what the collector writes for an unencrypted stream) fails',
      items: [stream('clickstream', { EncryptionType: 'NONE' })],
      expect: [{ resourceId: 'clickstream', status: 'FAIL', messageId: 'unencrypted', data: { stream: 'clickstream' } }],
    },
    {
      name: 'no StreamEncryption at all is unknown, never passed nor failed',
      items: [stream('clickstream', undefined)],
      expect: [{ resourceId: 'clickstream', status: 'UNKNOWN', messageId: 'missing', data: { stream: 'clickstream' } }],
    },
    {
      name: 'a null StreamEncryption is unknown',
      items: [stream('clickstream', null)],
      expect: [{ resourceId: 'clickstream', status: 'UNKNOWN', messageId: 'missing' }],
    },
    {
      name: 'a StreamEncryption without an encryption type is unknown',
      items: [stream('clickstream', { KeyId: KEY })],
      expect: [{ resourceId: 'clickstream', status: 'UNKNOWN', messageId: 'missing' }],
    },
    {
      name: 'an encryption type the rule does not know is unknown',
      items: [stream('clickstream', { EncryptionType: 'AES256' })],
      expect: [{ resourceId: 'clickstream', status: 'UNKNOWN', messageId: 'unexpectedType', data: { type: 'AES256' } }],
    },
    {
      name: 'a stream whose description could not be read is unknown',
      items: [stream('orders', undefined)],
      failed: [
        {
          accountId: '111122223333',
          region: 'eu-west-1',
          resourceTypes: ['AWS::Kinesis::Stream'],
          resourceIds: ['orders'],
          service: 'kinesis',
          operation: 'DescribeStreamSummary',
          code: 'AccessDeniedException',
          message: 'denied by the test',
        },
      ],
      expect: [{ resourceId: 'orders', status: 'UNKNOWN', messageId: 'collectionFailed' }],
    },
    {
      name: 'several streams are each judged on their own',
      items: [stream('c-unread', undefined), stream('b-plain', { EncryptionType: 'NONE' }), stream('a-kms', { EncryptionType: 'KMS', KeyId: KEY })],
      expect: [
        { resourceId: 'a-kms', status: 'PASS', messageId: 'encrypted' },
        { resourceId: 'b-plain', status: 'FAIL', messageId: 'unencrypted' },
        { resourceId: 'c-unread', status: 'UNKNOWN', messageId: 'missing' },
      ],
    },
  ],
  {
    noNotApplicable: 'every Kinesis data stream keeps its records at rest for its retention period, so every stream is judged',
  },
);
