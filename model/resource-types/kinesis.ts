/** Kinesis data streams. */
import { slashNamed } from './arn.js';
import { calls, type CallDetail, type Reading } from './calls.js';
import { describeService } from './describe.js';
import { loose, str } from './fields.js';

const STREAM_ARN = slashNamed('kinesis', 'stream');

/** AddTagsToStream and RemoveTagsFromStream name the stream by ARN or by name. */
const streamTagged = (call: CallDetail): Reading => {
  const arn = call.optionalText(['requestParameters', 'streamARN']);
  if (arn !== undefined) return call.arns([arn]);
  const name = call.text(['requestParameters', 'streamName']);
  return [{ resourceType: 'AWS::Kinesis::Stream', resourceId: name, arn: STREAM_ARN.build(call, name) }];
};

export const kinesis = describeService({
  types: {
    'AWS::Kinesis::Stream': {
      schema: loose({ Name: str, Arn: str, StreamEncryption: loose({ EncryptionType: str, KeyId: str }).nullish() }),
      taggable: true,
      asff: 'AwsKinesisStream',
      tagging: 'kinesis:stream',
      arn: STREAM_ARN,
      reads: ['kinesis:DescribeStreamSummary', 'kinesis:ListStreams'],
      changedBy: [calls('kinesis', ['AddTagsToStream', 'RemoveTagsFromStream'], streamTagged)],
    },
  },
});
