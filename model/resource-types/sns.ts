/** SNS topics: the collector's id is the topic ARN. */
import { arnIdentified } from './arn.js';
import { calls, type CallDetail, type Path, type Reading } from './calls.js';
import { describeService } from './describe.js';
import { loose, str } from './fields.js';

const topicAt =
  (path: Path) =>
  (call: CallDetail): Reading => {
    const arn = call.text(path);
    return [{ resourceType: 'AWS::SNS::Topic', resourceId: arn, arn }];
  };

export const sns = describeService({
  types: {
    'AWS::SNS::Topic': {
      schema: loose({ TopicArn: str, KmsMasterKeyId: str }),
      taggable: true,
      asff: 'AwsSnsTopic',
      // A topic ARN has no resource-type part: the filter is the service alone.
      tagging: 'sns',
      // A topic's ARN ends with its name; a subscription's has one more `:id`.
      arn: arnIdentified('sns', /^[\w-]+(?:\.fifo)?$/),
      reads: ['sns:GetTopicAttributes', 'sns:ListTopics'],
      changedBy: [calls('sns', ['CreateTopic'], topicAt(['responseElements', 'topicArn'])), calls('sns', ['SetTopicAttributes'], topicAt(['requestParameters', 'topicArn']))],
    },
  },
});
