import rule from '../../../rules/encryption/sns-topic-encrypted.js';
import { ACCOUNT, REGION, item } from '../../support/items.js';
import { testRule } from '../../support/rule-tester.js';

const arnOf = (name: string) => `arn:aws:sns:${REGION}:${ACCOUNT}:${name}`;
const KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

/** A topic as SNS reports it: its ARN always, `KmsMasterKeyId` only when server-side encryption is on. */
const topic = (name: string, configuration: Record<string, unknown> = { TopicArn: arnOf(name) }) =>
  item('AWS::SNS::Topic', arnOf(name), configuration, { resourceName: name, ARN: arnOf(name) });

testRule(
  rule,
  [
    {
      name: 'a topic with a customer managed KMS key passes',
      items: [topic('orders', { TopicArn: arnOf('orders'), KmsMasterKeyId: KEY })],
      expect: [{ resourceId: arnOf('orders'), status: 'PASS', messageId: 'encrypted', data: { topic: 'orders', key: KEY } }],
    },
    {
      name: 'a topic with the AWS managed key alias passes',
      items: [topic('orders', { TopicArn: arnOf('orders'), KmsMasterKeyId: 'alias/aws/sns' })],
      expect: [{ resourceId: arnOf('orders'), status: 'PASS', messageId: 'encrypted', data: { key: 'alias/aws/sns' } }],
    },
    {
      name: 'a topic without a KMS key fails',
      items: [topic('orders')],
      expect: [{ resourceId: arnOf('orders'), status: 'FAIL', messageId: 'unencrypted', data: { topic: 'orders' } }],
    },
    {
      name: 'a topic whose KmsMasterKeyId AWS Config wrote as null fails',
      items: [topic('orders', { TopicArn: arnOf('orders'), KmsMasterKeyId: null })],
      expect: [{ resourceId: arnOf('orders'), status: 'FAIL', messageId: 'unencrypted' }],
    },
    {
      name: 'an empty KmsMasterKeyId (encryption removed) fails',
      items: [topic('orders', { TopicArn: arnOf('orders'), KmsMasterKeyId: '  ' })],
      expect: [{ resourceId: arnOf('orders'), status: 'FAIL', messageId: 'unencrypted' }],
    },
    {
      name: 'a topic with no recorded attributes is unknown, not failed',
      items: [topic('orders', {})],
      expect: [{ resourceId: arnOf('orders'), status: 'UNKNOWN', messageId: 'missing', data: { topic: 'orders' } }],
    },
    {
      name: 'a topic whose attributes could not be read is unknown, not failed',
      items: [topic('orders'), topic('alerts', { TopicArn: arnOf('alerts'), KmsMasterKeyId: KEY })],
      failed: [
        {
          accountId: ACCOUNT,
          region: REGION,
          resourceTypes: ['AWS::SNS::Topic'],
          service: 'sns',
          operation: 'GetTopicAttributes',
          code: 'AuthorizationError',
          message: 'not authorized',
          resourceIds: [arnOf('orders')],
        },
      ],
      expect: [
        { resourceId: arnOf('alerts'), status: 'PASS', messageId: 'encrypted' },
        { resourceId: arnOf('orders'), status: 'UNKNOWN', messageId: 'collectionFailed' },
      ],
    },
    {
      name: 'topics that could not be listed are unknown for the scope',
      items: [],
      failed: ['AWS::SNS::Topic'],
      expect: [{ resourceId: '*', status: 'UNKNOWN', messageId: 'listFailed' }],
    },
    {
      name: 'several topics are each judged on their own, in ARN order',
      items: [topic('c-topic', {}), topic('b-topic'), topic('a-topic', { TopicArn: arnOf('a-topic'), KmsMasterKeyId: KEY })],
      expect: [
        { resourceId: arnOf('a-topic'), status: 'PASS', messageId: 'encrypted' },
        { resourceId: arnOf('b-topic'), status: 'FAIL', messageId: 'unencrypted', data: { topic: 'b-topic' } },
        { resourceId: arnOf('c-topic'), status: 'UNKNOWN', messageId: 'missing', data: { topic: 'c-topic' } },
      ],
    },
  ],
  { noNotApplicable: 'every SNS topic holds messages that server-side encryption can protect; none is outside this rule' },
);
