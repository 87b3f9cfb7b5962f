/**
 * One BatchWriteItem batch (at most 25 requests), with its unprocessed items and throttling retried
 * under a policy: the finding-state store and the price cache write through it.
 */
import { BatchWriteItemCommand, type DynamoDBClient, type WriteRequest } from '@aws-sdk/client-dynamodb';
import { asAwsError, errorCode, isThrottling } from '../aws/errors.js';
import { retryRemaining, type RetryPolicy } from '../aws/retry.js';

/** What is still unwritten after the retries, and why (empty `left`: all written). */
export interface BatchWritten {
  readonly left: readonly WriteRequest[];
  readonly reason: string;
}

/** A failure other than throttling: `pending` requests of the batch were not written; `cause` is the SDK's error. */
export class BatchWriteError extends Error {
  override readonly name = 'BatchWriteError';
  constructor(
    readonly pending: number,
    override readonly cause: unknown,
  ) {
    super(`BatchWriteItem failed (${errorCode(cause)}: ${asAwsError(cause).message ?? 'no message'})`, { cause });
  }
}

/**
 * Writes one batch; retries what DynamoDB left unprocessed or throttled.
 * @throws {BatchWriteError} for any other failure (the caller decides whether it is fatal).
 */
export async function writeBatch(client: DynamoDBClient, tableName: string, batch: readonly WriteRequest[], policy: RetryPolicy): Promise<BatchWritten> {
  let reason = '';
  const left = await retryRemaining(
    batch,
    async (pending, { retry }) => {
      try {
        const output = await client.send(new BatchWriteItemCommand({ RequestItems: { [tableName]: [...pending] } }));
        reason = `BatchWriteItem left them unprocessed after ${retry + 1} attempts`;
        return output.UnprocessedItems?.[tableName] ?? [];
      } catch (error) {
        if (!isThrottling(error)) throw new BatchWriteError(pending.length, error);
        reason = `BatchWriteItem: ${errorCode(error)} after ${retry + 1} attempts (${asAwsError(error).message ?? 'no message'})`;
        return pending;
      }
    },
    policy,
  );
  return { left, reason };
}
