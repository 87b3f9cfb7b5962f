/**
 * sns-topic-encrypted: SNS topics encrypt messages at rest with a KMS key (server-side
 * encryption). Any KMS key counts, the AWS managed `alias/aws/sns` too.
 *
 * SNS reports a topic without server-side encryption by leaving `KmsMasterKeyId` out (AWS Config
 * writes null), so its absence is a FAIL — but only on a topic whose attributes were recorded
 * (its `TopicArn` is there); a topic whose attributes could not be read is UNKNOWN (the live
 * collector records that failure for the topic, and the engine reports it).
 */
import { defineRule } from '../lib/define-rule.js';

export default defineRule({
  meta: {
    id: 'sns-topic-encrypted',
    gate: 'encryption',
    title: 'SNS topics are encrypted at rest with a KMS key',
    // FSBP rates SNS.1 MEDIUM; matching it keeps this finding and Security Hub's own SNS.1
    // finding for the same topic at one severity.
    severity: 'MEDIUM',
    priority: 'P1',
    resourceTypes: ['AWS::SNS::Topic'],
    controls: ['SNS.1'],
    remediation: {
      text:
        'Turn on server-side encryption for the topic (attribute KmsMasterKeyId: a customer managed KMS key, or ' +
        'alias/aws/sns). With a customer managed key, let the publishing services use it in the key policy first.',
      url: 'https://docs.aws.amazon.com/sns/latest/dg/sns-enable-encryption-for-topic.html',
    },
    messages: {
      encrypted: 'SNS topic {{topic}} is encrypted at rest with KMS key {{key}}.',
      unencrypted: 'SNS topic {{topic}} has no KMS key: its messages are not encrypted with server-side encryption.',
      missing: 'SNS topic {{topic}} has no recorded attributes, so its encryption cannot be judged.',
    },
  },
  check(item, context) {
    const arn = item.configuration.TopicArn;
    const source = arn ?? item.ARN ?? item.resourceId;
    const topic = source.slice(source.lastIndexOf(':') + 1);
    const key = item.configuration.KmsMasterKeyId?.trim();
    if (key !== undefined && key !== '') return context.pass('encrypted', { topic, key });
    if (arn === undefined || arn === null) return context.unknown('missing', { topic });
    return context.fail('unencrypted', { topic });
  },
});
