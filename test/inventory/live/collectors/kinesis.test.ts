import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import {
  DescribeStreamSummaryCommand,
  KinesisClient,
  KinesisServiceException,
  LimitExceededException,
  ListStreamsCommand,
  ResourceNotFoundException,
  type StreamDescriptionSummary,
  type StreamSummary,
} from '@aws-sdk/client-kinesis';
import { GetResourcesCommand, ResourceGroupsTaggingAPIClient, ResourceGroupsTaggingAPIServiceException } from '@aws-sdk/client-resource-groups-tagging-api';
import { DescribeVolumesCommand } from '@aws-sdk/client-ec2';
import { kinesisCollector } from '../../../../inventory/live/collectors/kinesis.js';
import { ec2VolumesCollector } from '../../../../inventory/live/collectors/ec2-volumes.js';
import type { Collection } from '../../../../inventory/source.js';
import { scan } from '../../../../engine/scan.js';
import { defaultSettings } from '../../../../engine/settings.js';
import { defineRule } from '../../../../rules/lib/define-rule.js';
import type { AnyRule } from '../../../../rules/lib/types.js';
import { checkItemAgainstSchema } from '../../../support/config-schema.js';
import { ACCOUNT, REGION } from '../../../support/items.js';
import { callsOf, collect, mockedLiveSource, mockIdentity } from '../../../../testkit/live.js';

const STREAM = 'AWS::Kinesis::Stream';
const arn = (name: string) => `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/${name}`;
const created = new Date('2026-01-02T03:04:05Z');

const listed = (name: string): StreamSummary => ({ StreamName: name, StreamARN: arn(name), StreamStatus: 'ACTIVE', StreamCreationTimestamp: created, StreamModeDetails: { StreamMode: 'PROVISIONED' } });

