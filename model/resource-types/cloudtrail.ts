/** CloudTrail trails, with gatewatch's supplementary facts of each: whether it logs, and what it records. */
import { slashNamed } from './arn.js';
import { arnAt, calls } from './calls.js';
import { describeService } from './describe.js';
import { advancedEventSelectorList, bool, eventSelectorList, loose, str } from './fields.js';

export const cloudtrail = describeService({
  types: {
    'AWS::CloudTrail::Trail': {
      schema: loose({
        name: str,
        trailARN: str,
        homeRegion: str,
        isMultiRegionTrail: bool,
        logFileValidationEnabled: bool,
        kmsKeyId: str,
      }),
      /** A gatewatch extension: the trail's logging status (GetTrailStatus) and event selectors (GetEventSelectors). */
      supplementary: loose({
        TrailStatus: loose({ IsLogging: bool }).nullish(),
        EventSelectors: eventSelectorList,
        AdvancedEventSelectors: advancedEventSelectorList,
      }),
      taggable: true,
      asff: 'AwsCloudTrailTrail',
      arn: slashNamed('cloudtrail', 'trail'),
      reads: ['cloudtrail:DescribeTrails', 'cloudtrail:GetEventSelectors', 'cloudtrail:GetTrailStatus', 'cloudtrail:ListTags'],
      // Other trail changes move the audit verdict of every Region: inventory/events/rescan-calls.ts.
      changedBy: [calls('cloudtrail', ['AddTags', 'RemoveTags'], arnAt(['requestParameters', 'resourceId']))],
    },
  },
});
