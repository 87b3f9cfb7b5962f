/**
 * sqs-queue-encrypted: SQS queues encrypt messages at rest, with SQS managed keys (SSE-SQS,
 * `SqsManagedSseEnabled`) or with a KMS key (SSE-KMS, `KmsMasterKeyId`).
 *
 * AWS Config and the live collector record `SqsManagedSseEnabled` as the string "true" / "false"
 * that GetQueueAttributes returns; a boolean is accepted too. A queue with no KMS key and no
 * recorded SSE-SQS setting is UNKNOWN, never failed.
 */
import { defineRule } from '../lib/define-rule.js';

/** `SqsManagedSseEnabled` read as a boolean; undefined when absent or not a recognised value. */
function sqsManaged(value: string | boolean | null | undefined): boolean | undefined {
  if (typeof value === 'boolean') return value;
  const text = value?.trim().toLowerCase();
  if (text === 'true') return true;
  if (text === 'false') return false;
  return undefined;
}

export default defineRule({
  meta: {
    id: 'sqs-queue-encrypted',
    gate: 'encryption',
    title: 'SQS queues are encrypted at rest',
    // FSBP rates SQS.1 MEDIUM; matching it keeps this finding and Security Hub's own SQS.1
    // finding for the same queue at one severity.
    severity: 'MEDIUM',
    priority: 'P1',
    resourceTypes: ['AWS::SQS::Queue'],
    controls: ['SQS.1'],
    remediation: {
      text:
        'Turn on server-side encryption for the queue: SSE-SQS (SqsManagedSseEnabled), or SSE-KMS with a KMS key ' +
        '(KmsMasterKeyId) where the key policy must control who reads the messages.',
      url: 'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-configure-sse-existing-queue.html',
    },
    messages: {
      sseKms: 'SQS queue {{queue}} is encrypted at rest with KMS key {{key}} (SSE-KMS).',
      sseSqs: 'SQS queue {{queue}} is encrypted at rest with SQS managed keys (SSE-SQS).',
      unencrypted: 'SQS queue {{queue}} is not encrypted at rest: neither SSE-SQS nor SSE-KMS is on.',
      missing: 'SQS queue {{queue}} has no KMS key and no recorded SSE-SQS setting.',
      unrecognised: 'SQS queue {{queue}} has no KMS key and records SqsManagedSseEnabled as "{{value}}", which is neither true nor false.',
    },
  },
  check(item, context) {
    // The queue's name is the last path segment of its URL (the resource id, as the collector records it).
    const url = item.configuration.QueueUrl ?? item.resourceId;
    const queue = url.slice(url.lastIndexOf('/') + 1);
    const key = item.configuration.KmsMasterKeyId?.trim();
    if (key !== undefined && key !== '') return context.pass('sseKms', { queue, key });
    const recorded = item.configuration.SqsManagedSseEnabled;
    const managed = sqsManaged(recorded);
    if (managed === true) return context.pass('sseSqs', { queue });
    if (managed === false) return context.fail('unencrypted', { queue });
    if (recorded === undefined || recorded === null) return context.unknown('missing', { queue });
    return context.unknown('unrecognised', { queue, value: String(recorded) });
  },
});
