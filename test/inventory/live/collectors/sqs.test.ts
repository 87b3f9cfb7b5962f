import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import { GetQueueAttributesCommand, ListQueuesCommand, QueueDoesNotExist, RequestThrottled, SQSClient, SQSServiceException } from '@aws-sdk/client-sqs';
import { GetResourcesCommand, ResourceGroupsTaggingAPIClient, ResourceGroupsTaggingAPIServiceException } from '@aws-sdk/client-resource-groups-tagging-api';
import { DescribeVolumesCommand } from '@aws-sdk/client-ec2';
import { QUEUE_ATTRIBUTE_NAMES, sqsCollector } from '../../../../inventory/live/collectors/sqs.js';
import { ec2VolumesCollector } from '../../../../inventory/live/collectors/ec2-volumes.js';
import type { Collection } from '../../../../inventory/source.js';
import { scan } from '../../../../engine/scan.js';
import { defaultSettings } from '../../../../engine/settings.js';
import { defineRule } from '../../../../rules/lib/define-rule.js';
import type { AnyRule } from '../../../../rules/lib/types.js';
import { checkItemAgainstSchema } from '../../../support/config-schema.js';
import { ACCOUNT, REGION } from '../../../support/items.js';
import { callsOf, collect, mockedLiveSource, mockIdentity } from '../../../../testkit/live.js';

const QUEUE = 'AWS::SQS::Queue';
const url = (name: string) => `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/${name}`;
const arn = (name: string) => `arn:aws:sqs:${REGION}:${ACCOUNT}:${name}`;

/** GetQueueAttributes as SQS answers it: every value a string. SSE-SQS on unless the name starts with `plain`. */
const attributes = (name: string): Record<string, string> => ({
  QueueArn: arn(name),
  SqsManagedSseEnabled: name.startsWith('plain') ? 'false' : 'true',
  ...(name.startsWith('kms') ? { KmsMasterKeyId: 'alias/orders', KmsDataKeyReusePeriodSeconds: '300', SqsManagedSseEnabled: 'false' } : {}),
  DelaySeconds: '0',
  MaximumMessageSize: '262144',
  MessageRetentionPeriod: '345600',
  ReceiveMessageWaitTimeSeconds: '0',
  VisibilityTimeout: '30',
  CreatedTimestamp: '1767323045',
  LastModifiedTimestamp: '1767323100',
  // Not recorded by AWS Config: must not leak into the item (SQS returns only what was asked; a
  // careless collector asking for All would get these).
  Policy: '{"Version":"2012-10-17","Statement":[]}',
  ApproximateNumberOfMessages: '12',
});

const sqsError = <E extends Error>(Type: new (options: { message: string; $metadata: object }) => E, message: string) => new Type({ message, $metadata: {} });

/** A tiny rule reading the fields sqs-queue-encrypted will read. */
const queueEncrypted = defineRule({
  meta: {
    id: 'test-sqs-queue-encrypted',
    gate: 'encryption',
    title: 'Test SQS queues are encrypted at rest',
    severity: 'MEDIUM',
    priority: 'P1',
    resourceTypes: [QUEUE],
    controls: [],
    remediation: { text: 'Turn on SSE-SQS or SSE-KMS.', url: 'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-server-side-encryption.html' },
    messages: { encrypted: 'encrypted', unencrypted: 'not encrypted' },
  },
  check(queue, context) {
    const { KmsMasterKeyId, SqsManagedSseEnabled } = queue.configuration;
    const sseSqs = SqsManagedSseEnabled === true || SqsManagedSseEnabled === 'true';
    return sseSqs || (KmsMasterKeyId !== undefined && KmsMasterKeyId !== null && KmsMasterKeyId !== '') ? context.pass('encrypted') : context.fail('unencrypted');
  },
});

let mocks: ReturnType<typeof mockIdentity>;
let sqs: AwsClientStub<SQSClient>;
let tagging: AwsClientStub<ResourceGroupsTaggingAPIClient>;
beforeEach(() => {
  mocks = mockIdentity();
  sqs = mockClient(SQSClient);
  tagging = mockClient(ResourceGroupsTaggingAPIClient);
  tagging.on(GetResourcesCommand).resolves({ ResourceTagMappingList: [] });
});
afterEach(() => {
  mocks.ec2.restore();
  mocks.sts.restore();
  sqs.restore();
  tagging.restore();
});

/** Queues `names` listed on one page, each with its attributes. */
function queues(...names: string[]): void {
  sqs.on(ListQueuesCommand).resolves({ QueueUrls: names.map(url) });
  for (const name of names) sqs.on(GetQueueAttributesCommand, { QueueUrl: url(name) }).resolves({ Attributes: attributes(name) });
}

