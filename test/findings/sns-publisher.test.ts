import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { InputError } from '../../model/input-error.js';
import { buildAlert, SNS_MAX_PAYLOAD_BYTES, type SnsMessage } from '../../findings/notification.js';
import { DEFAULT_PUBLISH_RETRIES, publish, publishBackoff, topicRegion } from '../../findings/sns-publisher.js';
import { awsError } from '../../testkit/live.js';

const TOPIC = 'arn:aws:sns:eu-west-1:111122223333:gatewatch-alerts';
const sns = mockClient(SNSClient);
const client = new SNSClient({ region: 'eu-west-1', maxAttempts: 1 });

const MESSAGE: SnsMessage = buildAlert({
  accountId: '111122223333',
  region: 'eu-west-1',
  maxListed: 5,
  entries: [
    {
      ruleId: 'rds-encrypted',
      gate: 'encryption',
      severity: 'HIGH',
      resource: 'arn:aws:rds:eu-west-1:111122223333:db:orders',
      resourceName: 'orders',
      message: 'not encrypted',
      remediation: { text: 'Encrypt it.', url: 'https://docs.aws.amazon.com/x' },
    },
  ],
});

function recordingSleep() {
  return jest.fn(async (_milliseconds: number) => undefined);
}

describe('publish', () => {
  beforeEach(() => {
    sns.reset();
  });

  it('publishes the message with its attributes on the topic and returns the MessageId', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'message-1' });
    const sleep = recordingSleep();
    await expect(publish(client, TOPIC, MESSAGE, { sleep })).resolves.toBe('message-1');
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    expect(sns).toHaveReceivedNthCommandWith(1, PublishCommand, { TopicArn: TOPIC, Message: MESSAGE.message, MessageAttributes: MESSAGE.attributes });
    expect(sleep).not.toHaveBeenCalled();
  });

  it('retries a throttled publish after a full-jitter wait', async () => {
    sns.on(PublishCommand).rejectsOnce(awsError('ThrottlingException')).resolves({ MessageId: 'message-2' });
    const sleep = recordingSleep();
    await expect(publish(client, TOPIC, MESSAGE, { sleep, random: () => 0.5 })).resolves.toBe('message-2');
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 2);
    expect(sns).toHaveReceivedNthCommandWith(2, PublishCommand, { TopicArn: TOPIC, Message: MESSAGE.message });
    expect(sleep.mock.calls).toEqual([[500]]);
  });

  it('rejects at once, naming the topic and the error code, when SNS refuses', async () => {
    const refusal = awsError('AuthorizationErrorException', 'not allowed to publish');
    sns.on(PublishCommand).rejects(refusal);
    const sleep = recordingSleep();
    const failure = publish(client, TOPIC, MESSAGE, { sleep });
    await expect(failure).rejects.toThrow(`publishing to SNS topic ${TOPIC} failed with AuthorizationErrorException: not allowed to publish`);
    await expect(failure).rejects.toMatchObject({ cause: refusal });
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    expect(sleep).not.toHaveBeenCalled();
  });

  it('gives up after retries + 1 calls when throttling never ends, waiting longer each time', async () => {
    sns.on(PublishCommand).rejects(awsError('ThrottlingException'));
    const sleep = recordingSleep();
    const failure = publish(client, TOPIC, MESSAGE, { sleep, retries: 2, random: () => 0.5 });
    await expect(failure).rejects.toThrow(`publishing to SNS topic ${TOPIC} failed with ThrottlingException: still throttled after 3 attempts`);
    await expect(failure).rejects.toMatchObject({ cause: { name: 'ThrottlingException' } });
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 3);
    expect(sleep.mock.calls).toEqual([[500], [1_000]]);
  });

  it(`retries ${DEFAULT_PUBLISH_RETRIES} times by default`, async () => {
    sns.on(PublishCommand).rejects(awsError('Throttling', 'Rate exceeded', { $metadata: { httpStatusCode: 400 } }));
    await expect(publish(client, TOPIC, MESSAGE, { sleep: async () => undefined })).rejects.toThrow('Throttling');
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, DEFAULT_PUBLISH_RETRIES + 1);
  });

  it('refuses a topic that is not an SNS topic ARN and an oversized message without calling SNS', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'never' });
    await expect(publish(client, 'gatewatch-alerts', MESSAGE)).rejects.toBeInstanceOf(InputError);
    const oversized: SnsMessage = { message: 'x'.repeat(SNS_MAX_PAYLOAD_BYTES), attributes: MESSAGE.attributes };
    await expect(publish(client, TOPIC, oversized)).rejects.toThrow(`more than SNS's ${SNS_MAX_PAYLOAD_BYTES}`);
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 0);
  });

  it('rejects when SNS returns no MessageId', async () => {
    sns.on(PublishCommand).resolves({});
    await expect(publish(client, TOPIC, MESSAGE, { sleep: async () => undefined })).rejects.toThrow(`SNS topic ${TOPIC} returned no MessageId`);
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
  });
});

describe('publishBackoff', () => {
  it('waits a random share of a doubling, capped ceiling', () => {
    expect(publishBackoff(1, () => 0.999)).toBeCloseTo(999);
    expect(publishBackoff(3, () => 1)).toBe(4_000);
    expect(publishBackoff(20, () => 1)).toBe(20_000);
    expect(publishBackoff(4, () => 0)).toBe(0);
  });
});

describe('topicRegion', () => {
  it.each([
    [TOPIC, 'eu-west-1'],
    ['arn:aws-cn:sns:cn-north-1:111122223333:alerts', 'cn-north-1'],
    ['arn:aws-us-gov:sns:us-gov-west-1:111122223333:alerts_2', 'us-gov-west-1'],
    ['arn:aws:sns:us-east-1:111122223333:alerts.fifo', 'us-east-1'],
  ])('finds the Region of %s', (arn, region) => {
    expect(topicRegion(arn)).toBe(region);
  });

  it.each([
    'gatewatch-alerts',
    'arn:aws:sqs:eu-west-1:111122223333:queue',
    'arn:aws:sns:eu-west-1:1111:alerts',
    'arn:aws:sns::111122223333:alerts',
    'arn:aws:sns:eu-west-1:111122223333:alerts:subscription-id',
    'arn:aws:sns:eu-west-1:111122223333:',
  ])('refuses %s with an InputError naming the value and the expected form', (value) => {
    expect(() => topicRegion(value)).toThrow(InputError);
    expect(() => topicRegion(value)).toThrow(`SNS topic ARN ${JSON.stringify(value)} is not of the form arn:PARTITION:sns:REGION:ACCOUNT:NAME`);
  });
});
