/**
 * Auto Scaling groups. The collector's id is the group's ARN, with a UUID no tagging event carries:
 * tag calls re-scan the gates that judge groups (inventory/events/rescan-calls.ts).
 */
import { arnIdentified } from './arn.js';
import { describeService } from './describe.js';
import { loose, str, zoneList } from './fields.js';

export const autoscaling = describeService({
  types: {
    'AWS::AutoScaling::AutoScalingGroup': {
      schema: loose({
        autoScalingGroupName: str,
        availabilityZones: zoneList,
        /** Comma-separated subnet ids. */
        vpczoneIdentifier: str,
      }),
      taggable: true,
      asff: 'AwsAutoScalingAutoScalingGroup',
      arn: arnIdentified('autoscaling', /^autoScalingGroup:/),
      reads: ['autoscaling:DescribeAutoScalingGroups'],
    },
  },
});