const queueItems = (collection: Collection) => collection.items.filter((item) => item.resourceType === QUEUE);
const scanQueues = async (rules: readonly AnyRule[] = [queueEncrypted]) => scan({ regions: [REGION] }, mockedLiveSource([sqsCollector]), defaultSettings(rules), rules);

describe('SQS queues collector', () => {
  it('builds configuration items in the shape AWS Config records, tags from the Tagging API', async () => {
    queues('kms-orders');
    tagging.on(GetResourcesCommand).resolves({ ResourceTagMappingList: [{ ResourceARN: arn('kms-orders'), Tags: [{ Key: 'Team', Value: 'core' }] }] });
    const collection = await collect([sqsCollector], [QUEUE]);
    expect(collection.errors).toEqual([]);
    const raws = (collection.rawItems ?? []).filter((item) => item['resourceType'] === QUEUE);
    expect(raws).toHaveLength(1);
    const [raw] = raws;
    expect(raw).toMatchObject({
      resourceType: QUEUE,
      resourceId: url('kms-orders'),
      resourceName: 'kms-orders',
      ARN: arn('kms-orders'),
      awsAccountId: ACCOUNT,
      awsRegion: REGION,
      availabilityZone: 'Regional',
      resourceCreationTime: '2026-01-02T03:04:05.000Z',
      tags: { Team: 'core' },
    });
    expect(raw?.['configuration']).toEqual({
      QueueUrl: url('kms-orders'),
      QueueName: 'kms-orders',
      QueueArn: arn('kms-orders'),
      KmsMasterKeyId: 'alias/orders',
      KmsDataKeyReusePeriodSeconds: 300,
      // A string, as the published schema types it and GetQueueAttributes returns it.
      SqsManagedSseEnabled: 'false',
      DelaySeconds: 0,
      MaximumMessageSize: 262144,
      MessageRetentionPeriod: 345600,
      ReceiveMessageWaitTimeSeconds: 0,
      VisibilityTimeout: 30,
      CreatedTimestamp: '2026-01-02T03:04:05.000Z',
      LastModifiedTimestamp: '2026-01-02T03:05:00.000Z',
    });
    for (const item of raws) expect(checkItemAgainstSchema(item)).toEqual([]);
    expect(sqs).toHaveReceivedCommandWith(GetQueueAttributesCommand, { QueueUrl: url('kms-orders'), AttributeNames: QUEUE_ATTRIBUTE_NAMES });
    expect(QUEUE_ATTRIBUTE_NAMES).toEqual(expect.arrayContaining(['KmsMasterKeyId', 'SqsManagedSseEnabled', 'QueueArn']));
    expect(QUEUE_ATTRIBUTE_NAMES).not.toContain('All');
    expect(QUEUE_ATTRIBUTE_NAMES).not.toContain('Policy');
    expect(tagging).toHaveReceivedCommandWith(GetResourcesCommand, { ResourceTypeFilters: ['sqs'], ResourcesPerPage: 100 });
  });

  it('follows the NextToken of ListQueues across three pages of 1000', async () => {
    sqs
      .on(ListQueuesCommand)
      .resolvesOnce({ QueueUrls: [url('a')], NextToken: 't2' })
      .resolvesOnce({ QueueUrls: [url('b')], NextToken: 't3' })
      .resolvesOnce({ QueueUrls: [url('c')] });
    sqs.on(GetQueueAttributesCommand).callsFake((input: { QueueUrl: string }) => ({ Attributes: attributes(input.QueueUrl.slice(input.QueueUrl.lastIndexOf('/') + 1)) }));
    const collection = await collect([sqsCollector], [QUEUE]);
    expect(collection.errors).toEqual([]);
    expect(queueItems(collection).map((item) => item.resourceName)).toEqual(['a', 'b', 'c']);
    expect(sqs).toHaveReceivedCommandTimes(ListQueuesCommand, 3);
    expect(sqs).toHaveReceivedNthCommandWith(1, ListQueuesCommand, { MaxResults: 1000, NextToken: undefined });
    expect(sqs).toHaveReceivedNthCommandWith(2, ListQueuesCommand, { MaxResults: 1000, NextToken: 't2' });
    expect(sqs).toHaveReceivedNthCommandWith(3, ListQueuesCommand, { MaxResults: 1000, NextToken: 't3' });
    expect(callsOf(collection, 'sqs', 'ListQueues')).toBe(3);
  });

  it('retries throttling and counts the retry', async () => {
    queues('a');
    sqs.on(ListQueuesCommand).rejectsOnce(sqsError(RequestThrottled, 'slow down')).resolves({ QueueUrls: [url('a')] });
    const collection = await collect([sqsCollector], [QUEUE]);
    expect(collection.errors).toEqual([]);
    expect(queueItems(collection).map((item) => item.resourceId)).toEqual([url('a')]);
    expect(collection.calls).toContainEqual({ service: 'sqs', operation: 'ListQueues', calls: 2, retries: 1, errors: 0 });
  });

  it('records a denied ListQueues for queues only; other types are still collected', async () => {
    sqs.on(ListQueuesCommand).rejects(new SQSServiceException({ name: 'AccessDenied', $fault: 'client', $metadata: { httpStatusCode: 403 }, message: 'not authorized to perform sqs:ListQueues' }));
    mocks.ec2.on(DescribeVolumesCommand).resolves({ Volumes: [{ VolumeId: 'vol-1', AvailabilityZone: 'eu-west-1a', Encrypted: true }] });
    const collection = await collect([sqsCollector, ec2VolumesCollector], [QUEUE, 'AWS::EC2::Volume']);
    expect(collection.errors).toEqual([
      { accountId: ACCOUNT, region: REGION, resourceTypes: [QUEUE], service: 'sqs', operation: 'ListQueues', code: 'AccessDenied', message: 'not authorized to perform sqs:ListQueues' },
    ]);
    expect(collection.items.map((item) => item.resourceId)).toContain('vol-1');
    expect(sqs).toHaveReceivedCommandTimes(GetQueueAttributesCommand, 0);
  });

  it('makes the queue rule UNKNOWN, never PASS, when ListQueues is denied', async () => {
    sqs.on(ListQueuesCommand).rejects(new SQSServiceException({ name: 'AccessDenied', $fault: 'client', $metadata: {}, message: 'denied' }));
    const result = await scanQueues();
    expect(result.evaluations.map((evaluation) => [evaluation.resource.id, evaluation.status, evaluation.messageId])).toEqual([['*', 'UNKNOWN', 'listFailed']]);
    expect(result.completeness).toEqual([expect.objectContaining({ ruleId: 'test-sqs-queue-encrypted', region: REGION, complete: false })]);
  });

  it('makes only the queue whose GetQueueAttributes was denied UNKNOWN; its siblings are judged', async () => {
    queues('a', 'b', 'plain-c');
    sqs.on(GetQueueAttributesCommand, { QueueUrl: url('b') }).rejects(new SQSServiceException({ name: 'AccessDenied', $fault: 'client', $metadata: {}, message: 'denied on b' }));
    const collection = await collect([sqsCollector], [QUEUE]);
    expect(collection.errors).toEqual([
      {
        accountId: ACCOUNT,
        region: REGION,
        resourceTypes: [QUEUE],
        service: 'sqs',
        operation: 'GetQueueAttributes',
        code: 'AccessDenied',
        message: 'denied on b',
        resourceIds: [url('b')],
      },
    ]);
    const failed = collection.rawItems?.find((item) => item['resourceId'] === url('b'));
    expect(failed).toMatchObject({ ARN: arn('b'), configuration: { QueueUrl: url('b'), QueueName: 'b' } });
    expect(failed?.['configuration']).not.toHaveProperty('SqsManagedSseEnabled');
    for (const raw of collection.rawItems ?? []) expect(checkItemAgainstSchema(raw)).toEqual([]);

    const result = await scanQueues();
    expect(result.evaluations.map((evaluation) => [evaluation.resource.id, evaluation.status, evaluation.messageId]).sort()).toEqual([
      [url('a'), 'PASS', 'encrypted'],
      [url('b'), 'UNKNOWN', 'collectionFailed'],
      [url('plain-c'), 'FAIL', 'unencrypted'],
    ]);
  });

  describe('a queue deleted between ListQueues and GetQueueAttributes', () => {
    const goneError = {
      accountId: ACCOUNT,
      region: REGION,
      resourceTypes: [QUEUE],
      service: 'sqs',
      operation: 'GetQueueAttributes',
      code: 'QueueDoesNotExist',
      message: `queue ${url('gone')} was listed by ListQueues, then sqs:GetQueueAttributes answered QueueDoesNotExist: deleted in between, or not readable; judged on the next scan`,
      resourceIds: [url('gone')],
    };

    it('is recorded as a QueueDoesNotExist error of GetQueueAttributes for it, and the others are read', async () => {
      queues('a', 'gone', 'b');
      sqs.on(GetQueueAttributesCommand, { QueueUrl: url('gone') }).rejects(sqsError(QueueDoesNotExist, 'The specified queue does not exist.'));
      const collection = await collect([sqsCollector], [QUEUE]);
      expect(collection.errors).toEqual([goneError]);
      // Emitted with what the listing gave, like any queue whose read failed.
      expect(queueItems(collection).map((item) => item.resourceId)).toEqual([url('a'), url('gone'), url('b')]);
      expect(collection.rawItems?.find((item) => item['resourceId'] === url('gone'))?.['configuration']).toEqual({ QueueUrl: url('gone'), QueueName: 'gone' });
      expect(sqs).toHaveReceivedCommandTimes(GetQueueAttributesCommand, 3);
      expect(sqs).toHaveReceivedCommandWith(GetQueueAttributesCommand, { QueueUrl: url('gone'), AttributeNames: QUEUE_ATTRIBUTE_NAMES });
      expect(callsOf(collection, 'sqs', 'GetQueueAttributes')).toBe(3);
    });

    it('is recorded so when the SDK surfaces QueueDoesNotExist by name only', async () => {
      queues('gone');
      const byName = new SQSServiceException({ name: 'QueueDoesNotExist', $fault: 'client', $metadata: { httpStatusCode: 400 }, message: 'The specified queue does not exist.' });
      sqs.on(GetQueueAttributesCommand, { QueueUrl: url('gone') }).rejects(byName);
      const collection = await collect([sqsCollector], [QUEUE]);
      expect(collection.errors).toEqual([goneError]);
    });

    it('makes it UNKNOWN in a scan, naming sqs:GetQueueAttributes and QueueDoesNotExist, never absent or PASS', async () => {
      queues('a', 'gone', 'plain-c');
      sqs.on(GetQueueAttributesCommand, { QueueUrl: url('gone') }).rejects(sqsError(QueueDoesNotExist, 'The specified queue does not exist.'));
      const result = await scanQueues();
      expect(result.evaluations.map((evaluation) => [evaluation.resource.id, evaluation.status, evaluation.messageId])).toEqual([
        [url('a'), 'PASS', 'encrypted'],
        [url('gone'), 'UNKNOWN', 'collectionFailed'],
        [url('plain-c'), 'FAIL', 'unencrypted'],
      ]);
      const gone = result.evaluations.find((evaluation) => evaluation.resource.id === url('gone'));
      expect(gone?.message).toMatch(/sqs:GetQueueAttributes in eu-west-1 failed \(QueueDoesNotExist: queue \S+\/gone was listed by ListQueues, then sqs:GetQueueAttributes answered QueueDoesNotExist/);
      expect(result.completeness).toEqual([expect.objectContaining({ ruleId: 'test-sqs-queue-encrypted', region: REGION, complete: false })]);
    });
  });

  it('still emits the queues when the Tagging API is denied, with a tags-only error', async () => {
    queues('a');
    tagging.on(GetResourcesCommand).rejects(new ResourceGroupsTaggingAPIServiceException({ name: 'AccessDeniedException', $fault: 'client', $metadata: {}, message: 'no tag:GetResources' }));
    const collection = await collect([sqsCollector], [QUEUE]);
    expect(queueItems(collection).map((item) => [item.resourceName, item.tags])).toEqual([['a', {}]]);
    expect(collection.errors).toEqual([
      { accountId: ACCOUNT, region: REGION, resourceTypes: [QUEUE], service: 'tagging', operation: 'GetResources', code: 'AccessDeniedException', message: 'no tag:GetResources', aspect: 'tags' },
    ]);
  });

  it('makes one list call per page, one GetQueueAttributes per queue, one tag walk, and nothing else', async () => {
    const names = Array.from({ length: 5 }, (_, index) => `q-${index}`);
    queues(...names);
    const collection = await collect([sqsCollector], [QUEUE]);
    expect(collection.errors).toEqual([]);
    expect(sqs.calls().map((call) => call.args[0].constructor.name)).toEqual(['ListQueuesCommand', ...names.map(() => 'GetQueueAttributesCommand')]);
    expect(tagging.calls().map((call) => call.args[0].constructor.name)).toEqual(['GetResourcesCommand']);
  });

  it('makes no further call when no queue exists, and none when queues are not requested', async () => {
    sqs.on(ListQueuesCommand).resolves({});
    await collect([sqsCollector], [QUEUE]);
    expect(sqs.calls().map((call) => call.args[0].constructor.name)).toEqual(['ListQueuesCommand']);
    expect(tagging).toHaveReceivedCommandTimes(GetResourcesCommand, 0);
    sqs.resetHistory();
    await collect([sqsCollector], ['AWS::EC2::Volume']);
    expect(sqs.calls()).toHaveLength(0);
  });
});
