/**
 * SQS queues in the mocked account, by URL.
 */

import {
  GetQueueAttributesCommand,
  ListQueuesCommand,
  SQSClient,
  type GetQueueAttributesCommandInput,
  type GetQueueAttributesCommandOutput,
  type ListQueuesCommandInput,
  type ListQueuesCommandOutput,
} from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { ACCOUNT, type At, awsError, type Build, CREATED, type Out, paginate, type Restorable, tagsOf } from './kit.js';

export interface SqsData {
  readonly queues: Map<string, Record<string, string>>;
}

export function sqsData(build: Build): SqsData {
  const { region, n, arn, register } = build;
  const queues = new Map<string, Record<string, string>>();
  for (let index = 0; index < n; index += 1) {
    const name = `jobs-${index}`;
    const queueArn = arn('sqs', name);
    queues.set(`https://sqs.${region}.amazonaws.com/${ACCOUNT}/${name}`, {
      QueueArn: queueArn,
      ApproximateNumberOfMessages: '0',
      ApproximateNumberOfMessagesNotVisible: '0',
      ApproximateNumberOfMessagesDelayed: '0',
      CreatedTimestamp: String(CREATED.getTime() / 1000),
      LastModifiedTimestamp: String(CREATED.getTime() / 1000),
      VisibilityTimeout: '30',
      MaximumMessageSize: '262144',
      MessageRetentionPeriod: '345600',
      DelaySeconds: '0',
      ReceiveMessageWaitTimeSeconds: '0',
      Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: ACCOUNT }, Action: 'sqs:SendMessage', Resource: queueArn }] }),
      ...(index % 10 === 0 ? { SqsManagedSseEnabled: 'false' } : { SqsManagedSseEnabled: 'true' }),
    });
    register(queueArn, 'sqs', undefined, tagsOf('jobs', index));
  }
  return { queues };
}

export function mockSqs(at: At<SqsData>): Restorable[] {
  const sqs = mockClient(SQSClient);
  sqs.on(ListQueuesCommand).callsFake(async (input: ListQueuesCommandInput, getClient): Promise<Out<ListQueuesCommandOutput>> => {
    const data = await at(getClient);
    const urls = [...data.queues.keys()].filter((url) => input.QueueNamePrefix === undefined || url.slice(url.lastIndexOf('/') + 1).startsWith(input.QueueNamePrefix));
    // Without MaxResults, ListQueues returns up to 1000 and no token.
    if (input.MaxResults === undefined) return { QueueUrls: urls.slice(0, 1000) };
    const page = paginate('ListQueues', urls, input.NextToken, input.MaxResults, 1000);
    return { QueueUrls: page.items, NextToken: page.next };
  });
  sqs.on(GetQueueAttributesCommand).callsFake(async (input: GetQueueAttributesCommandInput, getClient): Promise<Out<GetQueueAttributesCommandOutput>> => {
    const attributes = (await at(getClient)).queues.get(input.QueueUrl ?? '');
    if (attributes === undefined) throw awsError('AWS.SimpleQueueService.NonExistentQueue', `no queue ${String(input.QueueUrl)}`);
    const names = input.AttributeNames ?? [];
    const all = names.includes('All');
    return { Attributes: Object.fromEntries(Object.entries(attributes).filter(([name]) => all || (names as string[]).includes(name))) };
  });
  return [sqs];
}
