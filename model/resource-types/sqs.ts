/** SQS queues: the collector's id is the queue URL, as ListQueues gives it. */
import { z } from 'zod';
import { dnsSuffixOf, partitionOf, type BuiltArnFormat } from './arn.js';
import { calls, type CallDetail, type ChangedResource, type Path, type Reading } from './calls.js';
import { describeService } from './describe.js';
import { loose, str } from './fields.js';

/**
 * A queue's URL as ListQueues returns it to the SQS collector (`https://sqs.REGION.SUFFIX/ACCOUNT/NAME`),
 * whatever form the caller used (`https://queue.amazonaws.com/…`, `https://REGION.queue.amazonaws.com/…`).
 */
export function queueUrl(region: string, account: string, name: string): string {
  return `https://sqs.${region}.${dnsSuffixOf(region)}/${account}/${name}`;
}

const QUEUE_ARN: BuiltArnFormat = {
  service: 'sqs',
  regional: true,
  inAccount: true,
  resource: /^([\w-]+(?:\.fifo)?)$/,
  id: (scope, name) => queueUrl(scope.region, scope.accountId, name),
  build: (scope, name) => `arn:${scope.partition}:sqs:${scope.region}:${scope.accountId}:${name}`,
};

function queueRef(region: string, accountId: string, name: string): ChangedResource {
  const scope = { partition: partitionOf(region), region, accountId };
  return { resourceType: 'AWS::SQS::Queue', resourceId: queueUrl(region, accountId, name), arn: QUEUE_ARN.build(scope, name) };
}

/** The queue a URL names, in the call's Region, with the URL in the collector's form; a value that is no queue URL rejects the call. */
function queueAt(call: CallDetail, path: Path): ChangedResource {
  const url = call.text(path);
  const match = /^https?:\/\/[^/]+\/(\d{12})\/([\w-]+(?:\.fifo)?)\/?$/.exec(url);
  const account = match?.[1];
  const name = match?.[2];
  if (account === undefined || name === undefined) return call.reject(path, `expected a queue URL https://HOST/ACCOUNT/NAME, got ${url}`);
  return queueRef(call.region, account, name);
}

const queueCreated = (call: CallDetail): Reading =>
  call.optionalText(['responseElements', 'queueUrl']) === undefined
    ? [queueRef(call.region, call.accountId, call.text(['requestParameters', 'queueName']))]
    : [queueAt(call, ['responseElements', 'queueUrl'])];

export const sqs = describeService({
  types: {
    'AWS::SQS::Queue': {
      schema: loose({ QueueUrl: str, KmsMasterKeyId: str, SqsManagedSseEnabled: z.union([z.boolean(), z.string()]).nullish() }),
      taggable: true,
      asff: 'AwsSqsQueue',
      tagging: 'sqs',
      arn: QUEUE_ARN,
      reads: ['sqs:GetQueueAttributes', 'sqs:ListQueues'],
      changedBy: [
        calls('sqs', ['CreateQueue'], queueCreated),
        calls('sqs', ['SetQueueAttributes', 'TagQueue', 'UntagQueue'], (call) => [queueAt(call, ['requestParameters', 'queueUrl'])]),
      ],
    },
  },
});
