/**
 * Publishing a built message on an SNS topic: throttling is retried with full-jitter backoff,
 * any other failure is thrown with the topic and the error code (the SDK error as `cause`).
 */
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { InputError } from '../model/input-error.js';
import { asAwsError, errorCode, isThrottling } from '../aws/errors.js';
import { SNS_MAX_PAYLOAD_BYTES, payloadBytes, type SnsMessage } from './notification.js';
import { fullJitter, retryThrottled } from '../aws/retry.js';

export interface PublishOptions {
  /** Waits before a retry; tests pass a no-op. */
  readonly sleep?: ((milliseconds: number) => Promise<void>) | undefined;
  /** Retries of a throttled publish, after the SDK's own attempts. Default {@link DEFAULT_PUBLISH_RETRIES}. */
  readonly retries?: number | undefined;
  /** A number in [0, 1) for the jitter; default `Math.random`. */
  readonly random?: (() => number) | undefined;
}

export const DEFAULT_PUBLISH_RETRIES = 4;
const BACKOFF_BASE_MS = 500;
const BACKOFF_CAP_MS = 20_000;

/** Full jitter: a random wait up to base · 2^retry, capped. */
export function publishBackoff(retry: number, random: () => number = Math.random): number {
  return fullJitter(retry, { baseMs: BACKOFF_BASE_MS, capMs: BACKOFF_CAP_MS }, random);
}

const TOPIC_ARN = /^arn:(aws[a-z-]*):sns:([a-z]{2}(?:-[a-z]+)+-\d+):(\d{12}):([A-Za-z0-9_-]{1,256}(?:\.fifo)?)$/;

/**
 * The Region of an SNS topic ARN (`arn:PARTITION:sns:REGION:ACCOUNT:NAME`): where its client must be.
 * @throws {InputError} when the value is not an SNS topic ARN.
 */
export function topicRegion(topicArn: string): string {
  const region = TOPIC_ARN.exec(topicArn)?.[2];
  if (region === undefined) throw new InputError(`SNS topic ARN ${JSON.stringify(topicArn)} is not of the form arn:PARTITION:sns:REGION:ACCOUNT:NAME (e.g. arn:aws:sns:eu-west-1:111122223333:gatewatch-alerts)`);
  return region;
}


/**
 * Publishes `message` on the topic with its attributes; returns SNS's MessageId.
 * @throws {InputError} when `topicArn` is not an SNS topic ARN.
 * @throws {Error} naming the topic and the error code (the SDK error as `cause`) when SNS refuses
 *   the message, when throttling outlasts the retries, when the message is over SNS's size limit,
 *   or when SNS returns no MessageId.
 */
export async function publish(client: SNSClient, topicArn: string, message: SnsMessage, options: PublishOptions = {}): Promise<string> {
  topicRegion(topicArn);
  const retries = options.retries ?? DEFAULT_PUBLISH_RETRIES;
  if (!Number.isInteger(retries) || retries < 0) throw new Error(`retries must be a non-negative integer, got ${retries}`);
  const bytes = payloadBytes(message);
  if (bytes > SNS_MAX_PAYLOAD_BYTES) throw new Error(`message for SNS topic ${topicArn} is ${bytes} bytes, more than SNS's ${SNS_MAX_PAYLOAD_BYTES}`);
  let output;
  try {
    output = await retryThrottled(
      () => client.send(new PublishCommand({ TopicArn: topicArn, Message: message.message, MessageAttributes: message.attributes })),
      { retries, baseMs: BACKOFF_BASE_MS, capMs: BACKOFF_CAP_MS, firstRetry: 1, sleep: options.sleep, random: options.random },
    );
  } catch (error) {
    const code = errorCode(error);
    const detail = asAwsError(error).message ?? '';
    if (isThrottling(error)) throw new Error(`publishing to SNS topic ${topicArn} failed with ${code}: still throttled after ${retries + 1} attempts`, { cause: error });
    throw new Error(`publishing to SNS topic ${topicArn} failed with ${code}${detail === '' ? '' : `: ${detail}`}`, { cause: error });
  }
  if (output.MessageId === undefined || output.MessageId === '') throw new Error(`publishing to SNS topic ${topicArn} returned no MessageId`);
  return output.MessageId;
}
