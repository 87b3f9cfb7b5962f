/**
 * SNS topics in the mocked account (ListTopics: 100 per page; one GetTopicAttributes per topic).
 */

import {
  GetTopicAttributesCommand,
  ListTopicsCommand,
  SNSClient,
  type GetTopicAttributesCommandInput,
  type GetTopicAttributesCommandOutput,
  type ListTopicsCommandInput,
  type ListTopicsCommandOutput,
} from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { ACCOUNT, type At, awsError, type Build, type Out, paginate, type Restorable, tagsOf } from './kit.js';

export interface SnsData {
  readonly topics: Map<string, Record<string, string>>;
}

export function snsData(build: Build): SnsData {
  const { n, arn, register } = build;
  const topics = new Map<string, Record<string, string>>();
  for (let index = 0; index < n; index += 1) {
    const topicArn = arn('sns', `events-${index}`);
    topics.set(topicArn, {
      TopicArn: topicArn,
      Owner: ACCOUNT,
      DisplayName: '',
      Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: ACCOUNT }, Action: 'SNS:Publish', Resource: topicArn }] }),
      SubscriptionsConfirmed: '1',
      SubscriptionsPending: '0',
      SubscriptionsDeleted: '0',
      EffectiveDeliveryPolicy: '{"http":{"defaultHealthyRetryPolicy":{"numRetries":3}}}',
      ...(index % 10 !== 0 ? { KmsMasterKeyId: 'alias/aws/sns' } : {}),
    });
    register(topicArn, 'sns', undefined, tagsOf('events', index));
  }
  return { topics };
}

export function mockSns(at: At<SnsData>): Restorable[] {
  const sns = mockClient(SNSClient);
  sns.on(ListTopicsCommand).callsFake(async (input: ListTopicsCommandInput, getClient): Promise<Out<ListTopicsCommandOutput>> => {
    // ListTopics has no page-size parameter: 100 per page.
    const page = paginate('ListTopics', [...(await at(getClient)).topics.keys()], input.NextToken, undefined, 100);
    return { Topics: page.items.map((TopicArn) => ({ TopicArn })), NextToken: page.next };
  });
  sns.on(GetTopicAttributesCommand).callsFake(async (input: GetTopicAttributesCommandInput, getClient): Promise<Out<GetTopicAttributesCommandOutput>> => {
    const attributes = (await at(getClient)).topics.get(input.TopicArn ?? '');
    if (attributes === undefined) throw awsError('NotFound', `no topic ${String(input.TopicArn)}`);
    return { Attributes: attributes };
  });
  return [sns];
}
