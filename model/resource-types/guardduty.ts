/** GuardDuty detectors (a detector's changes re-scan the audit gate: inventory/events/rescan-calls.ts). */
import { slashNamed } from './arn.js';
import { describeService } from './describe.js';
import { bool, loose, str } from './fields.js';

export const guardduty = describeService({
  types: {
    'AWS::GuardDuty::Detector': {
      schema: loose({ Id: str, Enable: bool }),
      taggable: true,
      asff: 'AwsGuardDutyDetector',
      arn: slashNamed('guardduty', 'detector'),
      reads: ['guardduty:GetDetector', 'guardduty:ListDetectors'],
    },
  },
});
