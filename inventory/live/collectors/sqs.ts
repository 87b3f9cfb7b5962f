/**
 * SQS queues as AWS Config records them (AWS::SQS::Queue, PascalCase attribute names).
 *
 * ListQueues (1000 per page) is the inventory; SQS has no bulk call for queue attributes, so
 * GetQueueAttributes runs once per queue, each in its own `attempt` scoped to that queue. Tags
 * come from the Resource Groups Tagging API (ListQueues carries none).
 *
 * A change event reads only the queues it names, by URL (describeNamed): one that answers
 * QueueDoesNotExist is gone, and absent.
 *
 * A listed queue never vanishes from the report: one whose GetQueueAttributes answers
 * QueueDoesNotExist (deleted between ListQueues and that call) is recorded as that call's error for
 * it, like any failed read, and emitted with what the listing gave, so its rules are UNKNOWN for it.
 *
 * AWS Config's published schema types `FifoQueue`, `ContentBasedDeduplication` and
 * `SqsManagedSseEnabled` as strings — the `"true"` / `"false"` that GetQueueAttributes returns —
 * and the numeric attributes as integers; the items carry them so.
 */
import { GetQueueAttributesCommand, ListQueuesCommand, QueueDoesNotExist, SQSClient, type QueueAttributeName } from '@aws-sdk/client-sqs';
import type { ResourceType } from '../../../model/configuration-item.js';
import { arnOf, taggingFilter } from '../../../model/resource-types/index.js';
import { namedResources, type CollectContext, type Collector, type RawItem, type TagsByArn } from '../collector.js';
import { describeEach, describeNamed, goneOn, listedThenFailed } from './describe-each.js';

const QUEUE = 'AWS::SQS::Queue' as const satisfies ResourceType;

type Attributes = Readonly<Record<string, string>>;

/** GetQueueAttributes' answer for a queue that does not exist. */
const QUEUE_DOES_NOT_EXIST = 'QueueDoesNotExist';

/** Attributes AWS Config records as strings. */
const STRING_ATTRIBUTES = ['QueueArn', 'KmsMasterKeyId', 'SqsManagedSseEnabled', 'FifoQueue', 'ContentBasedDeduplication', 'DeduplicationScope', 'FifoThroughputLimit'] as const;
/** Attributes AWS Config records as integers (GetQueueAttributes gives strings). */
const INTEGER_ATTRIBUTES = ['DelaySeconds', 'MaximumMessageSize', 'MessageRetentionPeriod', 'ReceiveMessageWaitTimeSeconds', 'VisibilityTimeout', 'KmsDataKeyReusePeriodSeconds'] as const;
/** Attributes AWS Config records as dates (GetQueueAttributes gives epoch seconds). */
const DATE_ATTRIBUTES = ['CreatedTimestamp', 'LastModifiedTimestamp'] as const;

/** Exactly the attributes the configuration needs: no Policy, no message counts. */
export const QUEUE_ATTRIBUTE_NAMES: QueueAttributeName[] = [...STRING_ATTRIBUTES, ...INTEGER_ATTRIBUTES, ...DATE_ATTRIBUTES];

function integer(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const number = Number(value);
  return Number.isInteger(number) ? number : undefined;
}

function epochSeconds(value: string | undefined): string | undefined {
  const seconds = integer(value);
  return seconds === undefined ? undefined : new Date(seconds * 1000).toISOString();
}

/** The queue's name: the last path segment of its URL. */
export function queueName(queueUrl: string): string {
  return queueUrl.slice(queueUrl.lastIndexOf('/') + 1);
}

export function queueConfiguration(queueUrl: string, attributes: Attributes): Record<string, unknown> {
  const configuration: Record<string, unknown> = { QueueUrl: queueUrl, QueueName: queueName(queueUrl) };
  for (const name of STRING_ATTRIBUTES) {
    const value = attributes[name];
    if (value !== undefined) configuration[name] = value;
  }
  for (const name of INTEGER_ATTRIBUTES) {
    const value = integer(attributes[name]);
    if (value !== undefined) configuration[name] = value;
  }
  for (const name of DATE_ATTRIBUTES) {
    const value = epochSeconds(attributes[name]);
    if (value !== undefined) configuration[name] = value;
  }
  return configuration;
}

