import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import {
  AuthorizationErrorException,
  GetTopicAttributesCommand,
  ListTopicsCommand,
  NotFoundException,
  SNSClient,
  ThrottledException,
} from '@aws-sdk/client-sns';
import { GetResourcesCommand, ResourceGroupsTaggingAPIClient, ResourceGroupsTaggingAPIServiceException } from '@aws-sdk/client-resource-groups-tagging-api';
import { DescribeVolumesCommand } from '@aws-sdk/client-ec2';
import { snsCollector } from '../../../../inventory/live/collectors/sns.js';
import { ec2VolumesCollector } from '../../../../inventory/live/collectors/ec2-volumes.js';
import { scan } from '../../../../engine/scan.js';
import { defaultSettings } from '../../../../engine/settings.js';
import { defineRule } from '../../../../rules/lib/define-rule.js';
import type { AnyRule } from '../../../../rules/lib/types.js';
import type { Collection } from '../../../../inventory/source.js';
import { checkItemAgainstSchema } from '../../../support/config-schema.js';
import { ACCOUNT, REGION } from '../../../support/items.js';
import { callsOf, collect, mockedLiveSource, mockIdentity } from '../../../../testkit/live.js';

const TOPIC = 'AWS::SNS::Topic';
const arn = (name: string) => `arn:aws:sns:${REGION}:${ACCOUNT}:${name}`;

/** GetTopicAttributes as SNS answers it, with the attributes AWS Config does not record. */
const attributes = (name: string, kmsKey?: string): Record<string, string> => ({
  TopicArn: arn(name),
  Owner: ACCOUNT,
  DisplayName: '',
  ...(kmsKey === undefined ? {} : { KmsMasterKeyId: kmsKey }),
  LambdaSuccessFeedbackRoleArn: `arn:aws:iam::${ACCOUNT}:role/sns-feedback`,
  LambdaSuccessFeedbackSampleRate: '50',
  // Not recorded by AWS Config: must not leak into the item.
  Policy: '{"Version":"2012-10-17","Statement":[]}',
  EffectiveDeliveryPolicy: '{"http":{}}',
  SubscriptionsConfirmed: '3',
  SubscriptionsPending: '0',
  SubscriptionsDeleted: '0',
  SignatureVersion: '1',
});

const snsError = <E extends Error>(Type: new (options: { message: string; $metadata: object }) => E, message: string) => new Type({ message, $metadata: {} });

/** A tiny rule reading the field sns-topic-encrypted will read. */
const topicEncrypted = defineRule({
  meta: {
    id: 'test-sns-topic-encrypted',
    gate: 'encryption',
    title: 'Test SNS topics are encrypted with a KMS key',
    severity: 'MEDIUM',
    priority: 'P1',
    resourceTypes: [TOPIC],
    controls: [],
    remediation: { text: 'Set a KMS key on the topic.', url: 'https://docs.aws.amazon.com/sns/latest/dg/sns-server-side-encryption.html' },
    messages: { encrypted: 'encrypted', unencrypted: 'not encrypted' },
  },
  check(topic, context) {
    const key = topic.configuration.KmsMasterKeyId;
    return key !== undefined && key !== null && key !== '' ? context.pass('encrypted') : context.fail('unencrypted');
  },
});

let mocks: ReturnType<typeof mockIdentity>;
let sns: AwsClientStub<SNSClient>;
let tagging: AwsClientStub<ResourceGroupsTaggingAPIClient>;
beforeEach(() => {
  mocks = mockIdentity();
  sns = mockClient(SNSClient);
  tagging = mockClient(ResourceGroupsTaggingAPIClient);
  tagging.on(GetResourcesCommand).resolves({ ResourceTagMappingList: [] });
});
afterEach(() => {
  mocks.ec2.restore();
  mocks.sts.restore();
  sns.restore();
  tagging.restore();
});

/** Topics `names` listed on one page, each with its attributes (KMS key on the `enc-` ones). */
function topics(...names: string[]): void {
  sns.on(ListTopicsCommand).resolves({ Topics: names.map((name) => ({ TopicArn: arn(name) })) });
  for (const name of names) {
    sns.on(GetTopicAttributesCommand, { TopicArn: arn(name) }).resolves({ Attributes: attributes(name, name.startsWith('enc-') ? 'alias/aws/sns' : undefined) });
  }
}

/** The collected topics (the collection also holds the Region's account item). */
const topicItems = (collection: Collection) => collection.items.filter((item) => item.resourceType === TOPIC);

const scanTopics = async (rules: readonly AnyRule[] = [topicEncrypted]) => scan({ regions: [REGION] }, mockedLiveSource([snsCollector]), defaultSettings(rules), rules);

