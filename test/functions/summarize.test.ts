import { afterAll, beforeEach, describe, expect, it } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import { PublishCommand } from '@aws-sdk/client-sns';
import { emptyDigest, type RunDigest } from '../../findings/digest.js';
import { createHandler } from '../../functions/summarize.js';
import { awsError } from '../../testkit/live.js';
import { context, NotifierSNSClient, testDependencies, TOPIC } from './support.js';

const sns = mockClient(NotifierSNSClient);
afterAll(() => sns.restore());
beforeEach(() => {
  sns.reset();
  sns.on(PublishCommand).resolves({ MessageId: 'digest-1' });
});

function digestOf(accountId: string, region: string, encryptionHigh: number, newFailures: number): RunDigest {
  const empty = emptyDigest();
  return {
    ...empty,
    targets: 1,
    accounts: [accountId],
    regions: [region],
    failing: { ...empty.failing, encryption: { ...empty.failing.encryption, HIGH: encryptionHigh } },
    newFailures,
    stillFailing: encryptionHigh - newFailures,
    topResources: [{ resource: `arn:aws:s3:::bucket-${region}`, name: `bucket-${region}`, accountId, region, failures: encryptionHigh, highest: 'HIGH' }],
  };
}

describe('summarize', () => {
  it('merges the digests the targets kept and names every target that failed or left none', async () => {
    const deps = testDependencies();
    await deps.digests.put('run-1', '111122223333/eu-west-1', digestOf('111122223333', 'eu-west-1', 3, 1), new Date());
    await deps.digests.put('run-1', '111122223333/us-east-1', digestOf('111122223333', 'us-east-1', 2, 2), new Date());
    const summary = await createHandler(deps)(
      {
        runId: 'run-1',
        startedAt: '2026-11-23T02:00:00.000Z',
        results: [
          { target: '111122223333/eu-west-1', ok: true, failing: 3 },
          { target: '111122223333/us-east-1', ok: true, failing: 2 },
          { target: '444455556666/eu-west-1', ok: false, failure: { Error: 'States.TaskFailed', Cause: '{"errorMessage":"AccessDenied: sts:AssumeRole"}' } },
          { target: '555566667777/eu-west-1', ok: false, failure: { Error: 'States.Timeout' } },
          { target: '444455556666/us-east-1', ok: true, failing: 0 },
        ],
      },
      context,
    );
    expect(summary).toEqual({ runId: 'run-1', targets: 5, failedTargets: 2, failing: 5, messageId: 'digest-1' });
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    const input = sns.commandCalls(PublishCommand)[0]?.args[0].input;
    expect(input?.TopicArn).toBe(TOPIC);
    expect(input?.MessageAttributes?.['eventType']).toEqual({ DataType: 'String', StringValue: 'RunDigest' });
    const message = JSON.parse(input?.Message ?? '{}') as { content: { title: string; description: string } };
    expect(message.content.title).toBe('gatewatch nightly: 5 failing (3 new, 0 resolved)');
    expect(message.content.description).toContain('444455556666/eu-west-1: not scanned — States.TaskFailed (AccessDenied: sts:AssumeRole)');
    expect(message.content.description).toContain('444455556666/us-east-1: finished but left no digest');
    expect(message.content.description).toContain('555566667777/eu-west-1: not scanned — States.Timeout');
  });

  it('rejects a malformed input, and fails (to be retried) when SNS refuses', async () => {
    await expect(createHandler(testDependencies())({ runId: 'r', results: [] }, context)).rejects.toThrow(/summarize: invalid input — startedAt/);
    sns.on(PublishCommand).rejects(awsError('AuthorizationErrorException'));
    await expect(createHandler(testDependencies())({ runId: 'r', startedAt: 'now', results: [] }, context)).rejects.toThrow(/AuthorizationErrorException/);
  });
});

describe('causeMessage', () => {
  it('takes the errorMessage of a Lambda error payload, and any other Cause as it is', async () => {
    const { causeMessage } = await import('../../functions/summarize.js');
    expect(causeMessage('{"errorType":"InputError","errorMessage":"cannot identify the AWS account","trace":["x"]}')).toBe('cannot identify the AWS account');
    expect(causeMessage('Task timed out after 900.00 seconds')).toBe('Task timed out after 900.00 seconds');
    expect(causeMessage('{"other":1}')).toBe('{"other":1}');
  });
});
