import rule from '../../../rules/encryption/sqs-queue-encrypted.js';
import { ACCOUNT, REGION, item } from '../../support/items.js';
import { testRule } from '../../support/rule-tester.js';

const urlOf = (name: string) => `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/${name}`;
const KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

/** A queue as the collector and AWS Config record it: id its URL, SqsManagedSseEnabled a string. */
const queue = (name: string, configuration: Record<string, unknown>) =>
  item('AWS::SQS::Queue', urlOf(name), { QueueUrl: urlOf(name), QueueName: name, ...configuration }, {
    resourceName: name,
    ARN: `arn:aws:sqs:${REGION}:${ACCOUNT}:${name}`,
  });

testRule(
  rule,
  [
    {
      name: 'a queue with SSE-SQS passes',
      items: [queue('orders', { SqsManagedSseEnabled: 'true' })],
      expect: [{ resourceId: urlOf('orders'), status: 'PASS', messageId: 'sseSqs', data: { queue: 'orders' } }],
    },
    {
      name: 'a queue with SSE-KMS passes and names its key',
      items: [queue('orders', { KmsMasterKeyId: KEY, SqsManagedSseEnabled: 'false' })],
      expect: [{ resourceId: urlOf('orders'), status: 'PASS', messageId: 'sseKms', data: { queue: 'orders', key: KEY } }],
    },
    {
      name: 'a queue with the AWS managed key alias passes',
      items: [queue('orders', { KmsMasterKeyId: 'alias/aws/sqs' })],
      expect: [{ resourceId: urlOf('orders'), status: 'PASS', messageId: 'sseKms', data: { key: 'alias/aws/sqs' } }],
    },
    {
      name: 'a queue with neither SSE-SQS nor a KMS key fails',
      items: [queue('orders', { SqsManagedSseEnabled: 'false' })],
      expect: [{ resourceId: urlOf('orders'), status: 'FAIL', messageId: 'unencrypted', data: { queue: 'orders' } }],
    },
    {
      name: 'SqsManagedSseEnabled as a boolean is read too',
      items: [queue('a-bool', { SqsManagedSseEnabled: true }), queue('b-bool', { SqsManagedSseEnabled: false })],
      expect: [
        { resourceId: urlOf('a-bool'), status: 'PASS', messageId: 'sseSqs' },
        { resourceId: urlOf('b-bool'), status: 'FAIL', messageId: 'unencrypted' },
      ],
    },
    {
      name: 'an empty KmsMasterKeyId is no key',
      items: [queue('orders', { KmsMasterKeyId: '', SqsManagedSseEnabled: 'false' })],
      expect: [{ resourceId: urlOf('orders'), status: 'FAIL', messageId: 'unencrypted' }],
    },
    {
      name: 'a queue with no KMS key and no recorded SSE-SQS setting is unknown, not failed',
      items: [queue('orders', { KmsMasterKeyId: null })],
      expect: [{ resourceId: urlOf('orders'), status: 'UNKNOWN', messageId: 'missing', data: { queue: 'orders' } }],
    },
    {
      name: 'an SqsManagedSseEnabled that is neither true nor false is unknown and named',
      items: [queue('orders', { SqsManagedSseEnabled: 'enabled' })],
      expect: [{ resourceId: urlOf('orders'), status: 'UNKNOWN', messageId: 'unrecognised', data: { value: 'enabled' } }],
    },
    {
      name: 'queues that could not be listed are unknown for the scope',
      items: [],
      failed: ['AWS::SQS::Queue'],
      expect: [{ resourceId: '*', status: 'UNKNOWN', messageId: 'listFailed' }],
    },
    {
      name: 'several queues are each judged on their own, in ARN order',
      items: [
        queue('d-queue', {}),
        queue('c-queue', { SqsManagedSseEnabled: 'false' }),
        queue('b-queue', { KmsMasterKeyId: KEY }),
        queue('a-queue', { SqsManagedSseEnabled: 'true' }),
      ],
      expect: [
        { resourceId: urlOf('a-queue'), status: 'PASS', messageId: 'sseSqs' },
        { resourceId: urlOf('b-queue'), status: 'PASS', messageId: 'sseKms' },
        { resourceId: urlOf('c-queue'), status: 'FAIL', messageId: 'unencrypted', data: { queue: 'c-queue' } },
        { resourceId: urlOf('d-queue'), status: 'UNKNOWN', messageId: 'missing' },
      ],
    },
  ],
  { noNotApplicable: 'every SQS queue holds messages that server-side encryption can protect; none is outside this rule' },
);