describe('SNS topics collector', () => {
  it('builds configuration items in the shape AWS Config records, tags from the Tagging API', async () => {
    topics('enc-orders');
    tagging.on(GetResourcesCommand).resolves({ ResourceTagMappingList: [{ ResourceARN: arn('enc-orders'), Tags: [{ Key: 'Team', Value: 'core' }] }] });
    const collection = await collect([snsCollector], [TOPIC]);
    expect(collection.errors).toEqual([]);
    const raws = (collection.rawItems ?? []).filter((item) => item['resourceType'] === TOPIC);
    expect(raws).toHaveLength(1);
    const [raw] = raws;
    expect(raw).toMatchObject({
      resourceType: TOPIC,
      resourceId: arn('enc-orders'),
      resourceName: 'enc-orders',
      ARN: arn('enc-orders'),
      awsAccountId: ACCOUNT,
      awsRegion: REGION,
      availabilityZone: 'Regional',
      tags: { Team: 'core' },
    });
    expect(raw?.['configuration']).toEqual({
      TopicArn: arn('enc-orders'),
      Owner: ACCOUNT,
      DisplayName: '',
      KmsMasterKeyId: 'alias/aws/sns',
      LambdaSuccessFeedbackRoleArn: `arn:aws:iam::${ACCOUNT}:role/sns-feedback`,
      LambdaSuccessFeedbackSampleRate: 50,
    });
    for (const item of raws) expect(checkItemAgainstSchema(item)).toEqual([]);
    expect(tagging).toHaveReceivedCommandWith(GetResourcesCommand, { ResourceTypeFilters: ['sns'], ResourcesPerPage: 100 });
  });

  it('follows the NextToken of ListTopics across three pages', async () => {
    sns
      .on(ListTopicsCommand)
      .resolvesOnce({ Topics: [{ TopicArn: arn('a') }], NextToken: 't2' })
      .resolvesOnce({ Topics: [{ TopicArn: arn('b') }], NextToken: 't3' })
      .resolvesOnce({ Topics: [{ TopicArn: arn('c') }] });
    sns.on(GetTopicAttributesCommand).callsFake((input: { TopicArn: string }) => ({ Attributes: { TopicArn: input.TopicArn } }));
    const collection = await collect([snsCollector], [TOPIC]);
    expect(collection.errors).toEqual([]);
    expect(topicItems(collection).map((item) => item.resourceName)).toEqual(['a', 'b', 'c']);
    expect(sns).toHaveReceivedCommandTimes(ListTopicsCommand, 3);
    expect(sns).toHaveReceivedNthCommandWith(1, ListTopicsCommand, { NextToken: undefined });
    expect(sns).toHaveReceivedNthCommandWith(2, ListTopicsCommand, { NextToken: 't2' });
    expect(sns).toHaveReceivedNthCommandWith(3, ListTopicsCommand, { NextToken: 't3' });
    expect(callsOf(collection, 'sns', 'ListTopics')).toBe(3);
  });

  it('retries throttling and counts the retry', async () => {
    topics('enc-a');
    sns.on(ListTopicsCommand).rejectsOnce(snsError(ThrottledException, 'Rate exceeded')).resolves({ Topics: [{ TopicArn: arn('enc-a') }] });
    const collection = await collect([snsCollector], [TOPIC]);
    expect(collection.errors).toEqual([]);
    expect(topicItems(collection).map((item) => item.resourceId)).toEqual([arn('enc-a')]);
    expect(collection.calls).toContainEqual({ service: 'sns', operation: 'ListTopics', calls: 2, retries: 1, errors: 0 });
  });

  it('records a denied ListTopics for topics only; other types are still collected', async () => {
    sns.on(ListTopicsCommand).rejects(snsError(AuthorizationErrorException, 'not authorized to perform sns:ListTopics'));
    mocks.ec2.on(DescribeVolumesCommand).resolves({ Volumes: [{ VolumeId: 'vol-1', AvailabilityZone: 'eu-west-1a', Encrypted: true }] });
    const collection = await collect([snsCollector, ec2VolumesCollector], [TOPIC, 'AWS::EC2::Volume']);
    expect(collection.errors).toEqual([
      {
        accountId: ACCOUNT,
        region: REGION,
        resourceTypes: [TOPIC],
        service: 'sns',
        operation: 'ListTopics',
        code: 'AuthorizationErrorException',
        message: 'not authorized to perform sns:ListTopics',
      },
    ]);
    expect(collection.items.map((item) => item.resourceId)).toContain('vol-1');
    expect(sns).toHaveReceivedCommandTimes(GetTopicAttributesCommand, 0);
    expect(tagging).toHaveReceivedCommandTimes(GetResourcesCommand, 0);
  });

  it('makes the topic rule UNKNOWN, never PASS, when ListTopics is denied', async () => {
    sns.on(ListTopicsCommand).rejects(snsError(AuthorizationErrorException, 'denied'));
    const result = await scanTopics();
    expect(result.evaluations.map((evaluation) => [evaluation.resource.id, evaluation.status, evaluation.messageId])).toEqual([['*', 'UNKNOWN', 'listFailed']]);
    expect(result.completeness).toEqual([expect.objectContaining({ ruleId: 'test-sns-topic-encrypted', region: REGION, complete: false })]);
  });

  it('makes only the topic whose GetTopicAttributes was denied UNKNOWN; its siblings are judged', async () => {
    topics('enc-a', 'b', 'enc-c');
    sns.on(GetTopicAttributesCommand, { TopicArn: arn('b') }).rejects(snsError(AuthorizationErrorException, 'denied on b'));
    const collection = await collect([snsCollector], [TOPIC]);
    expect(collection.errors).toEqual([
      {
        accountId: ACCOUNT,
        region: REGION,
        resourceTypes: [TOPIC],
        service: 'sns',
        operation: 'GetTopicAttributes',
        code: 'AuthorizationErrorException',
        message: 'denied on b',
        resourceIds: [arn('b')],
      },
    ]);
    // The topic is still in the inventory (so it is reported), with only what the list gave.
    expect(collection.items.find((item) => item.resourceId === arn('b'))?.configuration).toEqual({ TopicArn: arn('b') });
    for (const raw of collection.rawItems ?? []) expect(checkItemAgainstSchema(raw)).toEqual([]);

    const result = await scanTopics();
    expect(result.evaluations.map((evaluation) => [evaluation.resource.id, evaluation.status, evaluation.messageId]).sort()).toEqual([
      [arn('b'), 'UNKNOWN', 'collectionFailed'],
      [arn('enc-a'), 'PASS', 'encrypted'],
      [arn('enc-c'), 'PASS', 'encrypted'],
    ]);
    expect(result.completeness).toEqual([expect.objectContaining({ complete: false })]);
  });

  it('judges an unencrypted topic FAIL when its attributes were read', async () => {
    topics('plain');
    const result = await scanTopics();
    expect(result.evaluations.map((evaluation) => [evaluation.status, evaluation.messageId])).toEqual([['FAIL', 'unencrypted']]);
  });

  it('records a topic deleted between ListTopics and GetTopicAttributes as a NotFoundException error for it, and reads the others', async () => {
    topics('enc-a', 'gone', 'enc-b');
    sns.on(GetTopicAttributesCommand, { TopicArn: arn('gone') }).rejects(snsError(NotFoundException, 'Topic does not exist'));
    const collection = await collect([snsCollector], [TOPIC]);
    expect(collection.errors).toEqual([
      {
        accountId: ACCOUNT,
        region: REGION,
        resourceTypes: [TOPIC],
        service: 'sns',
        operation: 'GetTopicAttributes',
        code: 'NotFoundException',
        message: `topic ${arn('gone')} was listed by ListTopics, then sns:GetTopicAttributes answered NotFoundException: deleted in between, or not readable; judged on the next scan`,
        resourceIds: [arn('gone')],
      },
    ]);
    // Emitted with what the listing gave, like any topic whose read failed: its rules are UNKNOWN for it.
    expect(topicItems(collection).map((item) => item.resourceName)).toEqual(['enc-a', 'gone', 'enc-b']);
    expect(collection.rawItems?.find((item) => item['resourceId'] === arn('gone'))?.['configuration']).toEqual({ TopicArn: arn('gone') });
    expect(sns).toHaveReceivedCommandTimes(GetTopicAttributesCommand, 3);
    expect(callsOf(collection, 'sns', 'GetTopicAttributes')).toBe(3);
  });

  it('still emits the topics when the Tagging API is denied, with a tags-only error', async () => {
    topics('enc-a');
    tagging.on(GetResourcesCommand).rejects(new ResourceGroupsTaggingAPIServiceException({ name: 'AccessDeniedException', $fault: 'client', $metadata: {}, message: 'no tag:GetResources' }));
    const collection = await collect([snsCollector], [TOPIC]);
    expect(topicItems(collection).map((item) => [item.resourceName, item.tags])).toEqual([['enc-a', {}]]);
    expect(collection.errors).toEqual([
      {
        accountId: ACCOUNT,
        region: REGION,
        resourceTypes: [TOPIC],
        service: 'tagging',
        operation: 'GetResources',
        code: 'AccessDeniedException',
        message: 'no tag:GetResources',
        aspect: 'tags',
      },
    ]);
    // A rule that does not read tags still judges the topic.
    const result = await scanTopics();
    expect(result.evaluations.map((evaluation) => evaluation.status)).toEqual(['PASS']);
  });

  it('makes one list call per page, one GetTopicAttributes per topic, one tag walk, and nothing else', async () => {
    const names = Array.from({ length: 5 }, (_, index) => `enc-${index}`);
    topics(...names);
    const collection = await collect([snsCollector], [TOPIC]);
    expect(collection.errors).toEqual([]);
    expect(sns.calls().map((call) => call.args[0].constructor.name)).toEqual(['ListTopicsCommand', ...names.map(() => 'GetTopicAttributesCommand')]);
    expect(tagging.calls().map((call) => call.args[0].constructor.name)).toEqual(['GetResourcesCommand']);
  });

  it('makes no call at all when no topic exists beyond the empty list, and none when topics are not requested', async () => {
    sns.on(ListTopicsCommand).resolves({ Topics: [] });
    await collect([snsCollector], [TOPIC]);
    expect(sns.calls().map((call) => call.args[0].constructor.name)).toEqual(['ListTopicsCommand']);
    expect(tagging).toHaveReceivedCommandTimes(GetResourcesCommand, 0);
    sns.resetHistory();
    await collect([snsCollector], ['AWS::EC2::Volume']);
    expect(sns.calls()).toHaveLength(0);
  });
});
