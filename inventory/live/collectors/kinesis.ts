/**
 * Kinesis data streams as AWS Config records them (AWS::Kinesis::Stream, PascalCase as
 * CloudFormation names the properties).
 *
 * ListStreams (at most 100 per page, whatever Limit asks) is the inventory, with each stream's ARN
 * and creation time. No list call reports encryption, so DescribeStreamSummary runs once per
 * stream, each in its own `attempt` scoped to that stream. Tags come from the Resource Groups
 * Tagging API (ListStreams carries none).
 *
 * A change event reads only the streams it names (describeNamed): one that answers
 * ResourceNotFoundException is gone, and absent.
 *
 * A listed stream never vanishes from the report: one whose DescribeStreamSummary answers
 * ResourceNotFoundException (deleted between ListStreams and that call) is recorded as that call's
 * error for it, like any failed read, and emitted with what the listing gave, so its rules are
 * UNKNOWN for it.
 */
import { DescribeStreamSummaryCommand, KinesisClient, ListStreamsCommand, ResourceNotFoundException, type StreamDescriptionSummary } from '@aws-sdk/client-kinesis';
import type { ResourceType } from '../../../model/configuration-item.js';
import { arnOf, taggingFilter } from '../../../model/resource-types/index.js';
import { namedResources, type CollectContext, type Collector, type RawItem, type TagsByArn } from '../collector.js';
import { describeEach, describeNamed, goneOn, listedThenFailed } from './describe-each.js';

const STREAM = 'AWS::Kinesis::Stream' as const satisfies ResourceType;

/** A stream as ListStreams names it. */
interface ListedStream {
  readonly name: string;
  readonly arn: string | undefined;
  readonly created: Date | undefined;
}

/** DescribeStreamSummary's answer for a stream that does not exist. */
const NOT_FOUND = 'ResourceNotFoundException';

/**
 * The fields AWS Config records. `StreamEncryption` carries the encryption type as
 * DescribeStreamSummary reports it, `NONE` included, so that an unencrypted stream is told apart
 * from one whose encryption was never read.
 */
export function streamConfiguration(name: string, arn: string, summary: StreamDescriptionSummary | undefined): Record<string, unknown> {
  const configuration: Record<string, unknown> = { Name: name, Arn: arn };
  if (summary === undefined) return configuration;
  if (summary.RetentionPeriodHours !== undefined) configuration['RetentionPeriodHours'] = summary.RetentionPeriodHours;
  if (summary.OpenShardCount !== undefined) configuration['ShardCount'] = summary.OpenShardCount;
  if (summary.EncryptionType !== undefined) {
    configuration['StreamEncryption'] = { EncryptionType: summary.EncryptionType, ...(summary.KeyId === undefined ? {} : { KeyId: summary.KeyId }) };
  }
  return configuration;
}

/** The item of a stream; `summary` absent when DescribeStreamSummary failed (the recorded error makes it UNKNOWN). */
export function streamItem(context: CollectContext, stream: ListedStream, summary: StreamDescriptionSummary | undefined, tags: TagsByArn): RawItem {
  const arn = summary?.StreamARN ?? stream.arn ?? arnOf(STREAM, context, stream.name);
  return {
    resourceType: STREAM,
    resourceId: stream.name,
    resourceName: stream.name,
    ARN: arn,
    availabilityZone: 'Regional',
    resourceCreationTime: (summary?.StreamCreationTimestamp ?? stream.created)?.toISOString(),
    tags: tags.get(arn) ?? {},
    configuration: streamConfiguration(stream.name, arn, summary),
  };
}

async function listStreams(context: CollectContext, kinesis: KinesisClient): Promise<ListedStream[]> {
  const streams: ListedStream[] = [];
  await context.attempt([STREAM], async () => {
    const pages = context.pages(
      'ListStreams',
      (NextToken) => kinesis.send(new ListStreamsCommand({ Limit: 100, NextToken })),
      (page) => page.NextToken,
    );
    for await (const page of pages) {
      if (page.StreamSummaries !== undefined) {
        for (const summary of page.StreamSummaries) {
          if (summary.StreamName !== undefined) streams.push({ name: summary.StreamName, arn: summary.StreamARN, created: summary.StreamCreationTimestamp });
        }
      } else {
        for (const name of page.StreamNames ?? []) streams.push({ name, arn: undefined, created: undefined });
      }
    }
  });
  return streams;
}

/**
 * The stream's summary; a failure — ResourceNotFoundException included — throws, recorded for this
 * stream by its `attempt`. `listed`: the stream came from ListStreams, so not-found means deleted since.
 */
async function readStream(context: CollectContext, kinesis: KinesisClient, stream: ListedStream, listed = true): Promise<StreamDescriptionSummary> {
  const input = stream.arn === undefined ? { StreamName: stream.name } : { StreamARN: stream.arn };
  const output = await context
    .call('DescribeStreamSummary', () => kinesis.send(new DescribeStreamSummaryCommand(input)))
    .catch((error: unknown) => {
      if (!listed) throw error;
      throw listedThenFailed(error, { resource: `stream ${stream.name}`, listing: 'ListStreams', notFound: NOT_FOUND, isNotFound: (cause) => cause instanceof ResourceNotFoundException });
    });
  // An answer without the summary is no description: record it, never judge the stream on nothing.
  if (output.StreamDescriptionSummary === undefined) throw new Error(`DescribeStreamSummary returned no summary for ${stream.name}`);
  return output.StreamDescriptionSummary;
}

export const kinesisCollector: Collector = {
  service: 'kinesis',
  produces: [STREAM],
  async collect(context, types) {
    if (!types.has(STREAM)) return;
    const kinesis = context.client(KinesisClient);
    const named = namedResources(context, STREAM);
    if (named !== undefined) {
      // A change event names streams by name (their id), with their ARN: DescribeStreamSummary on each, no listing.
      const streams = new Map(named.map((resource) => [resource.resourceId, { name: resource.resourceId, arn: resource.arn, created: undefined }] as const));
      await describeNamed(context, {
        type: STREAM,
        named: [...streams.values()],
        resourceId: (stream) => stream.name,
        read: (stream) => readStream(context, kinesis, stream, false).catch((error: unknown) => goneOn(error, [NOT_FOUND], (cause) => cause instanceof ResourceNotFoundException)),
        arn: (stream, summary) => summary?.StreamARN ?? stream.arn ?? arnOf(STREAM, context, stream.name),
        item: (stream, summary, tags) => streamItem(context, stream, summary, tags),
      });
      return;
    }
    const streams = await listStreams(context, kinesis);
    await describeEach(context, {
      type: STREAM,
      tagFilters: [taggingFilter(STREAM)],
      listed: streams,
      resourceId: (stream) => stream.name,
      read: (stream) => readStream(context, kinesis, stream),
      item: (stream, detail, tags) => streamItem(context, stream, detail, tags),
    });
  },
};
