/**
 * A resource a collector named in an error but could not deliver (an item that failed validation,
 * a bucket deleted between its listing and its reads) is UNKNOWN in the report, never invisible.
 */
import { describe, expect, it } from '@jest/globals';
import { catalog } from '../../rules/index.js';
import { runCase } from '../support/rule-tester.js';
import { ACCOUNT, REGION, item } from '../support/items.js';

const rule = catalog.find((candidate) => candidate.meta.id === 'sqs-queue-encrypted');
if (rule === undefined) throw new Error('no sqs-queue-encrypted rule');

const queue = (name: string) => item('AWS::SQS::Queue', name, { queueName: name, sqsManagedSseEnabled: true });

describe('resources named by an error but not in the inventory', () => {
  it('are UNKNOWN with the failed call, once each, beside the resources that were read', () => {
    const evaluations = runCase(rule, {
      name: 'x',
      items: [queue('orders')],
      expect: [],
      failed: [
        {
          accountId: ACCOUNT,
          region: REGION,
          resourceTypes: ['AWS::SQS::Queue'],
          resourceIds: ['invoices', 'orders'],
          service: 'sqs',
          operation: 'GetQueueAttributes',
          code: 'QueueDoesNotExist',
          message: 'gone between the listing and the read',
        },
      ],
    });
    expect(evaluations.map((evaluation) => [evaluation.resource.id, evaluation.status, evaluation.messageId])).toEqual([
      ['orders', 'UNKNOWN', 'collectionFailed'],
      ['invoices', 'UNKNOWN', 'collectionFailed'],
    ]);
    expect(evaluations[1]?.message).toContain('sqs:GetQueueAttributes in eu-west-1 failed (QueueDoesNotExist');
  });
});
