/**
 * Kinesis streams in the mocked account.
 */

import {
  DescribeStreamSummaryCommand,
  KinesisClient,
  ListStreamsCommand,
  type DescribeStreamSummaryCommandInput,
  type DescribeStreamSummaryCommandOutput,
  type ListStreamsCommandInput,
  type ListStreamsCommandOutput,
  type StreamDescriptionSummary,
} from '@aws-sdk/client-kinesis';
import { mockClient } from 'aws-sdk-client-mock';
import { type At, awsError, type Build, CREATED, lookup, type Out, paginate, type Restorable, tagsOf } from './kit.js';

export interface KinesisData {
  readonly streams: StreamDescriptionSummary[];
}

export function kinesisData(build: Build): KinesisData {
  const { n, arn, register } = build;
  const streams: StreamDescriptionSummary[] = Array.from({ length: n }, (_, index) => {
    const name = `clicks-${index}`;
    return {
      StreamName: name,
      StreamARN: arn('kinesis', `stream/${name}`),
      StreamStatus: 'ACTIVE',
      StreamModeDetails: { StreamMode: 'ON_DEMAND' },
      RetentionPeriodHours: 24,
      StreamCreationTimestamp: CREATED,
      EnhancedMonitoring: [{ ShardLevelMetrics: [] }],
      ...(index % 10 !== 0 ? { EncryptionType: 'KMS' as const, KeyId: 'alias/aws/kinesis' } : { EncryptionType: 'NONE' as const }),
      OpenShardCount: 4,
      ConsumerCount: 0,
    };
  });
  streams.forEach((stream, index) => register(stream.StreamARN ?? '', 'kinesis', 'stream', tagsOf('clicks', index)));
  return { streams };
}

export function mockKinesis(at: At<KinesisData>): Restorable[] {
  const kinesis = mockClient(KinesisClient);
  kinesis.on(ListStreamsCommand).callsFake(async (input: ListStreamsCommandInput, getClient): Promise<Out<ListStreamsCommandOutput>> => {
    // At most 100 per call whatever Limit asks.
    const page = paginate('ListStreams', (await at(getClient)).streams, input.NextToken, input.Limit, 100);
    return {
      StreamNames: page.items.map((stream) => stream.StreamName ?? ''),
      StreamSummaries: page.items.map((stream) => ({
        StreamName: stream.StreamName ?? '',
        StreamARN: stream.StreamARN ?? '',
        StreamStatus: stream.StreamStatus ?? 'ACTIVE',
        StreamModeDetails: stream.StreamModeDetails,
        StreamCreationTimestamp: stream.StreamCreationTimestamp,
      })),
      HasMoreStreams: page.next !== undefined,
      NextToken: page.next,
    };
  });
  kinesis.on(DescribeStreamSummaryCommand).callsFake(async (input: DescribeStreamSummaryCommandInput, getClient): Promise<Out<DescribeStreamSummaryCommandOutput>> => {
    const stream = lookup((await at(getClient)).streams, (candidate) => [candidate.StreamARN, candidate.StreamName], input.StreamARN ?? input.StreamName);
    if (stream === undefined) throw awsError('ResourceNotFoundException', `no stream ${String(input.StreamARN ?? input.StreamName)}`);
    return { StreamDescriptionSummary: stream };
  });
  return [kinesis];
}