/** The item of a queue; `attributes` absent when GetQueueAttributes failed (the recorded error makes it UNKNOWN). */
export function queueItem(context: CollectContext, queueUrl: string, attributes: Attributes | undefined, tags: TagsByArn): RawItem {
  const name = queueName(queueUrl);
  const arn = attributes?.['QueueArn'] ?? arnOf(QUEUE, context, name);
  return {
    resourceType: QUEUE,
    resourceId: queueUrl,
    resourceName: name,
    ARN: arn,
    availabilityZone: 'Regional',
    resourceCreationTime: epochSeconds(attributes?.['CreatedTimestamp']),
    tags: tags.get(arn) ?? {},
    configuration: queueConfiguration(queueUrl, attributes ?? {}),
  };
}

async function listQueues(context: CollectContext, sqs: SQSClient): Promise<string[]> {
  const urls: string[] = [];
  await context.attempt([QUEUE], async () => {
    const pages = context.pages(
      'ListQueues',
      (NextToken) => sqs.send(new ListQueuesCommand({ MaxResults: 1000, NextToken })),
      (page) => page.NextToken,
    );
    for await (const page of pages) urls.push(...(page.QueueUrls ?? []));
  });
  return urls;
}

/**
 * The queue's attributes; a failure — QueueDoesNotExist included — throws, recorded for this queue
 * by its `attempt`. `listed`: the queue came from ListQueues, so not-found means deleted since.
 */
async function readQueue(context: CollectContext, sqs: SQSClient, queueUrl: string, listed = true): Promise<Attributes> {
  const output = await context
    .call('GetQueueAttributes', () => sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: QUEUE_ATTRIBUTE_NAMES })))
    .catch((error: unknown) => {
      if (!listed) throw error;
      throw listedThenFailed(error, { resource: `queue ${queueUrl}`, listing: 'ListQueues', notFound: QUEUE_DOES_NOT_EXIST, isNotFound: (cause) => cause instanceof QueueDoesNotExist });
    });
  // An answer without attributes is no description: record it, never judge on nothing.
  if (output.Attributes === undefined) throw new Error(`GetQueueAttributes returned no attributes for ${queueUrl}`);
  return output.Attributes;
}

/**
 * GetQueueAttributes' answers for a queue that does not exist: the JSON protocol's exception, and
 * the query protocol's code (SQS still sends it in the x-amzn-query-error header).
 */
const QUEUE_GONE = [QUEUE_DOES_NOT_EXIST, 'AWS.SimpleQueueService.NonExistentQueue'];

export const sqsCollector: Collector = {
  service: 'sqs',
  produces: [QUEUE],
  async collect(context, types) {
    if (!types.has(QUEUE)) return;
    const sqs = context.client(SQSClient);
    const named = namedResources(context, QUEUE);
    if (named !== undefined) {
      // A change event names queues by URL (their id): GetQueueAttributes on each, no listing.
      await describeNamed(context, {
        type: QUEUE,
        named: [...new Set(named.map((resource) => resource.resourceId))],
        resourceId: (url) => url,
        read: (url) =>
          readQueue(context, sqs, url, false).catch((error: unknown) => goneOn(error, QUEUE_GONE, (cause) => cause instanceof QueueDoesNotExist)),
        arn: (url, detail) => detail?.['QueueArn'] ?? arnOf(QUEUE, context, queueName(url)),
        item: (url, detail, tags) => queueItem(context, url, detail, tags),
      });
      return;
    }
    const urls = await listQueues(context, sqs);
    await describeEach(context, {
      type: QUEUE,
      tagFilters: [taggingFilter(QUEUE)],
      listed: urls,
      resourceId: (url) => url,
      read: (url) => readQueue(context, sqs, url),
      item: (url, detail, tags) => queueItem(context, url, detail, tags),
    });
  },
};