/** DescribeStreamSummary as Kinesis answers it; KMS on the streams whose name starts with `kms-`. */
const summary = (name: string): StreamDescriptionSummary => ({
  StreamName: name,
  StreamARN: arn(name),
  StreamStatus: 'ACTIVE',
  StreamModeDetails: { StreamMode: 'PROVISIONED' },
  RetentionPeriodHours: 24,
  StreamCreationTimestamp: created,
  OpenShardCount: 2,
  EnhancedMonitoring: [{ ShardLevelMetrics: [] }],
  ConsumerCount: 1,
  ...(name.startsWith('kms-') ? { EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' } : { EncryptionType: 'NONE' }),
});

/** A tiny rule reading the fields kinesis-stream-encrypted will read. */
const streamEncrypted = defineRule({
  meta: {
    id: 'test-kinesis-stream-encrypted',
    gate: 'encryption',
    title: 'Test Kinesis streams are encrypted at rest',
    severity: 'MEDIUM',
    priority: 'P2',
    resourceTypes: [STREAM],
    controls: [],
    remediation: { text: 'Start server-side encryption on the stream.', url: 'https://docs.aws.amazon.com/streams/latest/dev/server-side-encryption.html' },
    messages: { encrypted: 'encrypted', unencrypted: 'not encrypted' },
  },
  check(stream, context) {
    return stream.configuration.StreamEncryption?.EncryptionType === 'KMS' ? context.pass('encrypted') : context.fail('unencrypted');
  },
});

let mocks: ReturnType<typeof mockIdentity>;
let kinesis: AwsClientStub<KinesisClient>;
let tagging: AwsClientStub<ResourceGroupsTaggingAPIClient>;
beforeEach(() => {
  mocks = mockIdentity();
  kinesis = mockClient(KinesisClient);
  tagging = mockClient(ResourceGroupsTaggingAPIClient);
  tagging.on(GetResourcesCommand).resolves({ ResourceTagMappingList: [] });
});
afterEach(() => {
  mocks.ec2.restore();
  mocks.sts.restore();
  kinesis.restore();
  tagging.restore();
});

/** Streams `names` listed on one page, each with its summary. */
function streams(...names: string[]): void {
  kinesis.on(ListStreamsCommand).resolves({ StreamNames: names, StreamSummaries: names.map(listed), HasMoreStreams: false });
  for (const name of names) kinesis.on(DescribeStreamSummaryCommand, { StreamARN: arn(name) }).resolves({ StreamDescriptionSummary: summary(name) });
}

const streamItems = (collection: Collection) => collection.items.filter((item) => item.resourceType === STREAM);
const scanStreams = async (rules: readonly AnyRule[] = [streamEncrypted]) => scan({ regions: [REGION] }, mockedLiveSource([kinesisCollector]), defaultSettings(rules), rules);
const denied = (message: string) => new KinesisServiceException({ name: 'AccessDeniedException', $fault: 'client', $metadata: { httpStatusCode: 400 }, message });

describe('Kinesis streams collector', () => {
  it('builds configuration items in the shape AWS Config records, tags from the Tagging API', async () => {
    streams('kms-clicks', 'plain');
    tagging.on(GetResourcesCommand).resolves({ ResourceTagMappingList: [{ ResourceARN: arn('kms-clicks'), Tags: [{ Key: 'Team', Value: 'core' }] }] });
    const collection = await collect([kinesisCollector], [STREAM]);
    expect(collection.errors).toEqual([]);
    const raws = (collection.rawItems ?? []).filter((item) => item['resourceType'] === STREAM);
    expect(raws).toHaveLength(2);
    expect(raws[0]).toMatchObject({
      resourceType: STREAM,
      resourceId: 'kms-clicks',
      resourceName: 'kms-clicks',
      ARN: arn('kms-clicks'),
      awsAccountId: ACCOUNT,
      awsRegion: REGION,
      availabilityZone: 'Regional',
      resourceCreationTime: '2026-01-02T03:04:05.000Z',
      tags: { Team: 'core' },
    });
    expect(raws.map((raw) => raw['configuration'])).toEqual([
      { Name: 'kms-clicks', Arn: arn('kms-clicks'), RetentionPeriodHours: 24, ShardCount: 2, StreamEncryption: { EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' } },
      // An unencrypted stream says so, rather than leaving the encryption out.
      { Name: 'plain', Arn: arn('plain'), RetentionPeriodHours: 24, ShardCount: 2, StreamEncryption: { EncryptionType: 'NONE' } },
    ]);
    for (const item of raws) expect(checkItemAgainstSchema(item)).toEqual([]);
    expect(tagging).toHaveReceivedCommandWith(GetResourcesCommand, { ResourceTypeFilters: ['kinesis:stream'], ResourcesPerPage: 100 });
  });

  it('follows the NextToken of ListStreams across three pages of 100', async () => {
    kinesis
      .on(ListStreamsCommand)
      .resolvesOnce({ StreamNames: ['a'], StreamSummaries: [listed('a')], HasMoreStreams: true, NextToken: 't2' })
      .resolvesOnce({ StreamNames: ['b'], StreamSummaries: [listed('b')], HasMoreStreams: true, NextToken: 't3' })
      .resolvesOnce({ StreamNames: ['c'], StreamSummaries: [listed('c')], HasMoreStreams: false });
    kinesis.on(DescribeStreamSummaryCommand).callsFake((input: { StreamARN: string }) => ({ StreamDescriptionSummary: summary(input.StreamARN.slice(input.StreamARN.lastIndexOf('/') + 1)) }));
    const collection = await collect([kinesisCollector], [STREAM]);
    expect(collection.errors).toEqual([]);
    expect(streamItems(collection).map((item) => item.resourceId)).toEqual(['a', 'b', 'c']);
    expect(kinesis).toHaveReceivedCommandTimes(ListStreamsCommand, 3);
    expect(kinesis).toHaveReceivedNthCommandWith(1, ListStreamsCommand, { Limit: 100, NextToken: undefined });
    expect(kinesis).toHaveReceivedNthCommandWith(2, ListStreamsCommand, { Limit: 100, NextToken: 't2' });
    expect(kinesis).toHaveReceivedNthCommandWith(3, ListStreamsCommand, { Limit: 100, NextToken: 't3' });
    expect(callsOf(collection, 'kinesis', 'ListStreams')).toBe(3);
  });

  it('describes by name when ListStreams gives names only', async () => {
    kinesis.on(ListStreamsCommand).resolves({ StreamNames: ['old'], HasMoreStreams: false });
    kinesis.on(DescribeStreamSummaryCommand, { StreamName: 'old' }).resolves({ StreamDescriptionSummary: summary('old') });
    const collection = await collect([kinesisCollector], [STREAM]);
    expect(collection.errors).toEqual([]);
    expect(streamItems(collection).map((item) => [item.resourceId, item.ARN])).toEqual([['old', arn('old')]]);
  });

  it('retries throttling and counts the retry', async () => {
    streams('a');
    kinesis.on(ListStreamsCommand).rejectsOnce(new LimitExceededException({ message: 'Rate exceeded', $metadata: {} })).resolves({ StreamNames: ['a'], StreamSummaries: [listed('a')], HasMoreStreams: false });
    const collection = await collect([kinesisCollector], [STREAM]);
    expect(collection.errors).toEqual([]);
    expect(streamItems(collection).map((item) => item.resourceId)).toEqual(['a']);
    expect(collection.calls).toContainEqual({ service: 'kinesis', operation: 'ListStreams', calls: 2, retries: 1, errors: 0 });
  });

  it('records a denied ListStreams for streams only; other types are still collected', async () => {
    kinesis.on(ListStreamsCommand).rejects(denied('not authorized to perform kinesis:ListStreams'));
    mocks.ec2.on(DescribeVolumesCommand).resolves({ Volumes: [{ VolumeId: 'vol-1', AvailabilityZone: 'eu-west-1a', Encrypted: true }] });
    const collection = await collect([kinesisCollector, ec2VolumesCollector], [STREAM, 'AWS::EC2::Volume']);
    expect(collection.errors).toEqual([
      {
        accountId: ACCOUNT,
        region: REGION,
        resourceTypes: [STREAM],
        service: 'kinesis',
        operation: 'ListStreams',
        code: 'AccessDeniedException',
        message: 'not authorized to perform kinesis:ListStreams',
      },
    ]);
    expect(collection.items.map((item) => item.resourceId)).toContain('vol-1');
    expect(kinesis).toHaveReceivedCommandTimes(DescribeStreamSummaryCommand, 0);
  });

  it('makes the stream rule UNKNOWN, never PASS, when ListStreams is denied', async () => {
    kinesis.on(ListStreamsCommand).rejects(denied('denied'));
    const result = await scanStreams();
    expect(result.evaluations.map((evaluation) => [evaluation.resource.id, evaluation.status, evaluation.messageId])).toEqual([['*', 'UNKNOWN', 'listFailed']]);
    expect(result.completeness).toEqual([expect.objectContaining({ ruleId: 'test-kinesis-stream-encrypted', region: REGION, complete: false })]);
  });

  it('makes only the stream whose DescribeStreamSummary was denied UNKNOWN; its siblings are judged', async () => {
    streams('kms-a', 'kms-b', 'c');
    kinesis.on(DescribeStreamSummaryCommand, { StreamARN: arn('kms-b') }).rejects(denied('denied on kms-b'));
    const collection = await collect([kinesisCollector], [STREAM]);
    expect(collection.errors).toEqual([
      {
        accountId: ACCOUNT,
        region: REGION,
        resourceTypes: [STREAM],
        service: 'kinesis',
        operation: 'DescribeStreamSummary',
        code: 'AccessDeniedException',
        message: 'denied on kms-b',
        resourceIds: ['kms-b'],
      },
    ]);
    expect(collection.rawItems?.find((item) => item['resourceId'] === 'kms-b')).toMatchObject({
      ARN: arn('kms-b'),
      resourceCreationTime: '2026-01-02T03:04:05.000Z',
      configuration: { Name: 'kms-b', Arn: arn('kms-b') },
    });
    for (const raw of collection.rawItems ?? []) expect(checkItemAgainstSchema(raw)).toEqual([]);

    const result = await scanStreams();
    expect(result.evaluations.map((evaluation) => [evaluation.resource.id, evaluation.status, evaluation.messageId]).sort()).toEqual([
      ['c', 'FAIL', 'unencrypted'],
      ['kms-a', 'PASS', 'encrypted'],
      ['kms-b', 'UNKNOWN', 'collectionFailed'],
    ]);
  });

  it('records a stream deleted between ListStreams and DescribeStreamSummary as a ResourceNotFoundException error for it, and reads the others', async () => {
    streams('a', 'gone', 'b');
    kinesis.on(DescribeStreamSummaryCommand, { StreamARN: arn('gone') }).rejects(new ResourceNotFoundException({ message: 'Stream gone not found', $metadata: {} }));
    const collection = await collect([kinesisCollector], [STREAM]);
    expect(collection.errors).toEqual([
      {
        accountId: ACCOUNT,
        region: REGION,
        resourceTypes: [STREAM],
        service: 'kinesis',
        operation: 'DescribeStreamSummary',
        code: 'ResourceNotFoundException',
        message: 'stream gone was listed by ListStreams, then kinesis:DescribeStreamSummary answered ResourceNotFoundException: deleted in between, or not readable; judged on the next scan',
        resourceIds: ['gone'],
      },
    ]);
    // Emitted with what the listing gave, like any stream whose read failed: its rules are UNKNOWN for it.
    expect(streamItems(collection).map((item) => item.resourceId)).toEqual(['a', 'gone', 'b']);
    expect(collection.rawItems?.find((item) => item['resourceId'] === 'gone')?.['configuration']).toEqual({ Name: 'gone', Arn: arn('gone') });
    expect(kinesis).toHaveReceivedCommandTimes(DescribeStreamSummaryCommand, 3);
    expect(callsOf(collection, 'kinesis', 'DescribeStreamSummary')).toBe(3);
  });

  it('still emits the streams when the Tagging API is denied, with a tags-only error', async () => {
    streams('a');
    tagging.on(GetResourcesCommand).rejects(new ResourceGroupsTaggingAPIServiceException({ name: 'AccessDeniedException', $fault: 'client', $metadata: {}, message: 'no tag:GetResources' }));
    const collection = await collect([kinesisCollector], [STREAM]);
    expect(streamItems(collection).map((item) => [item.resourceId, item.tags])).toEqual([['a', {}]]);
    expect(collection.errors).toEqual([
      { accountId: ACCOUNT, region: REGION, resourceTypes: [STREAM], service: 'tagging', operation: 'GetResources', code: 'AccessDeniedException', message: 'no tag:GetResources', aspect: 'tags' },
    ]);
  });

  it('makes one list call per page, one DescribeStreamSummary per stream, one tag walk, and nothing else', async () => {
    const names = Array.from({ length: 5 }, (_, index) => `s-${index}`);
    streams(...names);
    const collection = await collect([kinesisCollector], [STREAM]);
    expect(collection.errors).toEqual([]);
    expect(kinesis.calls().map((call) => call.args[0].constructor.name)).toEqual(['ListStreamsCommand', ...names.map(() => 'DescribeStreamSummaryCommand')]);
    expect(tagging.calls().map((call) => call.args[0].constructor.name)).toEqual(['GetResourcesCommand']);
  });

  it('makes no further call when no stream exists, and none when streams are not requested', async () => {
    kinesis.on(ListStreamsCommand).resolves({ StreamNames: [], StreamSummaries: [], HasMoreStreams: false });
    await collect([kinesisCollector], [STREAM]);
    expect(kinesis.calls().map((call) => call.args[0].constructor.name)).toEqual(['ListStreamsCommand']);
    expect(tagging).toHaveReceivedCommandTimes(GetResourcesCommand, 0);
    kinesis.resetHistory();
    await collect([kinesisCollector], ['AWS::EC2::Volume']);
    expect(kinesis.calls()).toHaveLength(0);
  });
});
