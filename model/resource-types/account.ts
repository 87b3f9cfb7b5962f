/**
 * The synthetic account × Region item (`AWS::::Account`): facts of the account in one Region that
 * no resource carries — EBS encryption by default, the Config recorders, Security Hub CSPM, and
 * every trail covering the Region (the CloudTrail collector adds that fact when trails are collected).
 */
import { z } from 'zod';
import { describeService } from './describe.js';
import { advancedEventSelectorList, bool, eventSelectorList, loose, str } from './fields.js';

export const account = describeService({
  types: {
    'AWS::::Account': {
      schema: loose({
        /** EBS encryption by default in this Region (ec2:GetEbsEncryptionByDefault). */
        ebsEncryptionByDefault: bool,
        /** AWS Config's configuration recorders in this Region and whether each is recording. */
        configurationRecorders: z.array(loose({ name: str, recording: bool, lastStatus: str })).nullish(),
        /**
         * Every trail CloudTrail's DescribeTrails (with shadow trails) shows in this Region that is
         * multi-Region or homed here — the account's own, its multi-Region trails of other Regions, an
         * organization's trail — with GetTrailStatus and GetEventSelectors; a field whose call failed
         * is absent.
         */
        cloudTrails: z
          .array(
            loose({
              trailARN: str,
              homeRegion: str,
              isMultiRegionTrail: bool,
              isOrganizationTrail: bool,
              isLogging: bool,
              eventSelectors: eventSelectorList,
              advancedEventSelectors: advancedEventSelectorList,
            }),
          )
          .nullish(),
        /**
         * Security Hub CSPM in this Region (securityhub:DescribeHub): `enabled` false when the account
         * is not subscribed. `standards`: the enabled standards (GetEnabledStandards, every page),
         * absent when that call failed (recorded against the aspect `securityHubStandards`).
         */
        securityHub: loose({
          enabled: z.boolean(),
          hubArn: str,
          subscribedAt: str,
          standards: z.array(loose({ standardsArn: str, status: str })).nullish(),
        }).nullish(),
      }),
      taggable: false,
      asff: 'AwsAccount',
      reads: [
        'config:DescribeConfigurationRecorderStatus',
        'config:DescribeConfigurationRecorders',
        'ec2:GetEbsEncryptionByDefault',
        'securityhub:DescribeHub',
        'securityhub:GetEnabledStandards',
      ],
    },
  },
});
