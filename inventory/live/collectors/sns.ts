/**
 * SNS topics as AWS Config records them (AWS::SNS::Topic, PascalCase attribute names).
 *
 * ListTopics (100 per page, no page-size parameter) is the inventory; SNS has no bulk call that
 * returns a topic's attributes, so GetTopicAttributes runs once per topic, each in its own
 * `attempt` scoped to that topic: a denied or failed call makes that topic alone UNKNOWN. Tags
 * come from the Resource Groups Tagging API (ListTopics carries none).
 *
 * A change event reads only the topics it names, by ARN (describeNamed): one that answers NotFound
 * is gone, and absent.
 *
 * A listed topic never vanishes from the report: one whose GetTopicAttributes answers
 * NotFoundException (deleted between ListTopics and that call) is recorded as that call's error for
 * it, like any failed read, and emitted with what the listing gave, so its rules are UNKNOWN for it.
 */
import { GetTopicAttributesCommand, ListTopicsCommand, NotFoundException, SNSClient } from '@aws-sdk/client-sns';
import type { ResourceType } from '../../../model/configuration-item.js';
import { taggingFilter } from '../../../model/resource-types/index.js';
import { namedResources, type CollectContext, type Collector, type RawItem } from '../collector.js';
import { describeEach, describeNamed, goneOn, listedThenFailed } from './describe-each.js';

const TOPIC = 'AWS::SNS::Topic' as const satisfies ResourceType;

type Attributes = Readonly<Record<string, string>>;

/** GetTopicAttributes' answer for a topic that does not exist. */
const NOT_FOUND = 'NotFoundException';

/** The same, as the SDK names it and as the query protocol's code (`NotFound`, HTTP 404). */
const TOPIC_GONE = [NOT_FOUND, 'NotFound'];

/** Delivery protocols whose status logging GetTopicAttributes reports (`<Protocol>SuccessFeedbackRoleArn`, …). */
const FEEDBACK_PROTOCOLS = ['Application', 'Firehose', 'HTTP', 'Lambda', 'SQS'] as const;

/** Attributes AWS Config records as strings (the published schema of AWS::SNS::Topic). */
const STRING_ATTRIBUTES: readonly string[] = [
  'TopicArn',
  'Owner',
  'DisplayName',
  'KmsMasterKeyId',
  'FifoTopic',
  'ContentBasedDeduplication',
  ...FEEDBACK_PROTOCOLS.flatMap((protocol) => [`${protocol}SuccessFeedbackRoleArn`, `${protocol}FailureFeedbackRoleArn`]),
];

/** Attributes AWS Config records as integers; GetTopicAttributes gives them as strings. */
const INTEGER_ATTRIBUTES: readonly string[] = FEEDBACK_PROTOCOLS.map((protocol) => `${protocol}SuccessFeedbackSampleRate`);

function integer(value: string): number | undefined {
  const number = Number(value);
  return value.trim() !== '' && Number.isInteger(number) ? number : undefined;
}

/** The topic's configuration: an explicit pick of the attributes the schema lists (no Policy, no counts). */
export function topicConfiguration(topicArn: string, attributes: Attributes): Record<string, unknown> {
  const configuration: Record<string, unknown> = { TopicArn: topicArn };
  for (const name of STRING_ATTRIBUTES) {
    const value = attributes[name];
    if (value !== undefined) configuration[name] = value;
  }
  for (const name of INTEGER_ATTRIBUTES) {
    const value = attributes[name];
    const number = value === undefined ? undefined : integer(value);
    if (number !== undefined) configuration[name] = number;
  }
  return configuration;
}

/** The item of a topic; `attributes` absent when GetTopicAttributes failed (the recorded error makes it UNKNOWN). */
export function topicItem(topicArn: string, attributes: Attributes | undefined, tags: Readonly<Record<string, string>> | undefined): RawItem {
  return {
    resourceType: TOPIC,
    resourceId: topicArn,
    resourceName: topicArn.slice(topicArn.lastIndexOf(':') + 1),
    ARN: topicArn,
    availabilityZone: 'Regional',
    tags: tags ?? {},
    configuration: topicConfiguration(topicArn, attributes ?? {}),
  };
}

async function listTopics(context: CollectContext, sns: SNSClient): Promise<string[]> {
  const arns: string[] = [];
  await context.attempt([TOPIC], async () => {
    const pages = context.pages(
      'ListTopics',
      (NextToken) => sns.send(new ListTopicsCommand({ NextToken })),
      (page) => page.NextToken,
    );
    for await (const page of pages) {
      for (const topic of page.Topics ?? []) if (topic.TopicArn !== undefined) arns.push(topic.TopicArn);
    }
  });
  return arns;
}

/**
 * The topic's attributes; a failure — NotFoundException included — throws, recorded for this topic
 * by its `attempt`. `listed`: the topic came from ListTopics, so not-found means deleted since.
 */
async function readTopic(context: CollectContext, sns: SNSClient, topicArn: string, listed = true): Promise<Attributes> {
  const output = await context
    .call('GetTopicAttributes', () => sns.send(new GetTopicAttributesCommand({ TopicArn: topicArn })))
    .catch((error: unknown) => {
      if (!listed) throw error;
      throw listedThenFailed(error, { resource: `topic ${topicArn}`, listing: 'ListTopics', notFound: NOT_FOUND, isNotFound: (cause) => cause instanceof NotFoundException });
    });
  // An answer without attributes is no description: record it, never judge on nothing.
  if (output.Attributes === undefined) throw new Error(`GetTopicAttributes returned no attributes for ${topicArn}`);
  return output.Attributes;
}

export const snsCollector: Collector = {
  service: 'sns',
  produces: [TOPIC],
  async collect(context, types) {
    if (!types.has(TOPIC)) return;
    const sns = context.client(SNSClient);
    const named = namedResources(context, TOPIC);
    if (named !== undefined) {
      // A change event names topics by ARN (their id): GetTopicAttributes on each, no listing.
      await describeNamed(context, {
        type: TOPIC,
        named: [...new Set(named.map((resource) => resource.resourceId))],
        resourceId: (arn) => arn,
        read: (arn) => readTopic(context, sns, arn, false).catch((error: unknown) => goneOn(error, TOPIC_GONE, (cause) => cause instanceof NotFoundException)),
        arn: (arn) => arn,
        item: (arn, detail, tags) => topicItem(arn, detail, tags.get(arn)),
      });
      return;
    }
    const arns = await listTopics(context, sns);
    await describeEach(context, {
      type: TOPIC,
      // Filters are `service[:resourceType]`; a topic ARN has no resource-type part, so the
      // service-wide `sns` is the filter sure to match topics (a wrong one would match nothing).
      tagFilters: [taggingFilter(TOPIC)],
      listed: arns,
      resourceId: (arn) => arn,
      read: (arn) => readTopic(context, sns, arn),
      item: (arn, detail, tags) => topicItem(arn, detail, tags.get(arn)),
    });
  },
};
