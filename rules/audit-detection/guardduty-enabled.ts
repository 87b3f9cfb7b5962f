import { scopeOf } from '../../inventory/inventory.js';
import { defineRule } from '../lib/define-rule.js';
import { usageBased } from '../lib/fix-costs.js';

export default defineRule({
  meta: {
    id: 'guardduty-enabled',
    gate: 'audit-detection',
    title: 'GuardDuty is enabled in every account and Region',
    severity: 'HIGH',
    priority: 'P1',
    resourceTypes: ['AWS::::Account'],
    needs: ['AWS::GuardDuty::Detector'],
    controls: ['GuardDuty.1'],
    remediation: {
      text: 'Enable GuardDuty in this Region (create a detector, or re-enable a suspended one); in an organization, let the GuardDuty delegated administrator enable it for every member account.',
      url: 'https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_settingup.html',
    },
    messages: {
      enabled: 'GuardDuty detector {{detector}} is enabled in account {{account}}, Region {{region}}.',
      noDetector: 'GuardDuty has no detector in account {{account}}, Region {{region}}: threat detection is off.',
      disabled: 'GuardDuty is suspended in account {{account}}, Region {{region}}: detector {{detectors}} is disabled.',
      unrecorded: 'No GuardDuty detector is known to be enabled in account {{account}}, Region {{region}}: detector {{detectors}} has no recorded Enable setting.',
    },
    fixCost() {
      return usageBased('GuardDuty is priced by the events, logs and data it analyses (30-day free trial per account and Region)');
    },
  },
  check(item, context) {
    const scope = scopeOf(item);
    const where = { account: scope.accountId, region: scope.region };
    const detectors = context.inventory.inScope('AWS::GuardDuty::Detector', scope);
    const enabled = detectors.find((detector) => detector.configuration.Enable === true);
    if (enabled !== undefined) return context.pass('enabled', { ...where, detector: enabled.resourceId });
    if (detectors.length === 0) return context.fail('noDetector', where);
    const unrecorded = detectors.filter((detector) => detector.configuration.Enable !== false);
    const ids = (list: typeof detectors) => list.map((detector) => detector.resourceId).join(', ');
    if (unrecorded.length > 0) return context.unknown('unrecorded', { ...where, detectors: ids(unrecorded) });
    return context.fail('disabled', { ...where, detectors: ids(detectors) });
  },
});
